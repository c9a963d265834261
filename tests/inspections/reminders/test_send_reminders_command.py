"""`manage.py send_reminders`: the same scan, run by hand."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from inspections.models import Reminder

from .conftest import CONTACTS, day

pytestmark = pytest.mark.django_db


def run(*args, language="en") -> str:
    from io import StringIO

    from django.utils import translation

    out = StringIO()
    with freeze_time("2026-03-13 08:00:00+07:00"), translation.override(language):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_output_is_vietnamese_by_default(task):
    out = run("--dry-run", language="vi")
    assert "Sở Tư pháp thử nghiệm" in out
    assert "Chạy thử" in out


def test_second_run_on_the_same_day_sends_nothing(task):
    first = run()
    assert len(mail.outbox) == len(CONTACTS)
    for address in CONTACTS:
        line = next(line for line in first.splitlines() if address in line)
        assert line.startswith("sent")
        assert f"task #{task.pk}" in line
        assert "Sở Tư pháp thử nghiệm" in line
        assert "Nhắc trước thời hạn 3 ngày" in line
    assert "Reminders: 2 new, 2 sent, 0 to retry, 0 failed" in first
    second = run()
    assert len(mail.outbox) == len(CONTACTS)
    assert "Reminders: 0 new, 0 sent, 0 to retry, 0 failed" in second
    assert "sent " not in second.replace("0 sent", "")


def test_dry_run_lists_what_would_be_sent_and_writes_nothing(task):
    out = run("--dry-run")
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert out.count("would send") == len(CONTACTS)
    assert "Nhắc trước thời hạn 3 ngày" in out
    assert "Dry run: 2 reminder(s) would be sent" in out


def test_dry_run_after_a_real_run_lists_nothing(task):
    run()
    assert "Dry run: 0 reminder(s) would be sent" in run("--dry-run")


def test_today_option_runs_the_scan_for_another_day(task):
    out = run("--today", day(-7).isoformat())
    assert "Scan for 09/03/2026" in out
    assert set(Reminder.objects.values_list("due_on", flat=True)) == {day(-7)}


def test_digest_option_sends_the_weekly_digest(task):
    out = run("--today", day(20).isoformat(), "--digest")
    assert "Weekly digest: 1 long-overdue task(s), 2 sent, 0 failed." in out


def test_a_bad_date_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="not a date in YYYY-MM-DD form"):
        call_command("send_reminders", "--today", "13/03/2026")


def test_tasks_whose_agency_has_nobody_to_remind_are_reported(task, settings):
    from indices.models import Agency
    from inspections.models import ReminderScan

    Agency.objects.filter(pk=task.agency_id).update(
        contact_emails="", focal_email="", head_email=""
    )
    out = run()
    assert "1 task(s) had a reminder due but their agency has no contact" in out
    assert ReminderScan.objects.get().tasks_without_recipients == 1
