"""Task pages: the board and its filters, the task page's workflow forms,
stale forms, evidence upload and download, export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from indices.models import AgencyGroup
from inspections.models import RemediationTask, TaskEventKind, TaskSource, TaskStatus
from inspections.services import tasks as services
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory
from tests.inspections.files import pdf_upload, renamed_executable
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def task_for(agency, **kwargs):
    kwargs.setdefault("start_date", days(-30))
    kwargs.setdefault("deadline", days(30))
    return RemediationTaskFactory(agency=agency, **kwargs)


# --- The board -------------------------------------------------------------------------------


def test_agency_user_lists_only_own_tasks(client_a, agency_a, agency_b):
    mine = task_for(agency_a, title="Việc của A")
    task_for(agency_b, title="Việc của B")
    response = client_a.get(reverse("inspections:task_list"))
    body = response.content.decode()
    assert mine.title in body and "Việc của B" not in body
    # No agency filter for an agency user: it would only reveal other agencies.
    assert 'name="agency"' not in body


def test_filters_and_counts(snv_client, agency_a, agency_b):
    district = AgencyFactory(group=AgencyGroup.DISTRICT, name="UBND huyện Thử")
    overdue = task_for(agency_a, title="Việc quá hạn", deadline=days(-1))
    soon = task_for(agency_b, title="Việc sắp đến hạn", deadline=days(3))
    later = task_for(district, title="Việc còn xa", deadline=days(40))
    done = task_for(
        agency_a, title="Việc đã xong", deadline=days(-5), status=TaskStatus.VERIFIED
    )
    url = reverse("inspections:task_list")

    def titles(**params):
        body = snv_client.get(url, params).content.decode()
        return {t.title for t in (overdue, soon, later, done) if t.title in body}

    assert titles() == {overdue.title, soon.title, later.title, done.title}
    assert titles(overdue="on") == {overdue.title}
    assert titles(due_soon="on") == {soon.title}
    assert titles(status="verified") == {done.title}
    assert titles(status="pending") == {overdue.title, soon.title, later.title}
    assert titles(agency=agency_b.pk) == {soon.title}
    assert titles(group="district") == {later.title}
    assert titles(q="sắp đến") == {soon.title}
    assert titles(source="finding") == set()
    assert titles(year=today().year + 5) == set()
    chips = {c["icon"]: c["count"] for c in snv_client.get(url).context["chips"]}
    assert chips["list"] == 4  # all
    assert chips["alarm"] == 1  # overdue
    assert chips["hourglass-split"] == 1  # due within 7 days
    assert chips["patch-check"] == 1  # verified
    # The chips count what choosing them would list, within the other filters.
    narrowed = snv_client.get(url, {"group": "district", "status": "verified"})
    chips = {c["icon"]: c["count"] for c in narrowed.context["chips"]}
    assert (chips["list"], chips["arrow-repeat"], chips["circle"]) == (1, 0, 1)


def test_overdue_and_due_soon_are_shown_in_words(client_a, agency_a):
    task_for(agency_a, title="Việc quá hạn", deadline=days(-2))
    body = client_a.get(reverse("inspections:task_list")).content.decode()
    assert "bi-alarm" in body and ("quá hạn" in body or "overdue" in body)


def test_board_query_count_is_constant(snv_client, agency_a):
    for _ in range(5):
        task_for(AgencyFactory())
    assert_constant_queries(
        lambda: snv_client.get(reverse("inspections:task_list")),
        lambda: [task_for(AgencyFactory()) for _ in range(45)],
        expected=10,
    )


def test_agency_list_query_count_is_constant(client_a, agency_a):
    for _ in range(5):
        task_for(agency_a)
    assert_constant_queries(
        lambda: client_a.get(reverse("inspections:task_list"), {"status": "open"}),
        lambda: [task_for(agency_a) for _ in range(45)],
        expected=10,
    )


def test_export_has_the_users_rows_only(client_a, agency_a, agency_b):
    task_for(agency_a, title="Việc của A")
    task_for(agency_b, title="Việc của B")
    response = client_a.get(reverse("inspections:task_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "Việc của A" in values and "Việc của B" not in values


# --- The task page and its forms -------------------------------------------------------------


def test_agency_sees_its_forms_and_leadership_none(client_a, leader_client, agency_a):
    task = task_for(agency_a)
    url = task.get_absolute_url()
    mine = client_a.get(url)
    assert {"progress", "evidence", "submit"} == set(mine.context["forms"])
    assert not leader_client.get(url).context["forms"]


def test_snv_sees_verify_and_return_on_a_submitted_task(snv_client, agency_a, user_a):
    task = task_for(agency_a, requires_evidence=False)
    services.task_submit(task=task, actor=user_a, expected_version=1, report="Xong")
    forms = snv_client.get(task.get_absolute_url()).context["forms"]
    assert {"verify", "return", "deadline", "reassign", "cancel"} == set(forms)


def test_progress_post_and_history(client_a, agency_a):
    task = task_for(agency_a)
    response = client_a.post(
        reverse("inspections:task_progress", kwargs={"task_id": task.pk}),
        {"version": 1, "percent": 50, "note": "Đã xây dựng kế hoạch khắc phục."},
    )
    assert response.status_code == 302
    body = client_a.get(task.get_absolute_url()).content.decode()
    assert "Đã xây dựng kế hoạch khắc phục." in body and "50 %" in body


def test_stale_form_is_refused_with_a_message_and_the_input_is_kept(
    client_a, agency_a, user_a
):
    task = task_for(agency_a)
    url = reverse("inspections:task_progress", kwargs={"task_id": task.pk})
    # Two tabs rendered at version 1; the first posts.
    assert (
        client_a.post(url, {"version": 1, "percent": 30, "note": "Tab một"}).status_code
        == 302
    )
    response = client_a.post(
        url, {"version": 1, "percent": 80, "note": "Ghi chú tab hai"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    # The message says who changed the task in between.
    assert any("sau khi bạn mở trang" in m and str(user_a) in m for m in messages)
    assert "sau khi bạn mở trang" in body
    # Nothing lost: the user's input is in the form, ready to send again…
    assert "Ghi chú tab hai" in body and 'value="80"' in body
    # …and the page shows the current state (30 %) with the current version.
    assert response.context["task"].progress_percent == 30
    assert response.context["forms"]["progress"]["version"].value() == 2
    task.refresh_from_db()
    assert (task.progress_percent, task.version) == (30, 2)
    # Sending it again from the refreshed form works.
    again = client_a.post(url, {"version": 2, "percent": 80, "note": "Ghi chú tab hai"})
    assert again.status_code == 302
    task.refresh_from_db()
    assert task.progress_percent == 80


def test_stale_deadline_change_is_refused(snv_client, agency_a, user_a):
    task = task_for(agency_a)
    services.task_progress_report(
        task=task, actor=user_a, expected_version=1, percent=20, note="x"
    )
    response = snv_client.post(
        reverse("inspections:task_deadline", kwargs={"task_id": task.pk}),
        {
            "version": 1,
            "deadline_basis": "date",
            "deadline": days(60).isoformat(),
            "reason": "Gia hạn",
        },
    )
    assert response.status_code == 409
    task.refresh_from_db()
    assert task.deadline == days(30)


def test_deadline_change_in_working_days_from_the_current_deadline(
    snv_client, agency_a
):
    task = task_for(
        agency_a,
        start_date=datetime.date(2026, 1, 5),
        deadline=datetime.date(2026, 2, 13),
    )
    response = snv_client.post(
        reverse("inspections:task_deadline", kwargs={"task_id": task.pk}),
        {
            "version": 1,
            "deadline_basis": "working_days",
            "deadline_days": 5,
            "reason": "Gia hạn 5 ngày làm việc (qua Tết).",
            "granted_by_chair": "on",
            "directive_reference": "Công văn 12/UBND-NC",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    # 13/02/2026 + 5 working days, skipping Tết (16–20/02): 27/02/2026.
    assert task.deadline == datetime.date(2026, 2, 27)
    event = task.events.get(kind=TaskEventKind.DEADLINE_CHANGED)
    assert event.directive_reference == "Công văn 12/UBND-NC"


def test_agency_cannot_post_oversight_actions(client_a, agency_a, user_a):
    task = task_for(agency_a, requires_evidence=False)
    services.task_submit(task=task, actor=user_a, expected_version=1, report="Xong")
    for name in (
        "task_verify",
        "task_return",
        "task_deadline",
        "task_reassign",
        "task_cancel",
    ):
        url = reverse(f"inspections:{name}", kwargs={"task_id": task.pk})
        assert client_a.post(url, {"version": 2, "reason": "x"}).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED and task.version == 2


def test_leadership_is_read_only(leader_client, agency_a):
    task = task_for(agency_a)
    url = reverse("inspections:task_progress", kwargs={"task_id": task.pk})
    assert (
        leader_client.post(url, {"version": 1, "percent": 10, "note": "x"}).status_code
        == 403
    )


def test_verify_and_return_by_snv(snv_client, agency_a, user_a):
    task = task_for(agency_a, requires_evidence=False)
    services.task_submit(task=task, actor=user_a, expected_version=1, report="Xong")
    back = snv_client.post(
        reverse("inspections:task_return", kwargs={"task_id": task.pk}),
        {"version": 2, "reason": ""},
    )
    assert back.status_code == 200 and back.context["forms"]["return"].errors
    snv_client.post(
        reverse("inspections:task_return", kwargs={"task_id": task.pk}),
        {"version": 2, "reason": "Thiếu tài liệu kiểm chứng."},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    services.task_submit(
        task=task, actor=user_a, expected_version=3, report="Đã bổ sung"
    )
    snv_client.post(
        reverse("inspections:task_verify", kwargs={"task_id": task.pk}), {"version": 4}
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED


def test_reassign_from_the_task_page(snv_client, agency_a, agency_b):
    task = task_for(agency_a)
    response = snv_client.post(
        reverse("inspections:task_reassign", kwargs={"task_id": task.pk}),
        {"version": 1, "agency": agency_b.pk, "reason": "Chuyển theo chức năng."},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.agency == agency_b


# --- Evidence --------------------------------------------------------------------------------


def test_evidence_upload_and_download(client_a, agency_a, private_media):
    task = task_for(agency_a)
    url = reverse("inspections:task_evidence_add", kwargs={"task_id": task.pk})
    response = client_a.post(
        url, {"file": pdf_upload("bien-ban.pdf"), "description": "Biên bản"}
    )
    assert response.status_code == 302
    evidence = task.evidence.get()
    download = client_a.get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert "bien-ban.pdf" in download["Content-Disposition"]


def test_evidence_upload_rejects_a_renamed_executable_with_a_clear_message(
    client_a, agency_a, private_media
):
    task = task_for(agency_a)
    url = reverse("inspections:task_evidence_add", kwargs={"task_id": task.pk})
    response = client_a.post(url, {"file": renamed_executable("bao-cao.pdf")})
    assert response.status_code == 200
    errors = response.context["forms"]["evidence"].errors["file"]
    assert "bao-cao.pdf" in errors[0] and "PDF, DOCX, XLSX, JPG, PNG" in errors[0]
    assert not task.evidence.exists()


def test_evidence_upload_rejects_an_oversized_file(
    settings, client_a, agency_a, private_media
):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    task = task_for(agency_a)
    url = reverse("inspections:task_evidence_add", kwargs={"task_id": task.pk})
    big = pdf_upload("qua-lon.pdf", b"0" * (20 * 1024 * 1024 + 1))
    response = client_a.post(url, {"file": big})
    errors = response.context["forms"]["evidence"].errors["file"]
    assert "qua-lon.pdf" in errors[0] and "20" in errors[0]
    assert not task.evidence.exists()


def test_submit_without_evidence_explains_why(client_a, agency_a):
    task = task_for(agency_a)
    response = client_a.post(
        reverse("inspections:task_submit", kwargs={"task_id": task.pk}),
        {"version": 1, "report": "Đã khắc phục."},
    )
    assert response.status_code == 200
    assert response.context["forms"]["submit"].errors
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_task_page_explains_working_day_deadline(snv_client, agency_a, snv_user):
    directive = RemediationTaskFactory().directive
    task = services.task_create(
        agency=agency_a,
        title="Việc theo ngày làm việc",
        source=TaskSource.DIRECTIVE,
        directive=directive,
        actor=snv_user,
        start_date=datetime.date(2025, 1, 20),
        deadline_basis="working_days",
        deadline_days=15,
    )
    body = snv_client.get(task.get_absolute_url()).content.decode()
    assert "17/02/2025" in body and "29/01/2025" in body  # Tết listed as skipped
    assert RemediationTask.objects.count() == 2


def test_finding_page_offers_task_creation_to_snv_and_links_back(
    snv_client, client_a, agency_a
):
    from inspections.models import TaskSource
    from tests.inspections.factories import FindingFactory, InspectionFactory

    finding = FindingFactory(inspection=InspectionFactory(agency=agency_a))
    task = RemediationTaskFactory(
        agency=agency_a,
        source=TaskSource.FINDING,
        finding=finding,
        title="Khắc phục tồn tại",
    )
    create_url = reverse(
        "inspections:task_create_from_finding", kwargs={"finding_id": finding.pk}
    )
    snv_page = snv_client.get(finding.get_absolute_url()).content.decode()
    assert create_url in snv_page and task.get_absolute_url() in snv_page
    agency_page = client_a.get(finding.get_absolute_url()).content.decode()
    assert create_url not in agency_page and task.get_absolute_url() in agency_page
    task_page = client_a.get(task.get_absolute_url()).content.decode()
    assert finding.get_absolute_url() in task_page
    assert finding.inspection.get_absolute_url() in task_page
