"""Fixtures of the reminder tests: the default rules, a task due on a Monday,
and a helper that runs the daily scan on a frozen clock."""

import datetime
import importlib

import pytest
from django.core import mail
from freezegun import freeze_time

from indices.access import system_actor
from indices.roles import Role
from inspections.models import ReminderRule
from inspections.services.reminder_digests import reminder_digest_send
from inspections.services.reminders import reminders_deliver, reminders_scan
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.factories import RemediationTaskFactory

# Monday 16 March 2026.
DEADLINE = datetime.date(2026, 3, 16)


def day(offset: int) -> datetime.date:
    """The day `offset` days after the deadline (negative: before)."""
    return DEADLINE + datetime.timedelta(days=offset)


def run_scan_on(when: datetime.date, *, digest: bool = False):
    """The daily Celery job's work at 07:00 Vietnam time on `when`, clock frozen."""
    with freeze_time(f"{when.isoformat()} 07:00:00+07:00"):
        scan = reminders_scan(actor=system_actor())
        delivered = reminders_deliver(actor=system_actor())
        if digest:
            reminder_digest_send(actor=system_actor())
    return scan, delivered


def sent_to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if address in m.to]


def ensure_default_rules() -> None:
    """The data migration's rules; transactional tests flush them away."""
    if ReminderRule.objects.exists():
        return
    from django.apps import apps

    migration = importlib.import_module(
        "inspections.migrations.0002_default_reminder_rules"
    )
    migration.create_defaults(apps, None)


@pytest.fixture
def rules(db):
    """The default rules (created by the data migration), by short key."""
    ensure_default_rules()
    by_name = {rule.name: rule for rule in ReminderRule.objects.all()}
    return {
        "before7": by_name["Nhắc trước thời hạn 7 ngày"],
        "before3": by_name["Nhắc trước thời hạn 3 ngày"],
        "before1": by_name["Nhắc trước thời hạn 1 ngày"],
        "on_day": by_name["Nhắc vào ngày đến hạn"],
        "overdue": by_name["Nhắc quá hạn, lặp lại mỗi 7 ngày"],
        "escalation": by_name["Báo quá hạn tới thủ trưởng cơ quan và Sở Nội vụ"],
        "digest": by_name["Tổng hợp hằng tuần nhiệm vụ quá hạn trên 14 ngày"],
    }


@pytest.fixture
def agency(db):
    return AgencyFactory(
        name="Sở Tư pháp thử nghiệm",
        code="so-tu-phap-tn",
        contact_emails="vanthu@stp.example.gov.vn",
        focal_email="cchc@stp.example.gov.vn",
        head_email="giamdoc@stp.example.gov.vn",
    )


@pytest.fixture
def other_agency(db):
    return AgencyFactory(
        name="Sở Y tế thử nghiệm",
        code="so-y-te-tn",
        contact_emails="vanthu@syt.example.gov.vn",
        focal_email="",
        head_email="giamdoc@syt.example.gov.vn",
    )


@pytest.fixture
def agency_user(agency):
    return make_user(
        Role.AGENCY_STAFF,
        agency=agency,
        username="canbo_stp",
        email="canbo@stp.example.gov.vn",
    )


@pytest.fixture
def task(agency, rules):
    return RemediationTaskFactory(
        agency=agency,
        title="Rà soát, cập nhật thủ tục hành chính",
        start_date=datetime.date(2026, 1, 5),
        deadline=DEADLINE,
    )


CONTACTS = [
    "vanthu@stp.example.gov.vn",
    "cchc@stp.example.gov.vn",
]
HEAD = "giamdoc@stp.example.gov.vn"
