"""Remediation status per agency for a year, and the overdue task list.

The figures, stated on the page, in the XLSX workbook and in the PDF report:

- *Tasks of year Y* are the tasks assigned in Y: their start date (the day
  the task was given) falls in Y, whatever their deadline. This is the task
  board's "year assigned" filter, so each figure links to the board.
- Status counts are the tasks' current status on the day of the report.
- *Overdue*: open or in progress, deadline before the day of the report.
- *Due so far*: not cancelled, and either past the deadline or already
  reported on (submitted or verified); a task completed before its deadline
  therefore counts as due and as on time.
- *On time*: submitted or verified, the standing report sent on or before
  the deadline (Vietnam date). A deadline extended by the issuer counts as
  the deadline; a report returned to the agency no longer counts.
- *On-time rate* = on time ÷ due so far × 100, two decimals rounded half-up;
  none ("–") while no task is due.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from indices.access import scope_to_user, sees_all_agencies
from indices.arithmetic import percent_of
from indices.models import AgencyGroup

from ..models import RemediationTask, TaskEvent, TaskEventKind, TaskStatus
from .tasks import (
    TaskFilters,
    due_so_far_q,
    on_time_q,
    overdue_q,
    task_list_for_user,
)


@dataclass(frozen=True)
class StatusCounts:
    total: int = 0
    open: int = 0
    in_progress: int = 0
    submitted: int = 0
    verified: int = 0
    cancelled: int = 0
    overdue: int = 0
    due: int = 0
    on_time: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        """On time ÷ due so far × 100 (two decimals, half-up); None when
        nothing is due yet."""
        return percent_of(Decimal(self.on_time), Decimal(self.due))

    @property
    def late_or_missing(self) -> int:
        """Due tasks not reported on time: overdue, reported late, or no report."""
        return self.due - self.on_time

    @classmethod
    def sum(cls, counts: list[StatusCounts]) -> StatusCounts:
        return cls(
            **{
                f.name: sum(getattr(c, f.name) for c in counts)
                for f in fields(StatusCounts)
            }
        )


@dataclass(frozen=True)
class AgencyStatusRow:
    agency_id: int
    agency_name: str
    group: str
    counts: StatusCounts


@dataclass(frozen=True)
class RemediationStatus:
    year: int
    group: str
    as_of: datetime.date
    rows: list[AgencyStatusRow]
    total: StatusCounts
    all_agencies: bool  # False: the user sees their own agency only

    @property
    def group_label(self) -> str:
        return str(AgencyGroup(self.group).label) if self.group else ""

    @property
    def agencies_with_overdue(self) -> int:
        return sum(1 for row in self.rows if row.counts.overdue)


def remediation_years_for_user(user) -> list[int]:
    """Years in which the user's visible tasks were assigned, newest first."""
    tasks = scope_to_user(RemediationTask.objects.all(), user)
    return [day.year for day in tasks.dates("start_date", "year", order="DESC")]


def remediation_status_for_user(
    user, *, year: int, group: str = "", today: datetime.date | None = None
) -> RemediationStatus:
    """Per agency the user may see (only their own for agency staff), the
    counts of the tasks assigned in `year`; agencies without such a task are
    left out. One query whatever the number of agencies and tasks."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.filter(start_date__year=year), user)
    if group:
        tasks = tasks.filter(agency__group=group)
    by_status = {
        status: Count("pk", filter=Q(status=status)) for status in TaskStatus.values
    }
    aggregated = (
        tasks.values("agency_id", "agency__name", "agency__group")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today)),
            due=Count("pk", filter=due_so_far_q(today)),
            on_time=Count("pk", filter=on_time_q()),
            **by_status,
        )
        .order_by("agency__name", "agency_id")
    )
    group_order = {value: index for index, value in enumerate(AgencyGroup.values)}
    rows = [
        AgencyStatusRow(
            agency_id=values["agency_id"],
            agency_name=values["agency__name"],
            group=values["agency__group"],
            counts=StatusCounts(
                total=values["total"],
                open=values[TaskStatus.OPEN],
                in_progress=values[TaskStatus.IN_PROGRESS],
                submitted=values[TaskStatus.SUBMITTED],
                verified=values[TaskStatus.VERIFIED],
                cancelled=values[TaskStatus.CANCELLED],
                overdue=values["overdue"],
                due=values["due"],
                on_time=values["on_time"],
            ),
        )
        for values in aggregated
    ]
    # Groups in their usual order, agencies by name within each (stable sort).
    rows.sort(key=lambda row: group_order.get(row.group, len(group_order)))
    return RemediationStatus(
        year=year,
        group=group,
        as_of=today,
        rows=rows,
        total=StatusCounts.sum([row.counts for row in rows]),
        all_agencies=sees_all_agencies(user),
    )


def overdue_tasks_for_user(
    user, *, today: datetime.date | None = None, filters: TaskFilters | None = None
) -> QuerySet[RemediationTask]:
    """The overdue tasks the user may see (the board's filters applied),
    by agency then deadline, with what the list shows preloaded in one query:
    agency, directive, finding's inspection, low-scoring node, and the latest
    progress report (`last_progress_at`, `last_progress_percent`,
    `last_progress_note`)."""
    today = today or timezone.localdate()
    filters = replace(filters or TaskFilters(), overdue=True)
    tasks = task_list_for_user(user, today=today, filters=filters)
    latest_progress = TaskEvent.objects.filter(
        task=OuterRef("pk"), kind=TaskEventKind.PROGRESS
    ).order_by("-created_at", "-pk")
    return (
        tasks.select_related(
            "agency",
            "directive",
            "finding__inspection",
            "node_score__node",
            "node_score__assessment",
        )
        .annotate(
            last_progress_at=Subquery(latest_progress.values("created_at")[:1]),
            last_progress_percent=Subquery(
                latest_progress.values("progress_percent")[:1]
            ),
            last_progress_note=Subquery(latest_progress.values("note")[:1]),
        )
        .order_by("agency__name", "agency_id", "deadline", "pk")
    )
