"""Illustrative tasks for trying the reminders (`seed_demo`; safe to run again).

A directive labelled as illustrative assigns four tasks whose deadlines are
set, on the first run, relative to that day: due in 3 days, due today, one
day overdue and 20 days overdue. `python manage.py send_reminders` then has
something to send, and a second run the same day sends nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from indices.models import Agency, User

from .models import Directive, RemediationTask, TaskSource

DEMO_DIRECTIVE_NUMBER = "MH-01/UBND-NC"
DEMO_TASKS = [
    # agency name, title, deadline offset from the first seeding day
    ("Sở Y tế", "Công khai thủ tục hành chính tại Bộ phận Một cửa", 3),
    ("Sở Tư pháp", "Báo cáo kết quả rà soát văn bản quy phạm pháp luật", 0),
    (
        "UBND huyện Bù Gia Mập",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        -1,
    ),
    ("Sở Y tế", "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", -20),
]


@transaction.atomic
def seed_reminder_demo() -> int:
    """Create the illustrative directive and tasks once; return how many tasks exist."""
    today = timezone.localdate()
    directive, _created = Directive.objects.get_or_create(
        number=DEMO_DIRECTIVE_NUMBER,
        defaults={
            "issued_on": today - datetime.timedelta(days=45),
            "summary": "Dữ liệu minh họa (không có thật): giao nhiệm vụ để thử "
            "chức năng nhắc thời hạn và báo quá hạn.",
        },
    )
    snv = User.objects.filter(username="snv").first()
    for agency_name, title, offset in DEMO_TASKS:
        agency = Agency.objects.filter(name=agency_name).first()
        if agency is None:
            continue
        if snv and agency.snv_liaison_id is None:
            Agency.objects.filter(pk=agency.pk).update(snv_liaison=snv)
        RemediationTask.objects.get_or_create(
            directive=directive,
            title=title,
            defaults={
                "agency": agency,
                "source": TaskSource.DIRECTIVE,
                "start_date": directive.issued_on,
                "deadline": today + datetime.timedelta(days=offset),
            },
        )
    return directive.tasks.count()
