"""Hand operations on the reminder ledger (admin actions, the manual trigger)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Reminder, ReminderStatus


def reminders_retry(*, reminder_ids: list[int]) -> int:
    """Put failed reminders back in the queue with fresh attempts; queue delivery.

    Only failed rows change; sent and superseded ones are never resent.
    """
    from ..tasks import reminders_deliver as reminders_deliver_task

    with transaction.atomic():
        count = Reminder.objects.filter(
            pk__in=reminder_ids, status=ReminderStatus.FAILED
        ).update(
            status=ReminderStatus.PENDING,
            attempts=0,
            next_attempt_at=None,
            updated_at=timezone.now(),
        )
        if count:
            reminders_deliver_task.delay_on_commit()
    return count


def reminders_scan_request() -> None:
    """Queue the daily scan now (after the current transaction commits)."""
    from ..tasks import reminders_scan as reminders_scan_task

    reminders_scan_task.delay_on_commit()


def reminder_digest_request() -> None:
    """Queue this week's digest now; recipients who already got it are skipped."""
    from ..tasks import reminder_digest_send as reminder_digest_send_task

    reminder_digest_send_task.delay_on_commit()
