"""Hand operations on the reminder ledger (admin actions, the manual trigger),
for Sở Nội vụ staff who may run reminders (`inspections.policies.reminders`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Reminder, ReminderStatus
from ..policies.reminders import require_may_run_reminders


def reminder_requeue(*, reminder: Reminder, actor) -> Reminder:
    """Put a failed reminder back in the queue with fresh attempts.

    Only a failed row changes; sent and superseded ones are never resent.
    Delivery is queued separately (`reminders_delivery_request`), once for
    however many rows were put back.
    """
    require_may_run_reminders(actor)
    with transaction.atomic():
        count = Reminder.objects.filter(
            pk=reminder.pk, status=ReminderStatus.FAILED
        ).update(
            status=ReminderStatus.PENDING,
            attempts=0,
            next_attempt_at=None,
            updated_at=timezone.now(),
        )
    if not count:
        raise ValidationError(
            _("Only a failed reminder can be sent again."), code="status"
        )
    return reminder


def reminders_delivery_request(*, actor) -> None:
    """Queue the delivery of the pending reminders (after the current
    transaction commits)."""
    from ..tasks import reminders_deliver as reminders_deliver_task

    require_may_run_reminders(actor)
    reminders_deliver_task.delay_on_commit()


def reminders_scan_request(*, actor) -> None:
    """Queue the daily scan now (after the current transaction commits)."""
    from ..tasks import reminders_scan as reminders_scan_task

    require_may_run_reminders(actor)
    reminders_scan_task.delay_on_commit()


def reminder_digest_request(*, actor) -> None:
    """Queue this week's digest now; recipients who already got it are skipped."""
    from ..tasks import reminder_digest_send as reminder_digest_send_task

    require_may_run_reminders(actor)
    reminder_digest_send_task.delay_on_commit()
