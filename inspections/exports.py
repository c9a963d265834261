"""XLSX sheets of inspections and remediation: the inspection plan with its
coverage, the remediation status per agency, and the overdue task list.

The views load the data through the user-scoped selectors; these functions
only lay it out (no queries here).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import short_date
from core.spreadsheets import Column, Sheet, bold_row, report_heading

from .models import (
    Inspection,
    InspectionPlan,
    RemediationTask,
    TaskSource,
    TaskStatus,
)
from .selectors.coverage import Coverage, GroupCoverage
from .selectors.remediation_status import RemediationStatus, StatusCounts

# --- The inspection plan -------------------------------------------------------------


def plan_heading_lines(plan: InspectionPlan) -> list[str]:
    document = plan.document_number or "–"
    if plan.document_date:
        document += " " + _("dated %(day)s") % {"day": short_date(plan.document_date)}
    lines = [_("Document: %(document)s") % {"document": document}]
    if plan.is_approved:
        lines.append(_("Approved on %(day)s") % {"day": short_date(plan.approved_on)})
    else:
        lines.append(_("Draft plan, not approved yet"))
    if plan.is_illustrative:
        lines.append(
            _(
                "Illustrative demo data: the document number and date of this plan "
                "are examples."
            )
        )
    return lines


def _inspection_columns() -> list[Column]:
    return [
        Column(_("Agency"), 40, wrap=True),
        Column(_("Group"), 26, wrap=True),
        Column(_("Kind"), 20, wrap=True),
        Column(_("Combined with"), 22, wrap=True),
        Column(_("Planned month"), 9, "int"),
        Column(_("Planned date"), 12, "date"),
        Column(_("First day"), 12, "date"),
        Column(_("Last day"), 12, "date"),
        Column(_("Team lead"), 24, wrap=True),
        Column(_("Topics"), 40, wrap=True),
        Column(_("Status"), 14),
        Column(_("Notice number"), 16),
        Column(_("Notice date"), 12, "date"),
    ]


def _inspection_values(item: Inspection) -> list[object]:
    return [
        item.agency.name,
        item.agency.get_group_display(),
        item.get_kind_display(),
        item.combined_with,
        item.planned_month,
        item.planned_date,
        item.start_date,
        item.end_date,
        item.team_lead,
        item.topics,
        item.get_status_display(),
        item.conclusion_number,
        item.conclusion_date,
    ]


def _met(met: bool, shortfall: int) -> str:
    if met:
        return _("target met")
    return ngettext(
        "%(n)s more agency needed", "%(n)s more agencies needed", shortfall
    ) % {"n": shortfall}


def _coverage_values(g: GroupCoverage, label: str) -> list[object]:
    return [
        label,
        g.agencies,
        g.target_percent,
        g.required,
        g.planned,
        g.planned_percent,
        _met(g.planned_met, g.planned_shortfall),
        g.achieved,
        g.achieved_percent,
        _met(g.achieved_met, g.achieved_shortfall),
    ]


def plan_sheets(
    plan: InspectionPlan,
    *,
    items: Iterable[Inspection],
    coverage: Coverage,
    ad_hoc: Iterable[Inspection],
) -> list[Sheet]:
    """Three sheets: the plan's inspections, the coverage per group and
    overall, and the inspections of the year outside the plan (they count
    toward coverage too)."""
    lines = plan_heading_lines(plan)
    plan_sheet = Sheet(
        title=_("Plan %(year)s") % {"year": plan.year},
        heading=report_heading(str(plan), year=plan.year, lines=lines),
        columns=[*_inspection_columns(), Column(_("Findings"), 10, "int")],
        rows=[[*_inspection_values(item), item.finding_count] for item in items],
    )
    coverage_rows: list[Sequence[object]] = [
        _coverage_values(g, g.label) for g in coverage.groups
    ]
    if len(coverage.groups) > 1:
        coverage_rows.append(
            bold_row(_coverage_values(coverage.overall, _("All groups")))
        )
    coverage_sheet = Sheet(
        title=_("Coverage"),
        heading=report_heading(
            _("Inspection coverage %(year)s") % {"year": plan.year},
            year=plan.year,
            lines=[
                str(plan),
                _("Agencies in scope counted on %(day)s")
                % {"day": short_date(coverage.reference_date)},
            ],
        ),
        columns=[
            Column(_("Group"), 34, wrap=True),
            Column(_("Agencies in scope"), 11, "int"),
            Column(_("Target (%)"), 10, "percent"),
            Column(_("Agencies required"), 11, "int"),
            Column(_("Planned"), 10, "int"),
            Column(_("Planned (%)"), 11, "percent"),
            Column(_("Planned coverage"), 22, wrap=True),
            Column(_("Achieved"), 10, "int"),
            Column(_("Achieved (%)"), 11, "percent"),
            Column(_("Achieved coverage"), 22, wrap=True),
        ],
        rows=coverage_rows,
        notes=[
            _(
                "Agencies in scope of a group: those of the group that exist on "
                "%(day)s (the plan's approval date; today for a draft plan, within "
                "%(year)s), plus any agency of the group inspected in %(year)s on a "
                "day it existed."
            )
            % {"day": short_date(coverage.reference_date), "year": plan.year},
            _(
                "An inspection counts on its first day, else its planned date, else "
                "the 15th of its planned month."
            ),
            _(
                "An agency counts as inspected when it has at least one inspection "
                "in the year that is not cancelled, of any kind: combined "
                "inspections and inspections outside the plan count too."
            ),
            _(
                "Planned coverage counts planned, conducted and concluded "
                "inspections; achieved coverage counts conducted and concluded ones "
                "only. Shares are rounded to two decimals; the target is met when "
                "the share reaches it."
            ),
            _(
                "Agencies required: the fewest agencies whose share reaches the "
                "target (rounded up). The target of all groups is the groups' "
                "targets weighted by their number of agencies."
            ),
        ],
    )
    ad_hoc_sheet = Sheet(
        title=_("Outside the plan"),
        heading=report_heading(
            _("Inspections outside the plan %(year)s") % {"year": plan.year},
            year=plan.year,
        ),
        columns=_inspection_columns(),
        rows=[_inspection_values(item) for item in ad_hoc],
    )
    return [plan_sheet, coverage_sheet, ad_hoc_sheet]


# --- Remediation status per agency -------------------------------------------------------


def remediation_scope_line(status: RemediationStatus) -> str:
    return _("Tasks assigned in %(year)s (by start date), figures as of %(day)s") % {
        "year": status.year,
        "day": short_date(status.as_of),
    }


def remediation_definitions() -> list[str]:
    """The definitions of the figures, in words (page, XLSX and PDF)."""
    return [
        _(
            "Tasks of the year: tasks whose start date (the day they were "
            "assigned) falls in the year, whatever their deadline; status as of "
            "the day of the report."
        ),
        _(
            "Overdue: open or in progress, with the deadline before the day of "
            "the report."
        ),
        _(
            "Due so far: tasks not cancelled whose deadline has passed, or that "
            "have already been reported on (submitted or verified)."
        ),
        _(
            "On time: submitted or verified, the standing report sent on or "
            "before the deadline (a deadline extended by the issuer counts; a "
            "report returned to the agency does not)."
        ),
        _(
            "On-time rate = on time ÷ due so far × 100, two decimals rounded "
            "half-up; “–” when no task is due yet."
        ),
    ]


def _status_values(counts: StatusCounts) -> list[object]:
    rate = counts.on_time_rate
    return [
        counts.total,
        counts.open,
        counts.in_progress,
        counts.submitted,
        counts.verified,
        counts.cancelled,
        counts.overdue,
        counts.due,
        counts.on_time,
        "–" if rate is None else rate,
    ]


def status_columns() -> list[Column]:
    return [
        Column(_("Tasks assigned"), 10, "int"),
        Column(str(TaskStatus.OPEN.label), 10, "int"),
        Column(str(TaskStatus.IN_PROGRESS.label), 10, "int"),
        Column(str(TaskStatus.SUBMITTED.label), 12, "int"),
        Column(str(TaskStatus.VERIFIED.label), 12, "int"),
        Column(str(TaskStatus.CANCELLED.label), 9, "int"),
        Column(_("Overdue"), 9, "int"),
        Column(_("Due so far"), 10, "int"),
        Column(_("On time"), 9, "int"),
        Column(_("On-time rate (%)"), 11, "percent"),
    ]


def remediation_status_sheet(
    status: RemediationStatus, *, filters: Sequence[tuple[str, str]]
) -> Sheet:
    rows: list[Sequence[object]] = [
        [number, row.agency_name, *_status_values(row.counts)]
        for number, row in enumerate(status.rows, start=1)
    ]
    if status.all_agencies and status.rows:
        rows.append(bold_row(["", _("Total"), *_status_values(status.total)]))
    return Sheet(
        title=_("Remediation %(year)s") % {"year": status.year},
        heading=report_heading(
            _("Remediation status per agency %(year)s") % {"year": status.year},
            year=status.year,
            filters=filters,
            lines=[remediation_scope_line(status)],
        ),
        columns=[
            Column(_("No."), 6, "int"),
            Column(_("Agency"), 40, wrap=True),
            *status_columns(),
        ],
        rows=rows,
        notes=remediation_definitions(),
    )


# --- Overdue tasks -----------------------------------------------------------------------


def task_source_reference(task: RemediationTask) -> str:
    """The document a task comes from, in words (relations preloaded)."""
    if task.source == TaskSource.DIRECTIVE and task.directive_id:
        return f"{task.directive.number} ({short_date(task.directive.issued_on)})"
    if task.source == TaskSource.FINDING and task.finding_id:
        inspection = task.finding.inspection
        if inspection.conclusion_number:
            reference = inspection.conclusion_number
            if inspection.conclusion_date:
                reference += f" ({short_date(inspection.conclusion_date)})"
            return reference
        return _("Inspection %(year)s") % {"year": inspection.year}
    if task.source == TaskSource.LOW_SCORE and task.node_score_id:
        return _("PAR index %(year)s, %(code)s") % {
            "year": task.node_score.assessment.year,
            "code": task.node_score.node.code,
        }
    return ""


def overdue_sheet(
    tasks: Iterable[RemediationTask],
    *,
    today: datetime.date,
    filters: Sequence[tuple[str, str]],
) -> Sheet:
    rows = []
    for number, task in enumerate(tasks, start=1):
        rows.append(
            [
                number,
                task.agency.name,
                task.title,
                task.get_source_display(),
                task_source_reference(task),
                task.start_date,
                task.deadline,
                (today - task.deadline).days,
                task.get_status_display(),
                task.progress_percent,
                task.last_progress_at,
                task.last_progress_note or "",
            ]
        )
    return Sheet(
        title=_("Overdue tasks"),
        heading=report_heading(
            _("Overdue remediation tasks as of %(day)s") % {"day": short_date(today)},
            filters=filters,
        ),
        columns=[
            Column(_("No."), 6, "int"),
            Column(_("Agency"), 32, wrap=True),
            Column(_("Task"), 50, wrap=True),
            Column(_("Source"), 18, wrap=True),
            Column(_("Source document"), 22, wrap=True),
            Column(_("Start date"), 12, "date"),
            Column(_("Deadline"), 12, "date"),
            Column(_("Days overdue"), 10, "int"),
            Column(_("Status"), 14, wrap=True),
            Column(_("Progress (%)"), 10, "int"),
            Column(_("Last progress report"), 17, "datetime"),
            Column(_("Last progress note"), 40, wrap=True),
        ],
        rows=rows,
        notes=[
            _(
                "Overdue: open or in progress with the deadline before %(day)s. "
                "Days overdue are calendar days since the deadline."
            )
            % {"day": short_date(today)}
        ],
    )
