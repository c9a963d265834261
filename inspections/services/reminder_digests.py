"""The weekly digest of long-overdue tasks to Sở Nội vụ leadership and the
chair's office: one e-mail per recipient and ISO week, listing every such task
grouped by agency (not one e-mail per task)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import short_date

from ..models import ReminderDigest, ReminderRule, ReminderStatus, ReminderTiming
from ..selectors.reminders import DigestOverview, overdue_digest_overview
from .reminder_mail import absolute_url, task_path
from .reminder_recipients import extra_recipients
from .reminders import deliverable, mark_sent, record_failure, send_pause

logger = logging.getLogger(__name__)


@dataclass
class DigestResult:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
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
    today: datetime.date | None = None,
    on_result: Callable[[ReminderDigest, str], None] | None = None,
) -> DigestResult:
    """Send this ISO week's digest of each active digest rule, once per recipient.

    Nothing is sent when no task is overdue by more than the rule's days.
    Safe to run again in the same week: the ledger row (rule, ISO week,
    recipient) is claimed once; failed sends are retried with backoff.
    """
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
            for digest in pending:
                status = _send_one(digest, rule, overview, today, now, connection)
                if status is None:
                    continue
                if status == ReminderStatus.SENT:
                    result.sent += 1
                elif status == ReminderStatus.FAILED:
                    result.failed += 1
                else:
                    result.retrying += 1
                if on_result:
                    on_result(digest, status)
                send_pause()
        finally:
            connection.close()
    return result


def _send_one(digest, rule, overview, today, now, connection) -> str | None:
    with transaction.atomic():
        attempts = (
            deliverable(ReminderDigest.objects.filter(pk=digest.pk), now)
            .select_for_update(skip_locked=True)
            .values_list("attempts", flat=True)
            .first()
        )
        if attempts is None:
            return None
        attempts += 1
        try:
            message = digest_message(
                rule=rule, overview=overview, today=today, to=digest.recipient_email
            )
            message.connection = connection
            message.send()
        except SoftTimeLimitExceeded:
            raise
        except Exception as exc:
            logger.warning("Digest %s not sent: %s", digest.pk, exc)
            connection.close()
            final = record_failure(ReminderDigest, digest.pk, attempts, repr(exc), now)
            return ReminderStatus.FAILED if final else ReminderStatus.PENDING
        ReminderDigest.objects.filter(pk=digest.pk).update(task_count=overview.total)
        mark_sent(ReminderDigest, digest.pk, attempts, now)
    return ReminderStatus.SENT
