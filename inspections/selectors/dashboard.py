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
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from indices.access import own_agency_id, sees_all_agencies
from indices.models import (
    Agency,
    AgencyGroup,
    Assessment,
    Framework,
    FrameworkNode,
    NodeScore,
    ResultsState,
)
from indices.selectors import (
    HistoryLine,
    ResultsView,
    agency_predecessor_map,
    recurring_low_node_codes,
    results_history_for_user,
)

from ..models import (
    PENDING_STATUSES,
    Inspection,
    InspectionPlan,
    RemediationTask,
    TaskSource,
    TaskStatus,
)
from .coverage import Coverage, plan_coverage
from .plans import inspection_list_for_user
from .tasks import (
    DUE_SOON_DAYS,
    TaskFilters,
    task_counts_for_user,
    task_list_for_user,
    task_rows_for_user,
)

# "Deadlines ahead" on the Sở Nội vụ dashboard: this many calendar days.
DEADLINES_AHEAD_DAYS = 14
DEADLINES_AHEAD_SHOWN = 15
URGENT_TASKS_SHOWN = 10
INSPECTIONS_SHOWN = 10
LOW_NODES_SHOWN = 10
OVERDUE_AGENCIES_CHARTED = 10

# Heatmap shades: a cell at or above the first bound of a row gets its level.
HEAT_LEVELS = [
    (Decimal("90"), "high"),
    (Decimal("80"), "good"),
    (Decimal("70"), "fair"),
    (Decimal("0"), "weak"),
]


@dataclass(frozen=True)
class Change:
    """A change of an index between two years, in percentage points."""

    points: Decimal  # signed

    @property
    def size(self) -> Decimal:
        return abs(self.points)

    @property
    def direction(self) -> str:
        return "up" if self.points > 0 else "down" if self.points < 0 else "same"


def change_between(now: Decimal | None, before: Decimal | None) -> Change | None:
    if now is None or before is None:
        return None
    return Change(now - before)


def _overdue_q(today: datetime.date) -> Q:
    return Q(status__in=PENDING_STATUSES, deadline__lt=today)


def _require_oversight(user) -> None:
    if not sees_all_agencies(user):
        raise PermissionDenied


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


# --- Tasks --------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFigure:
    """A number of tasks, and the board filters that list exactly those tasks."""

    count: int
    filters: TaskFilters


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    cells: list[TaskFigure]  # one per source, in `TaskBreakdown.sources` order
    total: TaskFigure


@dataclass(frozen=True)
class TaskBreakdown:
    """Tasks assigned in a year (start date in the year), by status and source."""

    year: int
    sources: list[tuple[str, str]]
    rows: list[BreakdownRow]  # one per status
    overdue: BreakdownRow  # not yet submitted and past the deadline today
    totals: BreakdownRow

    def chart_data(self) -> dict:
        """Stacked bars: one bar per source, one segment per status."""
        return {
            "labels": [str(label) for _value, label in self.sources],
            "datasets": [
                {
                    "key": row.key,
                    "label": str(row.label),
                    "data": [cell.count for cell in row.cells],
                }
                for row in self.rows
            ],
        }


def task_breakdown_for_user(
    user, *, year: int, today: datetime.date | None = None
) -> TaskBreakdown:
    """Tasks the user may see assigned in `year`, counted per status × source,
    with those overdue today per source. One query."""
    today = today or timezone.localdate()
    base = TaskFilters(year=year)
    counts: dict[tuple[str, str], int] = {}
    overdue: dict[str, int] = {}
    rows = (
        task_rows_for_user(user, today=today, filters=base)
        .values("status", "source")
        .annotate(n=Count("pk"), late=Count("pk", filter=_overdue_q(today)))
        .order_by()
    )
    for row in rows:
        counts[row["status"], row["source"]] = row["n"]
        overdue[row["source"]] = overdue.get(row["source"], 0) + row["late"]
    sources = list(TaskSource.choices)

    def figure(n: int, **chosen) -> TaskFigure:
        return TaskFigure(n, TaskFilters(year=year, **chosen))

    status_rows = []
    for status, label in TaskStatus.choices:
        cells = [
            figure(counts.get((status, source), 0), source=source, status=status)
            for source, _label in sources
        ]
        status_rows.append(
            BreakdownRow(
                status,
                label,
                cells,
                figure(sum(c.count for c in cells), status=status),
            )
        )
    overdue_cells = [
        figure(overdue.get(source, 0), source=source, overdue=True)
        for source, _label in sources
    ]
    total_cells = [
        figure(
            sum(counts.get((s, source), 0) for s in TaskStatus.values), source=source
        )
        for source, _label in sources
    ]
    return TaskBreakdown(
        year=year,
        sources=sources,
        rows=status_rows,
        overdue=BreakdownRow(
            "overdue",
            "",
            overdue_cells,
            figure(sum(c.count for c in overdue_cells), overdue=True),
        ),
        totals=BreakdownRow(
            "total", "", total_cells, figure(sum(c.count for c in total_cells))
        ),
    )


@dataclass(frozen=True)
class TaskHeadline:
    """Figures of today, all years together."""

    overdue: TaskFigure
    ahead: TaskFigure  # deadline within DEADLINES_AHEAD_DAYS, not yet submitted
    submitted: TaskFigure  # waiting for Sở Nội vụ's verification


def deadlines_ahead_filters(
    today: datetime.date, days: int = DEADLINES_AHEAD_DAYS
) -> TaskFilters:
    return TaskFilters(
        status="pending",
        deadline_from=today,
        deadline_to=today + datetime.timedelta(days=days),
    )


def task_headline_for_user(user, *, today: datetime.date | None = None) -> TaskHeadline:
    """Overdue, due within 14 days and submitted tasks today. One query."""
    today = today or timezone.localdate()
    ahead = deadlines_ahead_filters(today)
    row = task_rows_for_user(user, today=today).aggregate(
        overdue=Count("pk", filter=_overdue_q(today)),
        ahead=Count(
            "pk",
            filter=Q(
                status__in=PENDING_STATUSES,
                deadline__gte=ahead.deadline_from,
                deadline__lte=ahead.deadline_to,
            ),
        ),
        submitted=Count("pk", filter=Q(status=TaskStatus.SUBMITTED)),
    )
    return TaskHeadline(
        overdue=TaskFigure(row["overdue"], TaskFilters(overdue=True)),
        ahead=TaskFigure(row["ahead"], ahead),
        submitted=TaskFigure(
            row["submitted"], TaskFilters(status=TaskStatus.SUBMITTED)
        ),
    )


@dataclass(frozen=True)
class AgencyOverdue:
    agency_id: int
    name: str
    short_name: str
    tasks: TaskFigure
    oldest_deadline: datetime.date


@dataclass(frozen=True)
class OverdueByAgency:
    total: TaskFigure
    agencies: list[AgencyOverdue]  # most overdue tasks first

    def chart_data(self) -> dict:
        shown = self.agencies[:OVERDUE_AGENCIES_CHARTED]
        return {
            "labels": [a.short_name or a.name for a in shown],
            "data": [a.tasks.count for a in shown],
        }


def overdue_by_agency_for_user(
    user, *, today: datetime.date | None = None
) -> OverdueByAgency:
    """Tasks overdue today (any year) per agency, most first. One query."""
    today = today or timezone.localdate()
    rows = (
        task_rows_for_user(user, today=today, filters=TaskFilters(overdue=True))
        .values("agency_id", "agency__name", "agency__short_name")
        .annotate(n=Count("pk"), oldest=Min("deadline"))
        .order_by("-n", "agency__name")
    )
    agencies = [
        AgencyOverdue(
            agency_id=row["agency_id"],
            name=row["agency__name"],
            short_name=row["agency__short_name"],
            tasks=TaskFigure(
                row["n"], TaskFilters(agency_id=row["agency_id"], overdue=True)
            ),
            oldest_deadline=row["oldest"],
        )
        for row in rows
    ]
    return OverdueByAgency(
        total=TaskFigure(
            sum(a.tasks.count for a in agencies), TaskFilters(overdue=True)
        ),
        agencies=agencies,
    )


def deadlines_ahead_for_user(
    user, *, today: datetime.date | None = None, limit: int = DEADLINES_AHEAD_SHOWN
) -> list[RemediationTask]:
    """The first tasks not yet submitted whose deadline falls within the next
    14 days, soonest first; agency and directive preloaded, flags annotated.
    One query."""
    today = today or timezone.localdate()
    return list(
        task_list_for_user(user, today=today, filters=deadlines_ahead_filters(today))[
            :limit
        ]
    )


# --- Index --------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    node: FrameworkNode
    percent: Decimal | None
    is_low: bool

    @property
    def level(self) -> str:
        if self.percent is None:
            return "none"
        return next(name for bound, name in HEAT_LEVELS if self.percent >= bound)


@dataclass(frozen=True)
class HeatRow:
    assessment: Assessment
    cells: list[HeatCell]  # one per field, in tree order

    @property
    def has_breakdown(self) -> bool:
        return any(cell.percent is not None for cell in self.cells)


@dataclass
class GroupIndex:
    """The latest published results of one agency group (year ≤ the chosen year)."""

    framework: Framework
    previous: Framework | None  # the group's published results of the year before
    rows: list[Assessment]  # rank order, agencies preloaded
    fields: list[FrameworkNode]
    heatmap: list[HeatRow]

    @property
    def group(self) -> str:
        return self.framework.group

    @property
    def label(self) -> str:
        return AgencyGroup(self.framework.group).label

    @property
    def change(self) -> Change | None:
        """The group average's change since the previous year."""
        if self.previous is None:
            return None
        return change_between(
            self.framework.average_percent, self.previous.average_percent
        )

    @property
    def ranked(self) -> list[Assessment]:
        return [row for row in self.rows if row.percent is not None]

    def chart_data(self) -> dict:
        ranked = self.ranked
        return {
            "id": f"ranking-{self.group}",
            "labels": [row.agency.short_name or row.agency.name for row in ranked],
            "data": [row.percent for row in ranked],
            "average": self.framework.average_percent,
        }


@dataclass
class IndexOverview:
    year: int
    groups: list[GroupIndex]
    # Results of a later year (≤ the chosen year) being scored, not yet published.
    unpublished: list[Framework] = field(default_factory=list)


def index_overview_for_user(user, *, year: int) -> IndexOverview:
    """Per group, the latest published index results of `year` or before: the
    average and its change from the year before, the ranking, and each
    agency's field sub-indices (stored on level-1 node scores).

    Only for users who see every agency (field sub-indices are scorecard
    details). Four queries whatever the number of agencies and nodes.
    """
    _require_oversight(user)
    frameworks = list(Framework.objects.filter(year__lte=year).order_by("-year"))
    by_key = {(f.group, f.year): f for f in frameworks}
    latest: dict[str, Framework] = {}
    for framework in frameworks:
        if framework.is_published and framework.group not in latest:
            latest[framework.group] = framework
    unpublished = [
        f
        for f in frameworks
        if not f.is_published
        and f.assessed_count
        and (f.group not in latest or f.year > latest[f.group].year)
    ]
    chosen = list(latest.values())
    ids = [f.pk for f in chosen]
    rows: dict[int, list[Assessment]] = {pk: [] for pk in ids}
    for assessment in (
        Assessment.objects.filter(framework_id__in=ids)
        .select_related("agency")
        .order_by(F("rank").asc(nulls_last=True), "agency__name")
    ):
        rows[assessment.framework_id].append(assessment)
    fields: dict[int, list[FrameworkNode]] = {pk: [] for pk in ids}
    for node in FrameworkNode.objects.filter(framework_id__in=ids, level=1).order_by(
        "order"
    ):
        fields[node.framework_id].append(node)
    scores = {
        (assessment_id, node_id): (percent, is_low)
        for assessment_id, node_id, percent, is_low in NodeScore.objects.filter(
            assessment__framework_id__in=ids, node__level=1
        ).values_list("assessment_id", "node_id", "percent", "is_low")
    }
    order = {value: index for index, value in enumerate(AgencyGroup.values)}
    groups = []
    for framework in sorted(chosen, key=lambda f: order[f.group]):
        previous = by_key.get((framework.group, framework.year - 1))
        groups.append(
            GroupIndex(
                framework=framework,
                previous=previous if previous and previous.is_published else None,
                rows=rows[framework.pk],
                fields=fields[framework.pk],
                heatmap=[
                    HeatRow(
                        assessment,
                        [
                            HeatCell(
                                node,
                                *scores.get((assessment.pk, node.pk), (None, False)),
                            )
                            for node in fields[framework.pk]
                        ],
                    )
                    for assessment in rows[framework.pk]
                ],
            )
        )
    return IndexOverview(year=year, groups=groups, unpublished=unpublished)


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
    _require_oversight(user)
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


@dataclass(frozen=True)
class AgencyTaskFigures:
    overdue: TaskFigure
    due_soon: TaskFigure  # within DUE_SOON_DAYS, as on the board
    pending: TaskFigure
    submitted: TaskFigure
    verified: TaskFigure


@dataclass
class ScorecardSummary:
    """The agency's latest results it may see in full, with the low nodes."""

    assessment: Assessment  # framework preloaded
    previous: HistoryLine | None  # the year before (the agency or a predecessor)
    fields: list[NodeScore]  # level-1 sub-indices, tree order
    low: list[NodeScore]  # every low node, tree order
    recurring_codes: set[str]

    @property
    def change(self) -> Change | None:
        """The agency's index change since the year before."""
        if self.previous is None:
            return None
        return change_between(self.assessment.percent, self.previous.assessment.percent)

    @property
    def low_shown(self) -> list[NodeScore]:
        return self.low[:LOW_NODES_SHOWN]

    def chart_data(self) -> dict:
        return {
            "labels": [f"{s.node.code}. {s.node.name}" for s in self.fields],
            "data": [s.percent for s in self.fields],
            "low": [s.is_low for s in self.fields],
        }


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


def agency_task_figures_for_user(
    user, *, today: datetime.date | None = None
) -> AgencyTaskFigures:
    """The user's visible tasks: overdue, due soon, pending, submitted,
    verified (one query)."""
    counts = task_counts_for_user(user, today=today)
    return AgencyTaskFigures(
        overdue=TaskFigure(counts.overdue, TaskFilters(overdue=True)),
        due_soon=TaskFigure(counts.due_soon, TaskFilters(due_soon=True)),
        pending=TaskFigure(counts.pending, TaskFilters(status="pending")),
        submitted=TaskFigure(
            counts.by_status[TaskStatus.SUBMITTED],
            TaskFilters(status=TaskStatus.SUBMITTED),
        ),
        verified=TaskFigure(
            counts.by_status[TaskStatus.VERIFIED],
            TaskFilters(status=TaskStatus.VERIFIED),
        ),
    )


def urgent_tasks_for_user(
    user, *, today: datetime.date | None = None, limit: int = URGENT_TASKS_SHOWN
) -> list[RemediationTask]:
    """Tasks not yet submitted that are overdue or due within 7 days, the
    earliest deadline first; agency and directive preloaded. One query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return list(
        task_list_for_user(user, today=today)
        .filter(status__in=PENDING_STATUSES, deadline__lte=horizon)
        .order_by("deadline", "pk")[:limit]
    )


def agency_results_for_user(
    user, agency: Agency
) -> tuple[ScorecardSummary | None, list[HistoryLine], list[HistoryLine]]:
    """The agency's latest scorecard the user may see in full (results
    published), the newer results it sees only as self-assessment, and its
    year-over-year lines (predecessors included). Five queries."""
    predecessors = agency_predecessor_map()
    history = results_history_for_user(user, agency, predecessor_map=predecessors)
    own = [line for line in history if not line.is_predecessor]
    latest = next((line for line in own if line.view == ResultsView.FULL), None)
    unpublished = [
        line
        for line in own
        if line.view == ResultsView.SELF
        and (latest is None or line.assessment.year > latest.assessment.year)
    ]
    if latest is None:
        return None, unpublished, history
    assessment = latest.assessment
    scores = list(
        NodeScore.objects.filter(assessment=assessment)
        .filter(Q(node__level=1) | Q(is_low=True))
        .select_related("node")
        .order_by("node__order")
    )
    previous = next(
        (
            line
            for line in history
            if line.view == ResultsView.FULL
            and line.assessment.year == assessment.year - 1
        ),
        None,
    )
    summary = ScorecardSummary(
        assessment=assessment,
        previous=previous,
        fields=[s for s in scores if s.node.level == 1],
        low=[s for s in scores if s.is_low],
        recurring_codes=recurring_low_node_codes(assessment, predecessors),
    )
    return summary, unpublished, history


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
