"""The weekly digest of long-overdue tasks to Sở Nội vụ leadership and the
chair's office: one e-mail per recipient and ISO week, listing every such task
grouped by agency (not one e-mail per task)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import short_date

from ..models import ReminderDigest, ReminderRule, ReminderTiming
from ..policies.reminders import require_may_run_reminders
from ..selectors.reminders import DigestOverview, overdue_digest_overview
from .reminder_delivery import (
    DeliveryCounts,
    deliverable,
    ledger_row_send,
    ledger_rows_send,
)
from .reminder_mail import absolute_url, task_path
from .reminder_recipients import extra_recipients


@dataclass
class DigestResult(DeliveryCounts):
    tasks: int = 0


def digest_message(
    *, rule: ReminderRule, overview: DigestOverview, today: datetime.date, to: str
) -> EmailMultiAlternatives:
    year, week, _weekday = today.isocalendar()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(
            "Tasks overdue by more than %(days)d days – week %(week)d/%(year)d "
            "(%(count)d tasks)"
        ) % {"days": rule.days, "week": week, "year": year, "count": overview.total}
        for agency in overview.agencies:
            for task in agency.tasks:
                task["url"] = absolute_url(task_path(task["pk"]))
                task["deadline_text"] = short_date(task["deadline"])
        context = {
            "subject": subject,
            "rule": rule,
            "overview": overview,
            "today": short_date(today),
            "board_url": absolute_url(reverse("inspections:task_list")),
            "site_name": _("CCHC tracking"),
            "snv_name": settings.CCHC_SNV_NAME,
            "province_name": settings.CCHC_PROVINCE_NAME,
        }
        text = render_to_string("inspections/email/digest.txt", context)
        html = render_to_string("inspections/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    message.attach_alternative(html, "text/html")
    return message


def reminder_digest_send(
    *,
    actor,
    today: datetime.date | None = None,
    on_result: Callable[[ReminderDigest, str], None] | None = None,
) -> DigestResult:
    """Send this ISO week's digest of each active digest rule, once per recipient.

    Nothing is sent when no task is overdue by more than the rule's days.
    Safe to run again in the same week: the ledger row (rule, ISO week,
    recipient) is claimed once; failed sends are retried with backoff
    (`reminder_delivery`, shared with the reminders).
    """
    require_may_run_reminders(actor)
    today = today or timezone.localdate()
    now = timezone.now()
    year, week, _weekday = today.isocalendar()
    result = DigestResult()
    rules = ReminderRule.objects.filter(
        is_active=True, timing=ReminderTiming.DIGEST
    ).order_by("pk")
    for rule in rules:
        overview = overdue_digest_overview(
            overdue_before=today - datetime.timedelta(days=rule.days),
            today=today,
            limit=settings.CCHC_DIGEST_MAX_TASKS,
        )
        if not overview.total:
            continue
        result.tasks += overview.total
        ReminderDigest.objects.bulk_create(
            [
                ReminderDigest(
                    rule=rule,
                    iso_year=year,
                    iso_week=week,
                    recipient_email=recipient.email,
                    task_count=overview.total,
                )
                for recipient in extra_recipients(rule)
            ],
            ignore_conflicts=True,
        )
        pending = deliverable(
            ReminderDigest.objects.filter(rule=rule, iso_year=year, iso_week=week),
            now,
        ).order_by("pk")
        connection = mail.get_connection()
        try:
            ledger_rows_send(
                pending,
                lambda digest, rule=rule, overview=overview, connection=connection: (
                    _send_one(digest, rule, overview, today, now, connection)
                ),
                counts=result,
                on_result=on_result,
            )
        finally:
            connection.close()
    return result


def _send_one(digest, rule, overview, today, now, connection) -> str | None:
    return ledger_row_send(
        digest,
        claimable=ReminderDigest.objects.all(),
        message=lambda: digest_message(
            rule=rule, overview=overview, today=today, to=digest.recipient_email
        ),
        connection=connection,
        now=now,
        on_sent=lambda: ReminderDigest.objects.filter(pk=digest.pk).update(
            task_count=overview.total
        ),
    )
