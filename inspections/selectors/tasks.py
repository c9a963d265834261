"""Reads of remediation tasks, narrowed to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from indices.access import scope_to_user

from ..models import PENDING_STATUSES, RemediationTask


def with_overdue_flag(tasks: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate `is_overdue`: past the deadline and not yet submitted."""
    return tasks.annotate(
        is_overdue=Case(
            When(Q(status__in=PENDING_STATUSES, deadline__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def task_list_for_user(
    user, *, today: datetime.date | None = None
) -> QuerySet[RemediationTask]:
    """Tasks the user may see, with agency preloaded and `is_overdue` annotated."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user).select_related("agency")
    return with_overdue_flag(tasks, today).order_by("deadline", "pk")


def task_get_for_user(
    user, task_id: int, *, today: datetime.date | None = None
) -> RemediationTask:
    """The task, or 404 when it does not exist or belongs to an agency the user cannot see."""
    today = today or timezone.localdate()
    tasks = scope_to_user(RemediationTask.objects.all(), user).select_related(
        "agency",
        "finding__inspection",
        "node_score__node",
        "node_score__assessment",
        "directive",
    )
    return get_object_or_404(with_overdue_flag(tasks, today), pk=task_id)
