"""The words of a reminder: e-mail (HTML and plain text) and in-app notification.

Always in the site's language (Vietnamese), whatever language the worker or
a request was using; days are counted from the day of sending, so a reminder
sent late by a catch-up still tells the truth.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import short_date

from ..models import RemediationTask, Reminder


def absolute_url(path: str) -> str:
    return f"{settings.SITE_BASE_URL}{path}"


def task_path(task_id: int) -> str:
    return reverse("inspections:task_detail", kwargs={"task_id": task_id})


def reminder_subject(
    *, task: RemediationTask, today: datetime.date, escalation: bool
) -> str:
    """Subject naming the task and the deadline (dd/mm/yyyy)."""
    params = {
        "title": Truncator(task.title).chars(120),
        "deadline": short_date(task.deadline),
        "agency": task.agency.name,
    }
    days_left = (task.deadline - today).days
    if days_left > 0:
        params["days"] = days_left
        return (
            ngettext(
                "%(days)d day left: %(title)s (deadline %(deadline)s)",
                "%(days)d days left: %(title)s (deadline %(deadline)s)",
                days_left,
            )
            % params
        )
    if days_left == 0:
        return _("Due today: %(title)s (deadline %(deadline)s)") % params
    if escalation:
        return _("Overdue task of %(agency)s: %(title)s (deadline %(deadline)s)") % (
            params
        )
    params["days"] = -days_left
    return (
        ngettext(
            "Overdue by %(days)d day: %(title)s (deadline %(deadline)s)",
            "Overdue by %(days)d days: %(title)s (deadline %(deadline)s)",
            -days_left,
        )
        % params
    )


def _context(reminder: Reminder, today: datetime.date) -> dict:
    task = reminder.task
    days_left = (task.deadline - today).days
    return {
        "task": task,
        "agency": task.agency,
        "rule": reminder.rule,
        "escalation": reminder.rule.is_escalation,
        "deadline": short_date(task.deadline),
        "days_left": days_left,
        "days_overdue": -days_left,
        "task_url": absolute_url(task_path(task.pk)),
        "site_name": _("CCHC tracking"),
        "province_name": settings.CCHC_PROVINCE_NAME,
        "snv_name": settings.CCHC_SNV_NAME,
    }


def reminder_message(*, reminder: Reminder, today: datetime.date):
    """The e-mail of one reminder, ready to send."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(reminder, today)
        subject = reminder_subject(
            task=reminder.task, today=today, escalation=context["escalation"]
        )
        context["subject"] = subject
        text = render_to_string("inspections/email/reminder.txt", context)
        html = render_to_string("inspections/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.recipient_email],
    )
    message.attach_alternative(html, "text/html")
    return message


def reminder_notification(
    *, reminder: Reminder, today: datetime.date
) -> tuple[str, str, str]:
    """Title, body and link of the in-app notification of a reminder."""
    task = reminder.task
    with translation.override(settings.LANGUAGE_CODE):
        title = reminder_subject(
            task=task, today=today, escalation=reminder.rule.is_escalation
        )
        body = _("%(agency)s · deadline %(deadline)s · %(status)s") % {
            "agency": task.agency.name,
            "deadline": short_date(task.deadline),
            "status": task.get_status_display(),
        }
    return Truncator(title).chars(300), body, task_path(task.pk)
