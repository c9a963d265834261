"""Reads of a user's own notifications and calendar feed."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from indices.access import scope_to_user

from ..models import CalendarFeed, Notification, RemediationTask, TaskStatus


def notification_unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list_for_user(user) -> QuerySet[Notification]:
    """The user's notifications, newest first (only their own)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def calendar_feed_for_user(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed with this token, or None (unknown, revoked, inactive user)."""
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def calendar_tasks_for_user(user, *, since: datetime.date) -> QuerySet:
    """Deadlines the user may see: unfinished tasks, and tasks closed or
    cancelled whose deadline is on or after `since` (recent history)."""
    tasks = scope_to_user(RemediationTask.objects.all(), user)
    return (
        tasks.filter(
            Q(
                status__in=[
                    TaskStatus.OPEN,
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.SUBMITTED,
                ]
            )
            | Q(deadline__gte=since)
        )
        .select_related("agency", "directive")
        .order_by("deadline", "pk")
    )
