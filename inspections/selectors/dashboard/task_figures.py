"""Figures of remediation tasks on the dashboards: each a count and the task
board filters that list exactly the tasks it counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from ...models import PENDING_STATUSES, RemediationTask, TaskSource, TaskStatus
from ..tasks import (
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
OVERDUE_AGENCIES_CHARTED = 10


def _overdue_q(today: datetime.date) -> Q:
    return Q(status__in=PENDING_STATUSES, deadline__lt=today)


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


# --- Agency staff ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyTaskFigures:
    overdue: TaskFigure
    due_soon: TaskFigure  # within DUE_SOON_DAYS, as on the board
    pending: TaskFigure
    submitted: TaskFigure
    verified: TaskFigure


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
