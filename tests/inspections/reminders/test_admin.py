"""Administrators edit the rules and see the ledger; Sở Nội vụ can run the
scan by hand and resend failed reminders."""

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from indices.access import system_actor
from inspections.models import Reminder, ReminderRule, ReminderScan, ReminderStatus
from inspections.services.reminders import reminders_scan
from tests.indices.factories import UserFactory

from .conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "reminderrule",
        "reminder",
        "reminderscan",
        "reminderdigest",
        "notification",
        "calendarfeed",
    ],
)
def test_admin_lists_open(admin_client, rules, model):
    assert (
        admin_client.get(reverse(f"admin:inspections_{model}_changelist")).status_code
        == 200
    )


def test_a_rule_needs_a_recipient(admin_client, rules):
    rule = rules["before3"]
    url = reverse("admin:inspections_reminderrule_change", args=[rule.pk])
    response = admin_client.post(
        url,
        {"name": rule.name, "is_active": "on", "timing": "before", "days": "3"},
    )
    assert response.status_code == 200
    assert "Chọn ít nhất một nơi nhận cho quy tắc." in response.content.decode()


def test_an_administrator_changes_a_rule(admin_client, rules):
    rule = rules["overdue"]
    url = reverse("admin:inspections_reminderrule_change", args=[rule.pk])
    admin_client.post(
        url,
        {
            "name": rule.name,
            "is_active": "on",
            "timing": "after",
            "days": "1",
            "repeat_every_days": "5",
            "to_agency_contacts": "on",
            "extra_emails": "",
        },
    )
    rule.refresh_from_db()
    assert rule.repeat_every_days == 5


def test_a_before_rule_cannot_repeat(rules):
    from django.core.exceptions import ValidationError

    rule = ReminderRule(name="x", timing="before", days=2, repeat_every_days=3)
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_the_scan_can_be_run_from_the_admin(
    admin_client, task, django_capture_on_commit_callbacks
):
    with (
        freeze_time(f"{day(-3).isoformat()} 10:00:00+07:00"),
        django_capture_on_commit_callbacks(execute=True) as queued,
    ):
        response = admin_client.post(
            reverse("admin:inspections_reminderscan_run", kwargs={"what": "scan"})
        )
    assert response.status_code == 302
    assert len(queued) == 1  # queued after commit, run eagerly in tests
    assert ReminderScan.objects.count() == 1  # eager Celery in tests
    assert len(mail.outbox) == 2


def test_failed_reminders_can_be_sent_again(
    admin_client, task, django_capture_on_commit_callbacks
):
    with freeze_time(f"{day(-3).isoformat()} 07:00:00+07:00"):
        reminders_scan(actor=system_actor())
    Reminder.objects.update(status=ReminderStatus.FAILED, attempts=5, last_error="x")
    ids = list(Reminder.objects.values_list("pk", flat=True))
    with (
        freeze_time(f"{day(-3).isoformat()} 10:00:00+07:00"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        admin_client.post(
            reverse("admin:inspections_reminder_changelist"),
            {"action": "retry_failed", "_selected_action": ids, "post": "yes"},
        )
    assert set(Reminder.objects.values_list("status", flat=True)) == {
        ReminderStatus.SENT
    }
    assert len(mail.outbox) == 2
