"""Delivery: e-mail content, failures retried with backoff, never marked sent
on failure, and given up (with the error kept) after the last attempt."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from freezegun import freeze_time

from indices.access import system_actor
from inspections.models import Notification, Reminder, ReminderStatus
from inspections.services.reminders import reminders_deliver, reminders_scan

from .conftest import CONTACTS, day, run_scan_on

pytestmark = pytest.mark.django_db

FLAKY_STATE = {"failures_left": 0}


class FlakyBackend(LocmemBackend):
    """The locmem backend, refusing the next `failures_left` messages."""

    def send_messages(self, messages):
        if FLAKY_STATE["failures_left"] > 0:
            FLAKY_STATE["failures_left"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.inspections.reminders.test_delivery.FlakyBackend"
    settings.CCHC_REMINDER_RETRY_SECONDS = 600
    settings.CCHC_REMINDER_MAX_ATTEMPTS = 3
    yield FLAKY_STATE
    FLAKY_STATE["failures_left"] = 0


def deliver_at(moment: str):
    with freeze_time(moment):
        return reminders_deliver(actor=system_actor())


def test_the_email_links_to_the_task_and_has_both_alternatives(task, settings):
    settings.SITE_BASE_URL = "https://cchc.example.gov.vn"
    run_scan_on(day(-3))
    message = mail.outbox[0]
    url = f"https://cchc.example.gov.vn/tasks/{task.pk}/"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{url}"' in html
    assert "Nhiệm vụ này còn 3 ngày đến hạn." in message.body
    assert "Cơ quan, đơn vị chủ trì: Sở Tư pháp thử nghiệm" in message.body
    assert "Bạn nhận thư này theo quy tắc nhắc việc “Nhắc trước thời hạn 3 ngày”" in (
        message.body
    )


def test_a_failed_send_is_retried_with_backoff_and_not_marked_sent(
    task, flaky_mail, agency_user
):
    flaky_mail["failures_left"] = 1
    with freeze_time("2026-03-13 07:00:00+07:00"):
        reminders_scan(actor=system_actor())
        first = reminders_deliver(actor=system_actor())
    assert first.retrying == 1 and first.sent == len(CONTACTS)
    failed = Reminder.objects.get(attempts=1, status=ReminderStatus.PENDING)
    assert failed.sent_at is None
    assert "SMTPServerDisconnected" in failed.last_error
    assert failed.next_attempt_at == datetime.datetime(
        2026, 3, 13, 0, 10, tzinfo=datetime.UTC
    )
    assert first.next_retry_at == failed.next_attempt_at
    # The first row is the agency user's: no in-app notification while unsent.
    assert failed.recipient_user_id == agency_user.pk
    assert not Notification.objects.filter(reminder=failed).exists()
    # Too early: nothing is tried.
    assert deliver_at("2026-03-13 07:05:00+07:00").sent == 0
    # After the delay, the retry goes through.
    assert deliver_at("2026-03-13 07:10:00+07:00").sent == 1
    failed.refresh_from_db()
    assert failed.status == ReminderStatus.SENT and failed.attempts == 2
    assert failed.last_error == ""
    assert Notification.objects.filter(reminder=failed, user=agency_user).count() == 1
    assert len(mail.outbox) == len(CONTACTS) + 1


def test_backoff_grows_and_the_last_failure_is_recorded_as_failed(task, flaky_mail):
    flaky_mail["failures_left"] = 100
    with freeze_time("2026-03-13 07:00:00+07:00"):
        reminders_scan(actor=system_actor())
        reminders_deliver(actor=system_actor())
    row = Reminder.objects.filter(recipient_email=CONTACTS[0]).get()
    assert row.next_attempt_at == datetime.datetime(
        2026, 3, 13, 0, 10, tzinfo=datetime.UTC
    )
    deliver_at("2026-03-13 07:10:00+07:00")
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at == datetime.datetime(
        2026, 3, 13, 0, 40, tzinfo=datetime.UTC
    )
    deliver_at("2026-03-13 07:40:00+07:00")
    row.refresh_from_db()
    assert row.status == ReminderStatus.FAILED and row.attempts == 3
    assert row.next_attempt_at is None and row.sent_at is None
    assert "Connection unexpectedly closed" in row.last_error
    # Failed for good: later runs leave it alone.
    flaky_mail["failures_left"] = 0
    deliver_at("2026-03-14 07:00:00+07:00")
    row.refresh_from_db()
    assert row.status == ReminderStatus.FAILED
    assert mail.outbox == []


def test_a_reminder_due_later_is_not_sent_early(task):
    with freeze_time("2026-03-13 07:00:00+07:00"):
        reminders_scan(actor=system_actor())
    with freeze_time("2026-03-12 07:00:00+07:00"):
        assert (
            reminders_deliver(
                actor=system_actor(), today=datetime.date(2026, 3, 12)
            ).sent
            == 0
        )
