"""Reads behind the home dashboards, one function per panel.

Every panel runs a constant number of queries whatever the number of
agencies, tasks or framework nodes: counts are aggregated in the database
and related rows are preloaded.

- Sở Nội vụ staff and leadership (they see every agency) get the province's
  picture of a year: inspection coverage, tasks, overdue tasks per agency,
  deadlines ahead, and the latest published index per group.
- Agency staff get their own agency's tasks, latest scorecard and
  inspections, through the same access and publication rules as the pages.

Each task figure carries the board filters that list exactly the rows it
counts (`TaskFigure.filters`), so a number can link to those rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from indices.access import own_agency_id
from indices.models import Agency, Framework, ResultsState
from indices.selectors import HistoryLine

from ...models import Inspection, InspectionPlan, RemediationTask
from ...policies.dashboards import require_oversight
from ..coverage import Coverage, plan_coverage
from ..plans import inspection_list_for_user
from ..tasks import DUE_SOON_DAYS
from .index_results import (
    HEAT_LEVELS,
    Change,
    GroupIndex,
    HeatCell,
    HeatRow,
    IndexOverview,
    ScorecardSummary,
    agency_results_for_user,
    change_between,
    index_overview_for_user,
)
from .task_figures import (
    DEADLINES_AHEAD_DAYS,
    AgencyOverdue,
    AgencyTaskFigures,
    BreakdownRow,
    OverdueByAgency,
    TaskBreakdown,
    TaskFigure,
    TaskHeadline,
    agency_task_figures_for_user,
    deadlines_ahead_filters,
    deadlines_ahead_for_user,
    overdue_by_agency_for_user,
    task_breakdown_for_user,
    task_headline_for_user,
    urgent_tasks_for_user,
)

__all__ = [
    "HEAT_LEVELS",
    "AgencyDashboard",
    "AgencyOverdue",
    "AgencyTaskFigures",
    "BreakdownRow",
    "Change",
    "DashboardYears",
    "GroupIndex",
    "HeatCell",
    "HeatRow",
    "IndexOverview",
    "OverdueByAgency",
    "OversightDashboard",
    "ScorecardSummary",
    "TaskBreakdown",
    "TaskFigure",
    "TaskHeadline",
    "agency_dashboard",
    "agency_results_for_user",
    "agency_task_figures_for_user",
    "change_between",
    "dashboard_years",
    "deadlines_ahead_filters",
    "deadlines_ahead_for_user",
    "index_overview_for_user",
    "oversight_dashboard",
    "overdue_by_agency_for_user",
    "task_breakdown_for_user",
    "task_headline_for_user",
    "urgent_tasks_for_user",
]

INSPECTIONS_SHOWN = 10


# --- Year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardYears:
    options: list[int]  # newest first
    default: int


def dashboard_years(*, today: datetime.date | None = None) -> DashboardYears:
    """The years the Sở Nội vụ dashboard offers, and the one it opens on.

    Offered: every year with an inspection plan or an index framework, and the
    current year (to see that its plan is missing). Default: the latest year
    with a plan or with published index results. A year's plan is drawn up at
    its start while its index is published early the next year, so that year
    is the one being worked on: its coverage and tasks, next to the latest
    published index. Two queries.
    """
    today = today or timezone.localdate()
    plan_years = set(InspectionPlan.objects.values_list("year", flat=True))
    framework_years: set[int] = set()
    published_years: set[int] = set()
    for year, state in Framework.objects.values_list("year", "results_state"):
        framework_years.add(year)
        if state == ResultsState.PUBLISHED:
            published_years.add(year)
    worked_on = plan_years | published_years
    return DashboardYears(
        options=sorted(plan_years | framework_years | {today.year}, reverse=True),
        default=max(worked_on) if worked_on else today.year,
    )


# --- Sở Nội vụ and leadership ----------------------------------------------------------


@dataclass
class OversightDashboard:
    year: int
    today: datetime.date
    plan: InspectionPlan | None
    coverage: Coverage | None
    headline: TaskHeadline
    tasks: TaskBreakdown
    overdue: OverdueByAgency
    deadlines_ahead: list[RemediationTask]
    index: IndexOverview
    deadlines_ahead_days: int = DEADLINES_AHEAD_DAYS


def oversight_dashboard(
    user, *, year: int, today: datetime.date | None = None
) -> OversightDashboard:
    """The province's picture of `year` for Sở Nội vụ staff and leadership:
    coverage of the year's plan, tasks assigned in the year, overdue tasks and
    deadlines ahead (today, all years), and the latest published index.
    PermissionDenied for users who do not see every agency."""
    require_oversight(user)
    today = today or timezone.localdate()
    plan = InspectionPlan.objects.filter(year=year).first()
    return OversightDashboard(
        year=year,
        today=today,
        plan=plan,
        coverage=plan_coverage(plan, today=today) if plan else None,
        headline=task_headline_for_user(user, today=today),
        tasks=task_breakdown_for_user(user, year=year, today=today),
        overdue=overdue_by_agency_for_user(user, today=today),
        deadlines_ahead=deadlines_ahead_for_user(user, today=today),
        index=index_overview_for_user(user, year=year),
    )


# --- Agency staff -------------------------------------------------------------------------


@dataclass
class AgencyDashboard:
    agency: Agency | None
    today: datetime.date
    tasks: AgencyTaskFigures
    urgent: list[RemediationTask]  # overdue or due soon, soonest deadline first
    scorecard: ScorecardSummary | None
    unpublished: list[HistoryLine]  # newer results not published (self view)
    history: list[HistoryLine]
    inspections: list[Inspection]
    inspection_count: int
    due_soon_days: int = DUE_SOON_DAYS


def agency_dashboard(user, *, today: datetime.date | None = None) -> AgencyDashboard:
    """An agency user's own agency: its tasks due soon and overdue, its latest
    scorecard with low nodes, and its inspections. Nothing of another agency:
    every read is narrowed to the user (scope_to_user, visibility rules)."""
    today = today or timezone.localdate()
    # The user's own agency, loaded once on the user (pages show it too).
    agency = user.agency if own_agency_id(user) is not None else None
    if agency is not None:
        scorecard, unpublished, history = agency_results_for_user(user, agency)
    else:
        scorecard, unpublished, history = None, [], []
    inspections = inspection_list_for_user(user)
    return AgencyDashboard(
        agency=agency,
        today=today,
        tasks=agency_task_figures_for_user(user, today=today),
        urgent=urgent_tasks_for_user(user, today=today),
        scorecard=scorecard,
        unpublished=unpublished,
        history=history,
        inspections=list(inspections[:INSPECTIONS_SHOWN]),
        inspection_count=inspections.count(),
    )
