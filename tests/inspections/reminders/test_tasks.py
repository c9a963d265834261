"""The Celery tasks are thin wrappers: called directly, they run the services."""

import pytest
from django.core import mail

from indices.access import system_actor
from inspections import tasks
from inspections.models import Reminder, ReminderStatus
from inspections.services.reminders import reminders_deliver, reminders_scan

from .conftest import CONTACTS, day

pytestmark = pytest.mark.django_db


def test_the_daily_task_scans_and_sends(task):
    result = tasks.reminders_scan.apply(kwargs={"today": day(-3).isoformat()}).get()
    assert result["created"] == len(CONTACTS) and result["sent"] == len(CONTACTS)
    assert len(mail.outbox) == len(CONTACTS)
    again = tasks.reminders_scan.apply(kwargs={"today": day(-3).isoformat()}).get()
    assert again["created"] == 0 and again["sent"] == 0


def test_the_digest_task_sends_the_digest(task):
    result = tasks.reminder_digest_send.apply(
        kwargs={"today": day(20).isoformat()}
    ).get()
    assert result == {"sent": 2, "failed": 0, "tasks": 1}


def test_a_delivery_out_of_time_stops_and_says_there_is_more(task):
    reminders_scan(actor=system_actor(), today=day(-3))
    cut_short = reminders_deliver(actor=system_actor(), today=day(-3), time_budget=0)
    assert cut_short.more and cut_short.sent == 0
    assert set(Reminder.objects.values_list("status", flat=True)) == {
        ReminderStatus.PENDING
    }
    rest = reminders_deliver(actor=system_actor(), today=day(-3), time_budget=60)
    assert not rest.more and rest.sent == len(CONTACTS)
