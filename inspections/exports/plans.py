"""XLSX sheets of inspections: the inspection plan with its coverage, and the
inspection list.

The views load the data through the user-scoped selectors; these functions
only lay it out (no queries here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import short_date
from core.spreadsheets import Column, Sheet, bold_row, report_heading

from ..models import Inspection, InspectionPlan
from ..selectors.coverage import Coverage, GroupCoverage

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


# --- The inspection list -------------------------------------------------------------


def inspection_list_sheet(
    inspections: Iterable[Inspection], *, filters: Sequence[tuple[str, str]]
) -> Sheet:
    """The inspection list's rows (agency, plan and finding count preloaded)."""
    rows = [
        (
            i.year,
            i.agency.name,
            i.agency.get_group_display(),
            i.plan.document_number if i.plan else _("Outside the plan"),
            i.get_kind_display(),
            i.combined_with,
            i.planned_date or i.planned_month,
            i.start_date,
            i.end_date,
            i.team_lead,
            i.get_status_display(),
            i.conclusion_number,
            i.conclusion_date,
            i.finding_count,
        )
        for i in inspections
    ]
    return Sheet(
        title=_("Inspections"),
        heading=report_heading(_("CCHC inspections"), filters=filters),
        columns=[
            Column(_("Year"), 8),
            Column(_("Agency"), 40),
            Column(_("Group"), 28),
            Column(_("Plan"), 18),
            Column(_("Kind"), 22),
            Column(_("Combined with"), 24),
            Column(_("Planned"), 12),
            Column(_("First day"), 12, "date"),
            Column(_("Last day"), 12, "date"),
            Column(_("Team lead"), 24),
            Column(_("Status"), 14),
            Column(_("Notice number"), 16),
            Column(_("Notice date"), 12, "date"),
            Column(_("Findings"), 10, "int"),
        ],
        rows=rows,
    )
