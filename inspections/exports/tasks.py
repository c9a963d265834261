"""XLSX sheets of remediation: the task board, the remediation status per
agency, and the overdue task list.

The views load the data through the user-scoped selectors; these functions
only lay it out (no queries here).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from core.formatting import short_date
from core.spreadsheets import Column, Sheet, bold_row, report_heading

from ..models import RemediationTask, TaskSource, TaskStatus
from ..selectors.remediation_status import RemediationStatus, StatusCounts

# --- The task board ----------------------------------------------------------------------


def task_board_sheet(
    tasks: Iterable[RemediationTask],
    *,
    today: datetime.date,
    filters: Sequence[tuple[str, str]],
) -> Sheet:
    """The board's rows (flags annotated, agency and directive preloaded)."""
    yes = _("yes")
    rows = (
        [
            task.title,
            task.agency.name,
            task.get_source_display(),
            task.directive.number if task.directive_id else "",
            task.start_date,
            task.deadline,
            task.get_status_display(),
            yes if task.is_overdue else "",
            yes if task.is_submitted_late else "",
            task.progress_percent,
            task.submitted_at,
            task.verified_at,
        ]
        for task in tasks
    )
    return Sheet(
        title=_("Remediation tasks"),
        heading=report_heading(
            _("REMEDIATION TASKS as of %(day)s") % {"day": short_date(today)},
            filters=filters,
        ),
        columns=[
            Column(_("Task"), width=60),
            Column(_("Agency"), width=40),
            Column(_("Source"), width=22),
            Column(_("Directive"), width=18),
            Column(_("Start date"), kind="date", width=12),
            Column(_("Deadline"), kind="date", width=12),
            Column(_("Status"), width=22),
            Column(_("Overdue"), width=10),
            Column(_("Submitted late"), width=12),
            Column(_("Progress (%)"), kind="int", width=12),
            Column(_("Submitted at"), kind="datetime", width=18),
            Column(_("Verified at"), kind="datetime", width=18),
        ],
        rows=rows,
    )


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
