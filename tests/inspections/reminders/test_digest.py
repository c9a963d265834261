"""The weekly digest: one e-mail per recipient listing every task overdue by
more than 14 days, grouped by agency, once per ISO week."""

import datetime

import pytest
from django.core import mail
from freezegun import freeze_time

from indices.access import system_actor
from inspections.models import ReminderDigest, ReminderStatus, TaskStatus
from inspections.services.reminder_digests import reminder_digest_send
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 4, 6)
DIGEST_TO = ["lanhdao@snv.example.gov.vn", "vanphong@ubnd.example.gov.vn"]


def overdue_by(days: int, **kwargs):
    return RemediationTaskFactory(
        start_date=datetime.date(2026, 1, 1),
        deadline=MONDAY - datetime.timedelta(days=days),
        **kwargs,
    )


def send_digest_on(when: datetime.date):
    with freeze_time(f"{when.isoformat()} 07:30:00+07:00"):
        return reminder_digest_send(actor=system_actor())


@pytest.fixture
def overdue_tasks(agency, other_agency, rules, settings):
    settings.CCHC_DIGEST_EMAILS = DIGEST_TO
    return {
        "a15": overdue_by(15, agency=agency, title="Nhiệm vụ A quá hạn 15 ngày"),
        "a40": overdue_by(40, agency=agency, title="Nhiệm vụ A quá hạn 40 ngày"),
        "b20": overdue_by(20, agency=other_agency, title="Nhiệm vụ B quá hạn 20 ngày"),
        "b14": overdue_by(14, agency=other_agency, title="Nhiệm vụ B quá hạn 14 ngày"),
        "done": overdue_by(
            30,
            agency=other_agency,
            title="Nhiệm vụ đã nộp",
            status=TaskStatus.SUBMITTED,
        ),
    }


def test_one_digest_per_recipient_lists_long_overdue_tasks_by_agency(overdue_tasks):
    result = send_digest_on(MONDAY)
    assert result.sent == 2 and result.tasks == 3
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(DIGEST_TO)
    message = mail.outbox[0]
    assert message.subject == (
        "Nhiệm vụ quá hạn trên 14 ngày – tuần 15/2026 (3 nhiệm vụ)"
    )
    text = message.body
    for key in ("a15", "a40", "b20"):
        assert overdue_tasks[key].title in text
    assert overdue_tasks["b14"].title not in text  # exactly 14 days: not yet
    assert overdue_tasks["done"].title not in text  # submitted: not pending
    # Grouped by agency: each agency heading once, its tasks under it.
    a_at = text.index("== Sở Tư pháp thử nghiệm (2 nhiệm vụ)")
    b_at = text.index("== Sở Y tế thử nghiệm (1 nhiệm vụ)")
    assert a_at < text.index(overdue_tasks["a40"].title) < b_at
    assert b_at < text.index(overdue_tasks["b20"].title)
    html = message.alternatives[0][0]
    assert overdue_tasks["a15"].get_absolute_url() in html


def test_the_digest_goes_once_a_week(overdue_tasks):
    send_digest_on(MONDAY)
    send_digest_on(MONDAY)
    send_digest_on(MONDAY + datetime.timedelta(days=3))  # same ISO week
    assert len(mail.outbox) == 2
    send_digest_on(MONDAY + datetime.timedelta(days=7))
    assert len(mail.outbox) == 4
    assert set(ReminderDigest.objects.values_list("iso_week", flat=True)) == {15, 16}
    assert set(ReminderDigest.objects.values_list("status", flat=True)) == {
        ReminderStatus.SENT
    }


def test_no_digest_when_nothing_is_overdue_that_long(agency, rules, settings):
    settings.CCHC_DIGEST_EMAILS = DIGEST_TO
    overdue_by(10, agency=agency)
    assert send_digest_on(MONDAY).sent == 0
    assert mail.outbox == []


def test_a_long_digest_counts_every_task_but_lists_a_bounded_number(
    agency, rules, settings
):
    settings.CCHC_DIGEST_EMAILS = DIGEST_TO[:1]
    settings.CCHC_DIGEST_MAX_TASKS = 3
    for n in range(5):
        overdue_by(20 + n, agency=agency, title=f"Nhiệm vụ số {n}")
    send_digest_on(MONDAY)
    body = mail.outbox[0].body
    assert "(5 nhiệm vụ)" in mail.outbox[0].subject
    assert body.count("Nhiệm vụ số") == 3
    assert "Thư chỉ liệt kê 3 trong tổng số 5 nhiệm vụ" in body
