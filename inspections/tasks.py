"""Celery tasks: thin wrappers named after the services they call.

They take plain values (ISO dates), act as the system actor
(`indices.access.system_actor`), are safe to run twice (the reminder
ledger's unique key and row locks make a second run a no-op), and are queued
by callers with `delay_on_commit`.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from indices.access import system_actor

# A database that is briefly unreachable is retried (after 1, 2, 4… minutes);
# every step is idempotent, so running again is safe.
RETRY_ON_DATABASE_ERRORS = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 60,
    "max_retries": 5,
}


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _follow_up(task, delivered, today: str | None) -> None:
    """Continue a delivery cut short by its time budget, and come back when the
    first failed e-mail may be tried again."""
    if task.request.is_eager:
        return
    if delivered.more:
        reminders_deliver.delay(today)
    elif delivered.next_retry_at is not None:
        reminders_deliver.apply_async(
            args=[today], eta=max(delivered.next_retry_at, timezone.now())
        )


def _budget() -> float:
    return settings.CCHC_REMINDER_DELIVERY_BUDGET_SECONDS


@shared_task(bind=True, **RETRY_ON_DATABASE_ERRORS)
def reminders_scan(self, today: str | None = None) -> dict:
    """The daily scan: claim the reminders due today, then send them."""
    from .services.reminders import reminders_deliver as deliver
    from .services.reminders import reminders_scan as scan

    day = _day(today)
    actor = system_actor()
    scanned = scan(today=day, actor=actor)
    delivered = deliver(today=day, actor=actor, time_budget=_budget())
    _follow_up(self, delivered, today)
    return {
        "tasks_examined": scanned.tasks_examined,
        "created": scanned.created,
        "sent": delivered.sent,
        "failed": delivered.failed,
        "retrying": delivered.retrying,
    }


@shared_task(bind=True, **RETRY_ON_DATABASE_ERRORS)
def reminders_deliver(self, today: str | None = None) -> dict:
    """Send the pending reminders whose time has come (retries included)."""
    from .services.reminders import reminders_deliver as deliver

    delivered = deliver(today=_day(today), actor=system_actor(), time_budget=_budget())
    _follow_up(self, delivered, today)
    return {"sent": delivered.sent, "failed": delivered.failed}


@shared_task(**RETRY_ON_DATABASE_ERRORS)
def reminder_digest_send(today: str | None = None) -> dict:
    """The weekly digest of long-overdue tasks."""
    from .services.reminder_digests import reminder_digest_send as send

    result = send(today=_day(today), actor=system_actor())
    return {"sent": result.sent, "failed": result.failed, "tasks": result.tasks}
