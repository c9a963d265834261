"""Remediation tasks in the admin: read-only except the bulk verification,
which goes through task_verify task by task."""

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import RemediationTask, TaskEventKind, TaskStatus
from inspections.services.tasks import task_progress_report
from tests.inspections.factories import RemediationTaskFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:inspections_remediationtask_changelist")


@pytest.fixture
def tasks():
    submitted = RemediationTaskFactory(
        title="Đã nộp báo cáo",
        status=TaskStatus.SUBMITTED,
        report="Đã khắc phục.",
        submitted_at=timezone.now(),
        version=3,
    )
    still_open = RemediationTaskFactory(title="Chưa làm", status=TaskStatus.OPEN)
    return submitted, still_open


def _select(*tasks):
    return {"action": "verify_submitted", "_selected_action": [t.pk for t in tasks]}


def test_verify_action_asks_first_and_says_what_it_will_skip(admin_client, tasks):
    submitted, still_open = tasks
    page = admin_client.post(CHANGELIST, _select(submitted, still_open))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Verify submitted tasks" in body
    assert "not submitted for verification (open)" in body
    assert f'name="version_{submitted.pk}" value="3"' in body
    submitted.refresh_from_db()
    assert submitted.status == TaskStatus.SUBMITTED


def test_verify_action_verifies_through_the_service_and_reports_skips(
    admin_client, superuser, tasks
):
    submitted, still_open = tasks
    response = admin_client.post(
        CHANGELIST,
        {
            **_select(submitted, still_open),
            "post": "yes",
            "note": "Đạt yêu cầu",
            f"version_{submitted.pk}": "3",
        },
        follow=True,
    )
    submitted.refresh_from_db()
    still_open.refresh_from_db()
    assert submitted.status == TaskStatus.VERIFIED
    assert (submitted.version, submitted.verified_by) == (4, superuser)
    event = submitted.events.get()
    assert (event.kind, event.actor, event.note) == (
        TaskEventKind.VERIFIED,
        superuser,
        "Đạt yêu cầu",
    )
    assert still_open.status == TaskStatus.OPEN and not still_open.events.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert "1 task was verified." in messages
    assert any(
        "Skipped" in m and "Chưa làm" in m and "not submitted" in m for m in messages
    )


def test_a_task_changed_after_the_confirmation_page_is_skipped(
    admin_client, superuser, tasks
):
    submitted, _still_open = tasks
    # The page showed version 2; the task has moved on since.
    response = admin_client.post(
        CHANGELIST,
        {**_select(submitted), "post": "yes", f"version_{submitted.pk}": "2"},
        follow=True,
    )
    submitted.refresh_from_db()
    assert submitted.status == TaskStatus.SUBMITTED
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "0 tasks were verified." in messages
    assert "changed by someone else" in messages or "was changed after" in messages


def test_task_pages_are_read_only(admin_client, tasks):
    submitted, _still_open = tasks
    url = reverse("admin:inspections_remediationtask_change", args=[submitted.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields  # everything read-only
    assert admin_client.post(url, {"status": "verified"}).status_code == 403
    assert reverse("admin:inspections_remediationtask_add") not in page.content.decode()
    assert (
        admin_client.get(reverse("admin:inspections_remediationtask_add")).status_code
        == 403
    )


def test_task_history_lists_workflow_changes(admin_client, superuser, tasks):
    _submitted, still_open = tasks
    task_progress_report(
        task=still_open,
        actor=superuser,
        expected_version=still_open.version,
        percent=40,
        note="Đang làm",
    )
    response = admin_client.get(
        reverse("admin:inspections_remediationtask_history", args=[still_open.pk])
    )
    assert response.status_code == 200
    records = list(response.context["page_obj"])
    assert [r.history_user for r in records][:1] == [superuser]
    assert records[0].status == TaskStatus.IN_PROGRESS
    assert RemediationTask.history.filter(id=still_open.pk).count() == 2
