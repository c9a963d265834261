"""Catch-up after missed scans, and what the scan picks up from the task rows
alone: a deadline change, completion, cancellation, reassignment."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from indices.access import system_actor
from inspections.models import RemediationTask, Reminder, ReminderStatus, TaskStatus
from inspections.services.reminders import reminders_deliver, reminders_scan

from .conftest import CONTACTS, HEAD, day, run_scan_on, sent_to

pytestmark = pytest.mark.django_db


def scan_only(offset: int):
    """The scan claimed its reminders but the worker died before sending."""
    from freezegun import freeze_time

    with freeze_time(f"{day(offset).isoformat()} 07:00:00+07:00"):
        return reminders_scan(actor=system_actor())


def deliver_on(offset: int):
    from freezegun import freeze_time

    with freeze_time(f"{day(offset).isoformat()} 07:10:00+07:00"):
        return reminders_deliver(actor=system_actor())


# --- catch-up -----------------------------------------------------------------


def test_missed_days_send_only_the_latest_reminder_not_a_burst(task):
    run_scan_on(day(-10))  # a normal day, nothing due
    # The worker is down from day -9 to day -3 (the 7-day and 3-day reminders
    # were due then); it comes back on day -2.
    scan, _delivered = run_scan_on(day(-2))
    assert scan.window_start == day(-9)
    assert sent_to(CONTACTS[0]) == [
        "Còn 2 ngày đến hạn: Rà soát, cập nhật thủ tục hành chính (thời hạn 16/03/2026)"
    ]
    assert set(Reminder.objects.values_list("rule__days", "due_on")) == {(3, day(-3))}
    # The skipped 7-day reminder is not created later either.
    run_scan_on(day(-1))
    assert not Reminder.objects.filter(due_on=day(-7)).exists()


def test_catch_up_across_the_deadline_sends_the_overdue_notice_and_escalation(task):
    run_scan_on(day(-4))
    mail.outbox.clear()
    run_scan_on(day(3))  # down on days -3 … 2
    assert len(sent_to(CONTACTS[0])) == 1
    assert sent_to(CONTACTS[0])[0].startswith("Quá hạn 3 ngày:")
    assert len(sent_to(HEAD)) == 1
    assert len(sent_to(settings.CCHC_SNV_FOCAL_EMAIL)) == 1
    assert len(mail.outbox) == len(CONTACTS) + 2


def test_catch_up_prefers_an_escalation_that_fell_in_the_missed_days(task):
    run_scan_on(day(0))
    mail.outbox.clear()
    run_scan_on(day(9))  # down on days 1 … 8: escalation and the day-8 reminder
    assert len(sent_to(HEAD)) == 1  # the escalation due on day 1 is not lost
    assert len(sent_to(CONTACTS[0])) == 1  # one reminder, for day 8, not two
    rows = Reminder.objects.filter(recipient_email=CONTACTS[0], due_on__gt=day(0))
    assert [r.due_on for r in rows] == [day(8)]


def test_a_claimed_but_unsent_reminder_is_sent_by_the_next_run(task):
    scan_only(-3)  # claimed, then the worker died
    assert mail.outbox == []
    run_scan_on(day(-3))  # run again the same day (retry, or second worker)
    assert len(sent_to(CONTACTS[0])) == 1


# --- running twice ----------------------------------------------------------------


def test_running_the_scan_twice_never_sends_twice(task):
    run_scan_on(day(-3))
    count = len(mail.outbox)
    rows = Reminder.objects.count()
    run_scan_on(day(-3))
    run_scan_on(day(-3))
    assert len(mail.outbox) == count and Reminder.objects.count() == rows


# --- deadline change ---------------------------------------------------------------


def test_a_changed_deadline_starts_a_fresh_schedule(task):
    run_scan_on(day(-7))
    new_deadline = day(14)
    # Deadline extended (by another feature's service): only the row changes.
    RemediationTask.objects.filter(pk=task.pk).update(deadline=new_deadline)
    mail.outbox.clear()
    for offset in range(-6, 7):
        run_scan_on(day(offset))
    assert mail.outbox == []  # nothing due for the old date, not overdue
    run_scan_on(day(7))  # 7 days before the new deadline
    assert sent_to(CONTACTS[0]) == [
        "Còn 7 ngày đến hạn: Rà soát, cập nhật thủ tục hành chính (thời hạn 30/03/2026)"
    ]
    assert set(
        Reminder.objects.filter(due_on=day(7)).values_list("deadline", flat=True)
    ) == {new_deadline}


def test_pending_reminders_of_the_old_deadline_are_superseded(task):
    scan_only(-3)
    RemediationTask.objects.filter(pk=task.pk).update(deadline=day(30))
    delivered = deliver_on(-3)
    assert mail.outbox == []
    assert delivered.superseded == len(CONTACTS)
    assert set(Reminder.objects.values_list("status", flat=True)) == {
        ReminderStatus.SUPERSEDED
    }


def test_an_earlier_deadline_is_reminded_from_the_new_date(task):
    run_scan_on(day(-10))
    RemediationTask.objects.filter(pk=task.pk).update(deadline=day(-9))
    run_scan_on(day(-9))  # the new deadline is today
    assert sent_to(CONTACTS[0])[0].startswith("Đến hạn hôm nay:")
    assert "07/03/2026" in sent_to(CONTACTS[0])[0]


# --- completion --------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [TaskStatus.SUBMITTED, TaskStatus.VERIFIED, TaskStatus.CANCELLED]
)
def test_completion_verification_or_cancellation_stops_reminders(task, status):
    run_scan_on(day(-7))
    scan_only(-3)  # claimed …
    RemediationTask.objects.filter(pk=task.pk).update(status=status)  # … then done
    mail.outbox.clear()
    deliver_on(-3)
    for offset in range(-2, 20):
        run_scan_on(day(offset))
    assert mail.outbox == []
    statuses = dict(
        Reminder.objects.filter(due_on=day(-3)).values_list("recipient_email", "status")
    )
    assert set(statuses.values()) == {ReminderStatus.SUPERSEDED}


def test_a_task_in_progress_is_still_reminded(task):
    RemediationTask.objects.filter(pk=task.pk).update(status=TaskStatus.IN_PROGRESS)
    run_scan_on(day(-1))
    assert len(sent_to(CONTACTS[0])) == 1


def test_a_returned_task_is_reminded_again_while_overdue(task):
    RemediationTask.objects.filter(pk=task.pk).update(status=TaskStatus.SUBMITTED)
    run_scan_on(day(1))
    assert mail.outbox == []
    RemediationTask.objects.filter(pk=task.pk).update(status=TaskStatus.IN_PROGRESS)
    run_scan_on(day(8))
    assert sent_to(CONTACTS[0])[0].startswith("Quá hạn 8 ngày:")


# --- reassignment ------------------------------------------------------------------


def test_reassignment_sends_to_the_new_agency_and_no_longer_to_the_old(
    task, other_agency
):
    run_scan_on(day(-3))
    scan_only(-1)  # claimed for the old agency, not yet sent
    RemediationTask.objects.filter(pk=task.pk).update(agency=other_agency)
    mail.outbox.clear()
    run_scan_on(day(-1))
    assert sent_to("vanthu@syt.example.gov.vn")
    assert not any(sent_to(address) for address in CONTACTS)
    old = Reminder.objects.filter(due_on=day(-1), agency=task.agency)
    assert {r.status for r in old} == {ReminderStatus.SUPERSEDED}
    run_scan_on(day(1))
    assert sent_to("giamdoc@syt.example.gov.vn")  # the new agency's head
    assert not sent_to(HEAD)


def test_scan_reads_nothing_but_pending_tasks(task, agency):
    """A task verified long ago never appears in the scan's work."""
    RemediationTask.objects.filter(pk=task.pk).update(status=TaskStatus.VERIFIED)
    scan, _ = run_scan_on(day(1))
    assert scan.tasks_examined == 0


def test_the_window_starts_today_on_a_new_installation(task):
    scan, _ = run_scan_on(day(-2))
    assert scan.window_start == day(-2)
    assert mail.outbox == []  # the 3-day reminder predates the first scan
    assert scan.today == datetime.date(2026, 3, 14)
