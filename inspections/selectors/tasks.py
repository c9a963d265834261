"""Reads of remediation tasks, narrowed to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.search import text_search_q
from indices.access import scope_to_user
from indices.models import (
    Agency,
    Assessment,
    Framework,
    FrameworkNode,
    NodeScore,
    ResultsState,
)
from indices.selectors import LowScore, low_scores_for_year

from ..models import (
    CLOSED_STATUSES,
    PENDING_STATUSES,
    Evidence,
    Finding,
    RemediationTask,
    TaskEvent,
    TaskStatus,
    overdue_q,
)
from .plans import visible_findings
from .reorganisations import SuccessorResolver

# "Due soon" on the pages: within this many calendar days, not yet submitted.
DUE_SOON_DAYS = 7


def with_overdue_flag(tasks: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate `is_overdue`: past the deadline and not yet submitted."""
    return tasks.annotate(
        is_overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _due_soon_q(today: datetime.date) -> Q:
    return Q(
        status__in=PENDING_STATUSES,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )


def _submitted_late_q() -> Q:
    # TruncDate uses the current time zone, so a report sent at 23:30 on the
    # deadline (Vietnam time) is on time.
    return Q(
        status__in=(TaskStatus.SUBMITTED, TaskStatus.VERIFIED),
        submitted_at__isnull=False,
        submitted_date__gt=F("deadline"),
    )


# Timeliness, shared by the board's filter and the remediation status report
# (inspections.selectors.remediation_status) so both count the same tasks.
REPORTED_STATUSES = (TaskStatus.SUBMITTED, TaskStatus.VERIFIED)


# "Overdue" itself is `inspections.models.overdue_q`, imported above.


def due_so_far_q(today: datetime.date) -> Q:
    """Not cancelled, and either past the deadline or already reported on
    (a task completed before its deadline counts as due)."""
    return ~Q(status=TaskStatus.CANCELLED) & (
        Q(deadline__lt=today) | Q(status__in=REPORTED_STATUSES)
    )


def on_time_q() -> Q:
    """Submitted or verified, the standing report sent on or before the
    deadline (Vietnam date; a deadline extended by the issuer is the deadline)."""
    return Q(
        status__in=REPORTED_STATUSES,
        submitted_at__isnull=False,
        submitted_at__date__lte=F("deadline"),
    )


def late_q() -> Q:
    """Submitted or verified, the standing report sent after the deadline."""
    return Q(status__in=REPORTED_STATUSES, submitted_at__date__gt=F("deadline"))


TIMELINESS_FILTERS = {
    "due": due_so_far_q,
    "on_time": lambda today: on_time_q(),
    "late": lambda today: late_q(),
}


def with_task_flags(tasks: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate `is_overdue`, `is_due_soon` and `is_submitted_late`."""
    tasks = with_overdue_flag(tasks, today).annotate(
        submitted_date=TruncDate("submitted_at")
    )
    return tasks.annotate(
        is_due_soon=Case(
            When(_due_soon_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_submitted_late=Case(
            When(_submitted_late_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_closed=Case(
            When(status__in=CLOSED_STATUSES, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


# --- Lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFilters:
    """The board's filters; empty values mean "any"."""

    search: str = ""
    year: int | None = None
    agency_id: int | None = None
    group: str = ""
    source: str = ""
    status: str = ""  # a TaskStatus, "pending" (open + in progress) or ""
    overdue: bool = False
    due_soon: bool = False
    directive_id: int | None = None
    timeliness: str = ""  # a key of TIMELINESS_FILTERS or ""
    deadline_from: datetime.date | None = None  # deadline on or after
    deadline_to: datetime.date | None = None  # deadline on or before


def _apply_filters(
    tasks: QuerySet, filters: TaskFilters, today: datetime.date, *, with_state=True
) -> QuerySet:
    if filters.search:
        tasks = tasks.filter(
            text_search_q(
                RemediationTask,
                ["title", "description", "agency__name", "directive__number"],
                filters.search,
            )
        )
    if filters.year:
        tasks = tasks.filter(start_date__year=filters.year)
    if filters.agency_id:
        tasks = tasks.filter(agency_id=filters.agency_id)
    if filters.group:
        tasks = tasks.filter(agency__group=filters.group)
    if filters.source:
        tasks = tasks.filter(source=filters.source)
    if filters.directive_id:
        tasks = tasks.filter(directive_id=filters.directive_id)
    if filters.timeliness in TIMELINESS_FILTERS:
        # Kept by the status chips: they count within the chosen timeliness.
        tasks = tasks.filter(TIMELINESS_FILTERS[filters.timeliness](today))
    if filters.deadline_from:
        tasks = tasks.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        tasks = tasks.filter(deadline__lte=filters.deadline_to)
    if not with_state:
        return tasks
    if filters.status == "pending":
        tasks = tasks.filter(status__in=PENDING_STATUSES)
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.overdue:
        tasks = tasks.filter(overdue_q(today))
    if filters.due_soon:
        tasks = tasks.filter(_due_soon_q(today))
    return tasks


def task_list_for_user(
    user, *, today: datetime.date | None = None, filters: TaskFilters | None = None
) -> QuerySet[RemediationTask]:
    """Tasks the user may see, filtered; agency and directive preloaded; flags
    `is_overdue`, `is_due_soon`, `is_submitted_late` annotated. Closed tasks last."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user).select_related(
        "agency", "directive"
    )
    if filters:
        tasks = _apply_filters(tasks, filters, today)
    return with_task_flags(tasks, today).order_by("is_closed", "deadline", "pk")


def task_rows_for_user(
    user, *, today: datetime.date | None = None, filters: TaskFilters | None = None
) -> QuerySet[RemediationTask]:
    """Tasks the user may see, filtered exactly as the board filters them, with
    nothing preloaded, annotated or ordered: the base of counts (dashboards),
    so a count links to the board showing the same rows."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user)
    return _apply_filters(tasks, filters, today) if filters else tasks


@dataclass(frozen=True)
class TaskCounts:
    total: int
    by_status: dict[str, int]
    pending: int
    overdue: int
    due_soon: int


def task_counts_for_user(
    user, *, today: datetime.date | None = None, filters: TaskFilters | None = None
) -> TaskCounts:
    """Counts per status, overdue and due soon for the filter chips: one query.

    Status, overdue and due-soon filters are ignored so each chip shows how
    many tasks choosing it would list.
    """
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user)
    if filters:
        tasks = _apply_filters(tasks, filters, today, with_state=False)
    aggregates = {
        f"status_{status}": Count("pk", filter=Q(status=status))
        for status in TaskStatus.values
    }
    row = tasks.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=_due_soon_q(today)),
        **aggregates,
    )
    by_status = {status: row[f"status_{status}"] for status in TaskStatus.values}
    return TaskCounts(
        total=row["total"],
        by_status=by_status,
        pending=sum(by_status[s] for s in PENDING_STATUSES),
        overdue=row["overdue"],
        due_soon=row["due_soon"],
    )


# --- One task -------------------------------------------------------------------------


def task_get_for_user(
    user, task_id: int, *, today: datetime.date | None = None
) -> RemediationTask:
    """The task, or 404 when it does not exist or belongs to an agency the user cannot see."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user).select_related(
        "agency",
        "finding__inspection__agency",
        "node_score__node",
        "node_score__assessment__framework",
        "directive",
        "created_by",
        "verified_by",
    )
    return get_object_or_404(with_task_flags(tasks, today), pk=task_id)


def task_events(task: RemediationTask) -> QuerySet[TaskEvent]:
    """The task's timeline, oldest first, with actors and agencies preloaded."""
    return task.events.select_related(
        "actor", "old_agency", "directive", "reorganisation"
    ).order_by("created_at", "pk")


def task_evidence(task: RemediationTask) -> QuerySet[Evidence]:
    return task.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk")


def evidence_get_for_user(user, evidence_id: int) -> Evidence:
    """The evidence file's record, or 404 unless the user may see its task."""
    rows = scope_to_user(Evidence.objects.all(), user, agency_field="task__agency")
    return get_object_or_404(rows.select_related("task"), pk=evidence_id)


def finding_for_task_creation(user, finding_id: int) -> Finding:
    """The finding (with its inspection and agency), or 404 if not visible
    (the one rule of a visible finding: `plans.visible_findings`)."""
    rows = visible_findings(user).select_related("inspection__agency", "node")
    return get_object_or_404(rows, pk=finding_id)


def finding_tasks(finding: Finding) -> QuerySet[RemediationTask]:
    return with_task_flags(
        finding.tasks.select_related("agency"), timezone.localdate()
    ).order_by("deadline", "pk")


# --- Low scores → tasks ------------------------------------------------------------------


@dataclass
class LowScoreTaskItem:
    """One flagged node that gets (or already has) a task."""

    low: LowScore
    agency: Agency | None  # who the task goes to (the successor if reorganised)
    also_low: list[NodeScore] = field(default_factory=list)  # flagged ancestors
    task: RemediationTask | None = None

    @property
    def node(self) -> FrameworkNode:
        return self.low.node

    @property
    def node_score(self) -> NodeScore:
        return self.low.node_score


@dataclass
class LowScoreTaskPreview:
    year: int
    start_date: datetime.date
    to_create: list[LowScoreTaskItem]
    existing: list[LowScoreTaskItem]
    no_agency: list[LowScoreTaskItem]  # no agency active on the start date carries on
    covered_by_children: (
        int  # flagged fields/criteria mentioned in their children's tasks
    )
    # Groups of the year whose results are not published yet: their flags
    # come from unfinished appraisal and give no task.
    unpublished_groups: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return (
            len(self.to_create)
            + len(self.existing)
            + len(self.no_agency)
            + self.covered_by_children
        )


def low_score_default_year() -> int | None:
    """The latest year with index scores: where the low-score page opens."""
    return Assessment.objects.aggregate(year=Max("year"))["year"]


def low_score_task_preview(
    *, year: int, start_date: datetime.date
) -> LowScoreTaskPreview:
    """What creating tasks from the year's low-score flags would do.

    One task per flagged node that has no flagged descendant (the most specific
    weakness, which an agency can act on); its flagged criterion and field are
    named in the task's description instead of getting tasks of their own. A
    flagged node whose agency no longer exists on `start_date` goes to the
    agency that succeeded it (merger, rename); with none it is listed apart.
    A constant number of queries.
    """
    lows = low_scores_for_year(year, final_only=True)
    framework_ids = {low.node_score.assessment.framework_id for low in lows}
    parent_of = dict(
        FrameworkNode.objects.filter(framework_id__in=framework_ids).values_list(
            "pk", "parent_id"
        )
    )
    flagged_by_assessment: dict[int, dict[int, NodeScore]] = {}
    for low in lows:
        flagged_by_assessment.setdefault(low.node_score.assessment_id, {})[
            low.node_score.node_id
        ] = low.node_score

    def ancestors(node_id: int):
        parent = parent_of.get(node_id)
        while parent:
            yield parent
            parent = parent_of.get(parent)

    has_flagged_descendant: set[tuple[int, int]] = set()
    for assessment_id, flagged in flagged_by_assessment.items():
        for node_id in flagged:
            for ancestor in ancestors(node_id):
                if ancestor in flagged:
                    has_flagged_descendant.add((assessment_id, ancestor))

    existing_tasks = {
        task.node_score_id: task
        for task in RemediationTask.objects.filter(
            node_score__in=[low.node_score for low in lows]
        ).select_related("agency")
    }
    resolver = SuccessorResolver.load()
    preview = LowScoreTaskPreview(
        year=year,
        start_date=start_date,
        to_create=[],
        existing=[],
        no_agency=[],
        covered_by_children=0,
        unpublished_groups=[
            framework.get_group_display()
            for framework in Framework.objects.filter(year=year).exclude(
                results_state=ResultsState.PUBLISHED
            )
        ],
    )
    for low in lows:
        score = low.node_score
        if (score.assessment_id, score.node_id) in has_flagged_descendant:
            preview.covered_by_children += 1
            continue
        flagged = flagged_by_assessment[score.assessment_id]
        item = LowScoreTaskItem(
            low=low,
            agency=resolver.resolve(score.assessment.agency, start_date),
            also_low=[
                flagged[a]
                for a in reversed(list(ancestors(score.node_id)))
                if a in flagged
            ],
            task=existing_tasks.get(score.pk),
        )
        if item.task is not None:
            preview.existing.append(item)
        elif item.agency is None:
            preview.no_agency.append(item)
        else:
            preview.to_create.append(item)
    return preview


def tasks_of_finding_for_user(user, finding, *, today: datetime.date | None = None):
    """Tasks created from the finding that the user may see, agency preloaded."""
    today = today or timezone.localdate()
    tasks = scope_to_user(finding.tasks.all(), user).select_related("agency")
    return with_overdue_flag(tasks, today).order_by("deadline", "pk")
