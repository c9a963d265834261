"""Celery tasks: thin wrappers named after the services they call.

They take plain values (ISO dates), are safe to run twice (the reminder
ledger's unique key and row locks make a second run a no-op), and are queued
by callers with `delay_on_commit`.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _queue_retry(task, next_retry_at: datetime.datetime | None) -> None:
    """Come back when the first failed e-mail may be tried again."""
    if next_retry_at is None or task.request.is_eager:
        return
    reminders_deliver.apply_async(eta=max(next_retry_at, timezone.now()))


@shared_task(bind=True)
def reminders_scan(self, today: str | None = None) -> dict:
    """The daily scan: claim the reminders due today, then send them."""
    from .services.reminders import reminders_deliver as deliver
    from .services.reminders import reminders_scan as scan

    day = _day(today)
    scanned = scan(today=day)
    delivered = deliver(today=day)
    _queue_retry(self, delivered.next_retry_at)
    return {
        "tasks_examined": scanned.tasks_examined,
        "created": scanned.created,
        "sent": delivered.sent,
        "failed": delivered.failed,
        "retrying": delivered.retrying,
    }


@shared_task(bind=True)
def reminders_deliver(self, today: str | None = None) -> dict:
    """Send the pending reminders whose time has come (retries included)."""
    from .services.reminders import reminders_deliver as deliver

    delivered = deliver(today=_day(today))
    _queue_retry(self, delivered.next_retry_at)
    return {"sent": delivered.sent, "failed": delivered.failed}


@shared_task
def reminder_digest_send(today: str | None = None) -> dict:
    """The weekly digest of long-overdue tasks."""
    from .services.reminder_digests import reminder_digest_send as send

    result = send(today=_day(today))
    return {"sent": result.sent, "failed": result.failed, "tasks": result.tasks}
