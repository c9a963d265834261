"""Reads of the chair's directives, narrowed per user.

Sở Nội vụ staff and leadership see every directive; an agency user sees a
directive only if it assigns a task to their agency, and only their own tasks
of it.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.search import text_search_q
from indices.access import own_agency_id, sees_all_agencies

from ..models import Directive, RemediationTask, TaskStatus, overdue_q
from .tasks import TaskFilters, task_list_for_user


def _visible_directives(user) -> QuerySet[Directive]:
    if sees_all_agencies(user):
        return Directive.objects.all()
    agency_id = own_agency_id(user)
    if agency_id is None:
        return Directive.objects.none()
    return Directive.objects.filter(
        Exists(
            RemediationTask.objects.filter(
                directive=OuterRef("pk"), agency_id=agency_id
            )
        )
    )


def directive_list_for_user(
    user,
    *,
    search: str = "",
    year: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Directive]:
    """Directives the user may see, newest first, with counts of the tasks the
    user may see: `task_total`, `task_verified`, `task_overdue`, `task_submitted`."""
    today = today or timezone.localdate()
    directives = _visible_directives(user)
    if search:
        directives = directives.filter(
            text_search_q(Directive, ["number", "summary"], search)
        )
    if year:
        directives = directives.filter(issued_on__year=year)
    task_scope = Q()
    if not sees_all_agencies(user):
        task_scope = Q(tasks__agency_id=own_agency_id(user))
    return directives.annotate(
        task_total=Count("tasks", filter=task_scope),
        task_verified=Count(
            "tasks", filter=task_scope & Q(tasks__status=TaskStatus.VERIFIED)
        ),
        task_submitted=Count(
            "tasks", filter=task_scope & Q(tasks__status=TaskStatus.SUBMITTED)
        ),
        task_overdue=Count(
            "tasks",
            filter=task_scope & overdue_q(today, prefix="tasks__"),
        ),
    ).order_by("-issued_on", "-pk")


def directive_get_for_user(user, directive_id: int) -> Directive:
    """The directive, or 404 when the user may not see it."""
    return get_object_or_404(_visible_directives(user), pk=directive_id)


def directive_tasks_for_user(
    user, directive: Directive, *, today: datetime.date | None = None
) -> QuerySet[RemediationTask]:
    """The directive's tasks the user may see, with flags (see task_list_for_user)."""
    return task_list_for_user(
        user, today=today, filters=TaskFilters(directive_id=directive.pk)
    )
