"""Sending a ledger row (a reminder or a weekly digest): the one delivery
path both use.

Each row is locked (SKIP LOCKED, so two workers never take the same row),
sent, and marked sent in its own transaction: a row committed as sent is
never sent again and no row is lost (a crash leaves it pending). A failed
send is retried with exponential backoff and marked failed, with its error,
after CCHC_REMINDER_MAX_ATTEMPTS attempts; a failure never marks a row sent.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet

from ..models import ReminderStatus

logger = logging.getLogger(__name__)


@dataclass
class DeliveryCounts:
    sent: int = 0
    failed: int = 0
    retrying: int = 0

    def count(self, status: str) -> None:
        if status == ReminderStatus.SENT:
            self.sent += 1
        elif status == ReminderStatus.FAILED:
            self.failed += 1
        else:
            self.retrying += 1


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: the first retry after the base delay, then ×3."""
    base = settings.CCHC_REMINDER_RETRY_SECONDS
    return datetime.timedelta(seconds=base * 3 ** max(attempts - 1, 0))


def record_failure(model, pk: int, attempts: int, error: str, now) -> bool:
    """Count a failed attempt; return True when it was the last one."""
    final = attempts >= settings.CCHC_REMINDER_MAX_ATTEMPTS
    model.objects.filter(pk=pk).update(
        status=ReminderStatus.FAILED if final else ReminderStatus.PENDING,
        attempts=attempts,
        last_error=error[:2000],
        next_attempt_at=None if final else now + retry_delay(attempts),
        updated_at=now,
    )
    return final


def mark_sent(model, pk: int, attempts: int, now) -> None:
    model.objects.filter(pk=pk).update(
        status=ReminderStatus.SENT,
        attempts=attempts,
        last_error="",
        next_attempt_at=None,
        sent_at=now,
        updated_at=now,
    )


def deliverable(queryset: QuerySet, now) -> QuerySet:
    """Pending rows whose (re)try time has come."""
    return queryset.filter(status=ReminderStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def send_pause() -> None:
    """Pause between two messages, for SMTP servers that limit the rate."""
    if settings.CCHC_REMINDER_SEND_PAUSE:
        time.sleep(settings.CCHC_REMINDER_SEND_PAUSE)


def ledger_row_send(
    row,
    *,
    claimable: QuerySet,
    message: Callable[[], EmailMessage],
    connection,
    now,
    on_sent: Callable[[], object] | None = None,
) -> str | None:
    """Send one ledger row; return its new status, or None if it was not ours.

    `claimable` is the row's table narrowed to rows that still apply; the
    row is claimed only if it is in it, deliverable and not locked by another
    worker. `on_sent` runs in the row's transaction, before it is marked sent.
    """
    model = claimable.model
    with transaction.atomic():
        attempts = (
            deliverable(claimable.filter(pk=row.pk), now)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("attempts", flat=True)
            .first()
        )
        if attempts is None:
            # Another worker holds it, it was sent meanwhile, or it no longer
            # applies.
            return None
        attempts += 1
        try:
            email = message()
            email.connection = connection
            email.send()
        except SoftTimeLimitExceeded:
            raise  # not the e-mail's fault; the row stays pending
        except Exception as exc:
            # Any error (SMTP, network, a broken template) counts as a failed
            # attempt of this row only, so one bad row never blocks the rest.
            logger.warning("%s %s not sent: %s", model.__name__, row.pk, exc)
            connection.close()  # reopened for the next message
            final = record_failure(model, row.pk, attempts, repr(exc), now)
            return ReminderStatus.FAILED if final else ReminderStatus.PENDING
        if on_sent is not None:
            on_sent()
        mark_sent(model, row.pk, attempts, now)
    return ReminderStatus.SENT


def ledger_rows_send(
    rows: Iterable,
    send: Callable[[object], str | None],
    *,
    counts: DeliveryCounts,
    on_result: Callable[[object, str], None] | None = None,
) -> None:
    """Send each row with `send` (a `ledger_row_send` call), count the
    outcomes, report each to `on_result` and pause between messages."""
    for row in rows:
        status = send(row)
        if status is None:
            continue
        counts.count(status)
        if on_result:
            on_result(row, status)
        send_pause()
