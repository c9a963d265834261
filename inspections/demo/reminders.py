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

from ..models import Directive
from ..services.directives import DirectiveAssignment, directive_create

DEMO_DIRECTIVE_NUMBER = "MH-01/UBND-NC"
DEMO_TASKS = [
    # agency name, title, deadline offset from the first seeding day
    ("Sở Y tế", "Công khai thủ tục hành chính tại Bộ phận Một cửa", 3),
    ("Sở Tư pháp", "Báo cáo kết quả rà soát văn bản quy phạm pháp luật", 0),
    ("Sở Xây dựng", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", -1),
    ("Sở Y tế", "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", -20),
]


@transaction.atomic
def seed_reminder_demo() -> int:
    """Create the illustrative directive and its tasks once, through the
    directive service; return how many tasks it has."""
    existing = Directive.objects.filter(number=DEMO_DIRECTIVE_NUMBER).first()
    if existing is not None:
        return existing.tasks.count()
    snv = User.objects.filter(username="snv").first()
    if snv is None:
        return 0
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=45)
    agencies = {
        a.name: a for a in Agency.objects.filter(name__in=[t[0] for t in DEMO_TASKS])
    }
    assignments = [
        DirectiveAssignment(
            agency=agencies[name],
            title=title,
            deadline=today + datetime.timedelta(days=offset),
            description="Dữ liệu minh họa để thử chức năng nhắc thời hạn.",
        )
        for name, title, offset in DEMO_TASKS
        if name in agencies
    ]
    for agency in agencies.values():
        # The Sở Nội vụ focal person receives escalations for these agencies.
        if agency.snv_liaison_id is None:
            Agency.objects.filter(pk=agency.pk).update(snv_liaison=snv)
    directive = directive_create(
        number=DEMO_DIRECTIVE_NUMBER,
        issued_on=issued_on,
        summary="Dữ liệu minh họa (không có thật): giao nhiệm vụ để thử chức năng "
        "nhắc thời hạn và báo quá hạn.",
        actor=snv,
        assignments=assignments,
    )
    return directive.tasks.count()
