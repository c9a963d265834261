"""The data migration's defaults: two beat schedules and seven rules, created
when missing and never overwritten."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from inspections.models import ReminderRule

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "inspections.migrations.0002_default_reminder_rules"
)


def test_the_daily_scan_and_weekly_digest_are_scheduled_in_vietnam_time(rules):
    scan = PeriodicTask.objects.get(task="inspections.tasks.reminders_scan")
    digest = PeriodicTask.objects.get(task="inspections.tasks.reminder_digest_send")
    assert (scan.crontab.minute, scan.crontab.hour, scan.crontab.day_of_week) == (
        "0",
        "7",
        "*",
    )
    assert (digest.crontab.minute, digest.crontab.hour, digest.crontab.day_of_week) == (
        "30",
        "7",
        "1",
    )
    assert str(scan.crontab.timezone) == "Asia/Ho_Chi_Minh"
    assert scan.enabled and digest.enabled


def test_defaults_edited_by_an_administrator_are_kept(rules):
    scan = PeriodicTask.objects.get(task="inspections.tasks.reminders_scan")
    scan.enabled = False
    scan.save()
    rules["before7"].days = 10
    rules["before7"].save()
    migration.create_defaults(apps, None)
    assert PeriodicTask.objects.filter(task=scan.task).count() == 1
    assert not PeriodicTask.objects.get(pk=scan.pk).enabled
    assert ReminderRule.objects.get(pk=rules["before7"].pk).days == 10
    assert ReminderRule.objects.count() == 7
