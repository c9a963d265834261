"""Every default rule, on a frozen clock, running the daily scan day by day."""

import pytest
from django.conf import settings
from django.core import mail

from indices.roles import Role
from inspections.models import Notification, Reminder, ReminderStatus
from tests.indices.factories import make_user

from .conftest import CONTACTS, DEADLINE, HEAD, day, run_scan_on, sent_to

pytestmark = pytest.mark.django_db


def run_daily(first: int, last: int) -> dict[int, list]:
    """Run the scan each day from day(first) to day(last); mails sent per day."""
    by_day = {}
    for offset in range(first, last + 1):
        before = len(mail.outbox)
        run_scan_on(day(offset))
        by_day[offset] = mail.outbox[before:]
    return by_day


def test_before_deadline_rules_remind_contacts_7_3_1_days_before_and_on_the_day(
    task, agency_user
):
    by_day = run_daily(-10, 0)
    days_with_mail = sorted(offset for offset, mails in by_day.items() if mails)
    assert days_with_mail == [-7, -3, -1, 0]
    for offset in days_with_mail:
        recipients = sorted(address for m in by_day[offset] for address in m.to)
        assert recipients == sorted([*CONTACTS, agency_user.email])
    subjects = {offset: by_day[offset][0].subject for offset in days_with_mail}
    for subject in subjects.values():
        assert task.title in subject and "16/03/2026" in subject
    rules_used = set(
        Reminder.objects.filter(task=task).values_list("rule__name", flat=True)
    )
    assert rules_used == {
        "Nhắc trước thời hạn 7 ngày",
        "Nhắc trước thời hạn 3 ngày",
        "Nhắc trước thời hạn 1 ngày",
        "Nhắc vào ngày đến hạn",
    }


def test_subjects_count_days_in_vietnamese(task):
    run_scan_on(day(-3))
    run_scan_on(day(0))
    run_scan_on(day(1))
    subjects = sent_to(CONTACTS[0])
    assert subjects == [
        "Còn 3 ngày đến hạn: Rà soát, cập nhật thủ tục hành chính (thời hạn 16/03/2026)",
        "Đến hạn hôm nay: Rà soát, cập nhật thủ tục hành chính (thời hạn 16/03/2026)",
        "Quá hạn 1 ngày: Rà soát, cập nhật thủ tục hành chính (thời hạn 16/03/2026)",
    ]


def test_agency_users_with_an_email_also_get_an_in_app_notification(task, agency_user):
    inactive = make_user(
        Role.AGENCY_STAFF, agency=task.agency, username="nghi", email="nghi@x.vn"
    )
    inactive.is_active = False
    inactive.save()
    run_scan_on(day(-7))
    notification = Notification.objects.get(user=agency_user)
    assert notification.url == task.get_absolute_url()
    assert "16/03/2026" in notification.title
    assert notification.read_at is None
    assert not sent_to("nghi@x.vn")


def test_overdue_reminders_repeat_every_seven_days_to_contacts(task):
    by_day = run_daily(1, 22)
    contact_days = sorted(
        offset
        for offset, mails in by_day.items()
        if any(CONTACTS[0] in m.to for m in mails)
    )
    assert contact_days == [1, 8, 15, 22]
    assert sent_to(CONTACTS[0])[1].startswith("Quá hạn 8 ngày:")


def test_becoming_overdue_also_tells_the_head_and_the_snv_focal_address_once(task):
    by_day = run_daily(0, 16)
    escalated = {
        offset: sorted(a for m in mails for a in m.to if a not in CONTACTS)
        for offset, mails in by_day.items()
    }
    assert escalated[1] == sorted([HEAD, settings.CCHC_SNV_FOCAL_EMAIL])
    assert all(not escalated[offset] for offset in escalated if offset != 1)
    subject = sent_to(HEAD)[0]
    assert subject.startswith("Nhiệm vụ quá hạn của Sở Tư pháp thử nghiệm:")


def test_escalation_goes_to_the_agencys_snv_liaison_when_it_has_one(task):
    liaison = make_user(Role.SNV_STAFF, username="lienlac", email="lienlac@snv.vn")
    task.agency.snv_liaison = liaison
    task.agency.save()
    run_scan_on(day(1))
    assert sent_to("lienlac@snv.vn")
    assert not sent_to(settings.CCHC_SNV_FOCAL_EMAIL)
    assert Notification.objects.filter(user=liaison).count() == 1


def test_a_rule_switched_off_sends_nothing(task, rules):
    rules["before7"].is_active = False
    rules["before7"].save()
    run_scan_on(day(-7))
    assert mail.outbox == []


def test_a_task_far_from_its_deadline_gets_nothing(task):
    run_scan_on(day(-30))
    run_scan_on(day(-8))
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_every_sent_reminder_is_in_the_ledger_with_its_key(task):
    run_scan_on(day(-3))
    rows = Reminder.objects.filter(task=task)
    assert {r.status for r in rows} == {ReminderStatus.SENT}
    assert {r.deadline for r in rows} == {DEADLINE}
    assert {r.due_on for r in rows} == {day(-3)}
    assert {r.recipient_email for r in rows} == set(CONTACTS)
    assert all(r.attempts == 1 and r.sent_at for r in rows)
