"""Default reminder rules and the two periodic tasks of the reminder scan.

Both are created only when missing, never overwritten: administrators edit
them in the admin (rules under Inspections, schedules under Periodic tasks).
"""

from django.conf import settings
from django.db import migrations

RULES = [
    # name, timing, days, repeat, contacts, head, snv focal, digest
    ("Nhắc trước thời hạn 7 ngày", "before", 7, None, True, False, False, False),
    ("Nhắc trước thời hạn 3 ngày", "before", 3, None, True, False, False, False),
    ("Nhắc trước thời hạn 1 ngày", "before", 1, None, True, False, False, False),
    ("Nhắc vào ngày đến hạn", "before", 0, None, True, False, False, False),
    ("Nhắc quá hạn, lặp lại mỗi 7 ngày", "after", 1, 7, True, False, False, False),
    (
        "Báo quá hạn tới thủ trưởng cơ quan và Sở Nội vụ",
        "after",
        1,
        None,
        False,
        True,
        True,
        False,
    ),
    (
        "Tổng hợp hằng tuần nhiệm vụ quá hạn trên 14 ngày",
        "digest",
        14,
        None,
        False,
        False,
        False,
        True,
    ),
]

PERIODIC_TASKS = [
    # name, task, minute, hour, day of week, description
    (
        "Quét nhắc việc hằng ngày",
        "inspections.tasks.reminders_scan",
        "0",
        "7",
        "*",
        "Gửi nhắc thời hạn, nhắc quá hạn và báo cáo quá hạn theo các quy tắc nhắc việc.",
    ),
    (
        "Tổng hợp quá hạn hằng tuần",
        "inspections.tasks.reminder_digest_send",
        "30",
        "7",
        "1",
        "Gửi một thư tổng hợp các nhiệm vụ quá hạn lâu tới lãnh đạo Sở Nội vụ "
        "và Văn phòng UBND tỉnh (thứ Hai).",
    ),
]


def create_defaults(apps, schema_editor):
    ReminderRule = apps.get_model("inspections", "ReminderRule")
    for name, timing, days, repeat, contacts, head, snv, digest in RULES:
        if not ReminderRule.objects.filter(name=name).exists():
            ReminderRule.objects.create(
                name=name,
                timing=timing,
                days=days,
                repeat_every_days=repeat,
                to_agency_contacts=contacts,
                to_agency_head=head,
                to_snv_focal=snv,
                to_digest_recipients=digest,
            )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, day_of_week, description in PERIODIC_TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(
            name=name, task=task, crontab=crontab, description=description
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
