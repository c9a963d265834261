"""Reads of the chair's directives, narrowed per user.

Sở Nội vụ staff and leadership see every directive; an agency user sees a
directive only if it assigns a task to their agency, and only their own tasks
of it.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.search import text_search_q
from indices.access import agencies_visible_to, scope_to_user

from ..models import Directive, RemediationTask, TaskStatus, overdue_q
from .tasks import TaskFilters, task_list_for_user


def _visible_directives(user) -> QuerySet[Directive]:
    """Directives assigning a task to an agency the user sees (every
    directive for users who see every agency), through `scope_to_user`."""
    scoped = scope_to_user(Directive.objects.all(), user, agency_field="tasks__agency")
    # A subquery: a directive with several tasks of the agency is listed once.
    return Directive.objects.filter(pk__in=scoped.values("pk"))


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
    # Count only the tasks of agencies the user sees.
    task_scope = Q(tasks__agency__in=agencies_visible_to(user))
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
