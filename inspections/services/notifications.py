"""In-app notifications: created by reminders, read by their user."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Notification


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (again is harmless).

    Raises Notification.DoesNotExist for another user's notification, which
    the view turns into 404.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(
            pk=notification_id, user=user
        )
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; return how many."""
    with transaction.atomic():
        return Notification.objects.filter(user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
