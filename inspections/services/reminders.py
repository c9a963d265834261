"""The daily reminder scan and the delivery of the reminders it claims.

Two steps, each safe to run twice and from several workers at once:

1. `reminders_scan` reads the pending tasks (open, in progress) in one
   streaming query, works out from each task's deadline which rules fell due
   since the last finished scan, and inserts one ledger row per task, rule,
   recipient, deadline and due day with ON CONFLICT DO NOTHING. The unique
   key makes a second insert of the same reminder a no-op.
2. `reminders_deliver` sends the pending rows one at a time through
   `reminder_delivery.ledger_row_send` (shared with the weekly digest): lock
   the row (SKIP LOCKED, so two workers never take the same row), send, mark
   it sent, commit. Every row committed as sent is never sent again, and no
   row is lost: a crash leaves the row pending. The one window left is a
   crash after the mail server accepted a message and before the commit;
   that row is then sent a second time (at least once, never lost).

Both run as the system actor (Celery, `send_reminders`) or as Sở Nội vụ
staff who may run reminders (`inspections.policies.reminders`).

Catch-up: when scans were missed, the window since the last finished scan
holds several due days of a rule. Only the latest due day of all rules is
kept for a task, plus escalations (to the agency head and Sở Nội vụ) that
fell in the window, so a task gets one reminder, not a burst. Rows for the
skipped days are never created: the ledger records what was decided to send,
and a later scan cannot revive them because it only looks at days after the
previous finished scan.

Nothing here is told when a task changes: each run reads the task rows.
A completed, verified or cancelled task, a changed deadline, a reassigned
task or a deactivated rule makes its pending rows "superseded"; a changed
deadline is a new part of the unique key, so its schedule starts afresh; a
reassigned task's next reminders go to the new agency's recipients.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import mail
from django.db.models import F, Max, Min, Q
from django.utils import timezone

from ..models import (
    PENDING_STATUSES,
    Notification,
    RemediationTask,
    Reminder,
    ReminderRule,
    ReminderScan,
    ReminderStatus,
    ReminderTiming,
)
from ..policies.reminders import require_may_run_reminders
from .reminder_delivery import (
    DeliveryCounts,
    deliverable,
    ledger_row_send,
    ledger_rows_send,
)
from .reminder_mail import reminder_message, reminder_notification
from .reminder_recipients import Recipient, RecipientDirectory
from .reorganisations import reorganisations_apply_due

SCAN_CHUNK = 2000
INSERT_BATCH = 1000
DELIVERY_BATCH = 200


@dataclass(frozen=True)
class PlannedReminder:
    task_id: int
    agency_id: int
    rule: ReminderRule
    recipient: Recipient
    deadline: datetime.date
    due_on: datetime.date

    def as_row(self, scan: ReminderScan | None) -> Reminder:
        return Reminder(
            task_id=self.task_id,
            rule=self.rule,
            agency_id=self.agency_id,
            recipient_email=self.recipient.email,
            recipient_user_id=self.recipient.user_id,
            deadline=self.deadline,
            due_on=self.due_on,
            scan=scan,
        )

    @property
    def key(self) -> tuple:
        return (
            self.task_id,
            self.rule.pk,
            self.recipient.email,
            self.deadline,
            self.due_on,
        )


@dataclass
class ScanResult:
    today: datetime.date
    window_start: datetime.date
    tasks_examined: int = 0
    # Tasks with a reminder due but nobody to send it to (agency without any
    # contact address, user or head): shown so that someone fills them in.
    tasks_without_recipients: int = 0
    created: int = 0
    superseded: int = 0
    planned: list[PlannedReminder] = field(default_factory=list)


def rules_due(
    rules: list[ReminderRule],
    deadline: datetime.date,
    *,
    window_start: datetime.date,
    today: datetime.date,
) -> list[tuple[ReminderRule, datetime.date]]:
    """The (rule, due day) pairs to send for a task with this deadline.

    Of the rules due in [window_start, today], only those on the latest due
    day are kept, plus escalations (which go to other people and must not be
    skipped because a later ordinary reminder fell in the same window).
    """
    due = []
    for rule in rules:
        day = rule.latest_occurrence(deadline, today)
        if day is not None and day >= window_start:
            due.append((rule, day))
    if not due:
        return []
    latest = max(day for _rule, day in due)
    return [(rule, day) for rule, day in due if day == latest or rule.is_escalation]


def scan_window_start(today: datetime.date) -> datetime.date:
    """The first day whose reminders the scan for `today` must send.

    The day after the last finished scan before `today`; `today` itself when
    no scan ever finished (a new installation sends no backlog).
    """
    last = (
        ReminderScan.objects.filter(finished_at__isnull=False, day__lt=today)
        .aggregate(last=Max("day"))
        .get("last")
    )
    return last + datetime.timedelta(days=1) if last else today


def _plan_task(
    rules, directory, task_id, agency_id, deadline, *, window_start, today
) -> list[PlannedReminder] | None:
    """The reminders of one task; None when some are due but nobody receives them."""
    planned: dict[str, PlannedReminder] = {}
    # Escalations first, so an address reached by two rules on the same run
    # gets the escalation (one message per recipient and task per run).
    pairs = sorted(
        rules_due(rules, deadline, window_start=window_start, today=today),
        key=lambda pair: (not pair[0].is_escalation, pair[0].pk),
    )
    for rule, due_on in pairs:
        for recipient in directory.for_rule(rule, agency_id):
            planned.setdefault(
                recipient.email,
                PlannedReminder(task_id, agency_id, rule, recipient, deadline, due_on),
            )
    if pairs and not planned:
        return None
    return list(planned.values())


def reminders_supersede_stale() -> int:
    """Retire pending reminders that no longer apply; return how many.

    A reminder no longer applies when its task is no longer pending
    (submitted, verified, cancelled), its deadline or agency changed since it
    was planned, or its rule was switched off.
    """
    stale = Reminder.objects.filter(status=ReminderStatus.PENDING).filter(
        ~Q(task__status__in=PENDING_STATUSES)
        | ~Q(task__deadline=F("deadline"))
        | ~Q(task__agency=F("agency"))
        | Q(rule__is_active=False)
    )
    return stale.update(
        status=ReminderStatus.SUPERSEDED,
        next_attempt_at=None,
        updated_at=timezone.now(),
    )


def reminders_scan(
    *,
    actor,
    today: datetime.date | None = None,
    dry_run: bool = False,
    chunk_size: int = SCAN_CHUNK,
) -> ScanResult:
    """Claim the reminders due up to `today` in the ledger (or list them, dry run).

    Runs a fixed number of queries whatever the number of tasks, plus one
    INSERT per 1,000 new reminders; memory is bounded by `chunk_size`.
    A dry run writes nothing and returns the reminders that would be created
    in `ScanResult.planned`.
    """
    require_may_run_reminders(actor)
    today = today or timezone.localdate()
    if not dry_run:
        # A reorganisation that took effect today hands its open tasks to the
        # successor first, so reminders go to the agency now responsible.
        reorganisations_apply_due(today=today, actor=actor)
    rules = list(
        ReminderRule.objects.filter(is_active=True)
        .exclude(timing=ReminderTiming.DIGEST)
        .order_by("pk")
    )
    window_start = scan_window_start(today)
    result = ScanResult(today=today, window_start=window_start)
    scan = None
    if not dry_run:
        result.superseded = reminders_supersede_stale()
        scan = ReminderScan.objects.create(day=today, window_start=window_start)
    directory = RecipientDirectory.load()
    tasks = RemediationTask.objects.filter(status__in=PENDING_STATUSES)
    before = [r.days for r in rules if r.timing == ReminderTiming.BEFORE_DEADLINE]
    if not any(r.timing == ReminderTiming.AFTER_DEADLINE for r in rules):
        tasks = tasks.filter(deadline__gte=window_start)
    tasks = tasks.filter(
        deadline__lte=today + datetime.timedelta(days=max(before, default=0))
    )
    buffer: list[PlannedReminder] = []
    for task_id, agency_id, deadline in (
        tasks.order_by("pk")
        .values_list("pk", "agency_id", "deadline")
        .iterator(chunk_size=chunk_size)
    ):
        result.tasks_examined += 1
        planned = _plan_task(
            rules,
            directory,
            task_id,
            agency_id,
            deadline,
            window_start=window_start,
            today=today,
        )
        if planned is None:
            result.tasks_without_recipients += 1
        else:
            buffer.extend(planned)
        if len(buffer) >= chunk_size:
            _flush(buffer, scan, result, dry_run)
    _flush(buffer, scan, result, dry_run)
    if scan is not None:
        result.created = Reminder.objects.filter(scan=scan).count()
        scan.tasks_examined = result.tasks_examined
        scan.tasks_without_recipients = result.tasks_without_recipients
        scan.reminders_created = result.created
        scan.finished_at = timezone.now()
        scan.save(
            update_fields=[
                "tasks_examined",
                "tasks_without_recipients",
                "reminders_created",
                "finished_at",
            ]
        )
    else:
        result.created = len(result.planned)
    return result


def _flush(buffer: list[PlannedReminder], scan, result: ScanResult, dry_run: bool):
    if not buffer:
        return
    if dry_run:
        existing = set(
            Reminder.objects.filter(
                task_id__in={p.task_id for p in buffer},
                due_on__in={p.due_on for p in buffer},
            ).values_list("task_id", "rule_id", "recipient_email", "deadline", "due_on")
        )
        result.planned.extend(p for p in buffer if p.key not in existing)
    else:
        Reminder.objects.bulk_create(
            [p.as_row(scan) for p in buffer],
            ignore_conflicts=True,
            batch_size=INSERT_BATCH,
        )
    buffer.clear()


@dataclass
class DeliveryResult(DeliveryCounts):
    superseded: int = 0
    next_retry_at: datetime.datetime | None = None
    # True when the time budget ran out with reminders still to send.
    more: bool = False


def reminders_deliver(
    *,
    actor,
    today: datetime.date | None = None,
    batch_size: int = DELIVERY_BATCH,
    on_result: Callable[[Reminder, str], None] | None = None,
    time_budget: float | None = None,
) -> DeliveryResult:
    """Send every pending reminder whose time has come.

    Each reminder is locked, sent (e-mail, and an in-app notification when
    the recipient is a user) and marked sent in its own transaction, so two
    workers never send the same row and a crash never loses a "sent" mark.
    A failed send is retried with exponential backoff and marked failed,
    with its error, after CCHC_REMINDER_MAX_ATTEMPTS attempts; a failure never
    marks a reminder sent. `on_result(reminder, status)` is called per row.
    With `time_budget` (seconds), it stops after that long and sets `more`,
    so a Celery task can hand the rest to a fresh task instead of running
    into its time limit.
    """
    require_may_run_reminders(actor)
    started = time.monotonic()
    now = timezone.now()
    today = today or timezone.localdate()
    result = DeliveryResult(superseded=reminders_supersede_stale())
    connection = mail.get_connection()
    last_pk = 0
    try:
        while True:
            batch = list(
                deliverable(
                    Reminder.objects.filter(pk__gt=last_pk, due_on__lte=today), now
                )
                .select_related("task__agency", "task__directive", "rule")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            if time_budget is not None and time.monotonic() - started > time_budget:
                result.more = True
                break
            last_pk = batch[-1].pk
            ledger_rows_send(
                batch,
                lambda reminder: _deliver_one(reminder, today, now, connection),
                counts=result,
                on_result=on_result,
            )
    finally:
        connection.close()
    result.superseded += reminders_supersede_stale()
    result.next_retry_at = Reminder.objects.filter(
        status=ReminderStatus.PENDING, next_attempt_at__gt=now
    ).aggregate(first=Min("next_attempt_at"))["first"]
    return result


# A reminder still applies while its task is pending with the same deadline
# and agency and its rule is on (else it is superseded at the end of the run).
_STILL_APPLIES = Q(
    task__status__in=PENDING_STATUSES,
    task__deadline=F("deadline"),
    task__agency=F("agency"),
    rule__is_active=True,
)


def _deliver_one(reminder: Reminder, today, now, connection) -> str | None:
    """Send one reminder: the e-mail, and an in-app notification when the
    recipient is a user."""

    def notify() -> None:
        if not reminder.recipient_user_id:
            return
        title, body, url = reminder_notification(reminder=reminder, today=today)
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=reminder.recipient_user_id,
                    title=title,
                    body=body,
                    url=url,
                    reminder_id=reminder.pk,
                )
            ],
            ignore_conflicts=True,
        )

    return ledger_row_send(
        reminder,
        claimable=Reminder.objects.filter(_STILL_APPLIES),
        message=lambda: reminder_message(reminder=reminder, today=today),
        connection=connection,
        now=now,
        on_sent=notify,
    )
