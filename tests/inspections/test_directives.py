"""Chair's directives: creation with assignments, visibility per agency, file."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections.models import Directive, RemediationTask, TaskSource
from inspections.services import directives as services
from tests.indices.factories import AgencyFactory
from tests.inspections.files import pdf_upload, renamed_executable

pytestmark = pytest.mark.django_db
D = datetime.date


def assignment(agency, title, **kwargs):
    kwargs.setdefault("deadline_basis", "date")
    kwargs.setdefault("deadline", D(2026, 6, 30))
    return services.DirectiveAssignment(agency=agency, title=title, **kwargs)


def test_directive_assigns_one_task_per_agency(snv_user, agency_a, agency_b):
    directive = services.directive_create(
        number="123/UBND-NC",
        issued_on=D(2026, 1, 26),
        summary="Chấn chỉnh công tác CCHC.",
        assignments=[
            assignment(agency_a, "Rà soát TTHC"),
            assignment(
                agency_b,
                "Báo cáo kết quả",
                deadline_basis="working_days",
                deadline_days=20,
                deadline=None,
            ),
        ],
        actor=snv_user,
    )
    assert directive.signer == "Chủ tịch UBND tỉnh"
    tasks = {t.agency: t for t in directive.tasks.all()}
    assert set(tasks) == {agency_a, agency_b}
    assert all(t.source == TaskSource.DIRECTIVE for t in tasks.values())
    assert tasks[agency_a].deadline == D(2026, 6, 30)
    # 20 working days from 26/01/2026 across Tết 2026 (16–20/02).
    assert tasks[agency_b].deadline == D(2026, 3, 2)
    assert tasks[agency_b].start_date == D(2026, 1, 26)


def test_directive_needs_an_assignment_and_saves_nothing_on_error(snv_user, agency_a):
    with pytest.raises(ValidationError):
        services.directive_create(
            number="1/UBND-NC",
            issued_on=D(2026, 1, 5),
            summary="x",
            assignments=[],
            actor=snv_user,
        )
    with pytest.raises(ValidationError) as error:
        services.directive_create(
            number="2/UBND-NC",
            issued_on=D(2026, 1, 5),
            summary="x",
            assignments=[
                assignment(agency_a, "Hợp lệ"),
                assignment(
                    agency_a, "Thiếu hạn", deadline_basis="working_days", deadline=None
                ),
            ],
            actor=snv_user,
        )
    assert "2" in error.value.messages[0]
    assert not Directive.objects.exists() and not RemediationTask.objects.exists()


def test_directive_file_is_checked_by_content(snv_user, agency_a, private_media):
    with pytest.raises(ValidationError) as error:
        services.directive_create(
            number="3/UBND-NC",
            issued_on=D(2026, 1, 5),
            summary="x",
            file=renamed_executable("van-ban.pdf"),
            assignments=[assignment(agency_a, "Việc")],
            actor=snv_user,
        )
    assert "van-ban.pdf" in error.value.message_dict["file"][0]
    directive = services.directive_create(
        number="3/UBND-NC",
        issued_on=D(2026, 1, 5),
        summary="x",
        file=pdf_upload("van-ban.pdf"),
        assignments=[assignment(agency_a, "Việc")],
        actor=snv_user,
    )
    assert directive.file.name.startswith("directives/2026/3-ubnd-nc")
    assert (private_media / directive.file.name).exists()


def test_create_page_with_assignments(snv_client, agency_a, agency_b, private_media):
    data = {
        "number": "45/UBND-NC",
        "issued_on": "02/03/2026",
        "signer": "Chủ tịch UBND tỉnh",
        "summary": "Đôn đốc khắc phục tồn tại.",
        "file": pdf_upload("45.pdf"),
        "form-TOTAL_FORMS": "4",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "1",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-agency": agency_a.pk,
        "form-0-title": "Cập nhật TTHC",
        "form-0-deadline_basis": "date",
        "form-0-deadline": "2026-04-30",
        "form-1-agency": agency_b.pk,
        "form-1-title": "Báo cáo",
        "form-1-deadline_basis": "working_days",
        "form-1-deadline_days": "10",
        "form-1-report_only": "on",
        # Rows 2 and 3 left empty.
        "form-2-deadline_basis": "date",
        "form-3-deadline_basis": "date",
    }
    response = snv_client.post(reverse("inspections:directive_create"), data)
    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        response.context["formset"].errors,
    )
    directive = Directive.objects.get(number="45/UBND-NC")
    assert directive.tasks.count() == 2
    assert not directive.tasks.get(agency=agency_b).requires_evidence
    detail = snv_client.get(directive.get_absolute_url()).content.decode()
    assert "Cập nhật TTHC" in detail and "Báo cáo" in detail


def test_create_page_reports_row_errors(snv_client, agency_a):
    data = {
        "number": "46/UBND-NC",
        "issued_on": "02/03/2026",
        "signer": "Chủ tịch UBND tỉnh",
        "summary": "x",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "1",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-agency": agency_a.pk,
        "form-0-title": "Thiếu số ngày",
        "form-0-deadline_basis": "working_days",
    }
    response = snv_client.post(reverse("inspections:directive_create"), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["deadline_days"]
    assert not Directive.objects.exists()


def test_agency_sees_only_its_own_tasks_of_a_directive(
    snv_user, agency_a, agency_b, client_a
):
    directive = services.directive_create(
        number="50/UBND-NC",
        issued_on=D(2026, 1, 26),
        summary="Giao nhiều cơ quan.",
        assignments=[
            assignment(agency_a, "Việc của A"),
            assignment(agency_b, "Việc của B"),
        ],
        actor=snv_user,
    )
    body = client_a.get(directive.get_absolute_url()).content.decode()
    assert "Việc của A" in body and "Việc của B" not in body


def test_directive_pages_are_for_snv_to_edit(
    client_a, leader_client, snv_user, agency_a
):
    directive = services.directive_create(
        number="51/UBND-NC",
        issued_on=D(2026, 1, 26),
        summary="x",
        assignments=[assignment(agency_a, "Việc")],
        actor=snv_user,
    )
    assert client_a.get(reverse("inspections:directive_create")).status_code == 403
    assert leader_client.get(reverse("inspections:directive_create")).status_code == 403
    assign = reverse(
        "inspections:directive_assign", kwargs={"directive_id": directive.pk}
    )
    assert client_a.get(assign).status_code == 403
    assert leader_client.get(directive.get_absolute_url()).status_code == 200


def test_more_assignments_later(snv_client, snv_user, agency_a):
    other = AgencyFactory()
    directive = services.directive_create(
        number="52/UBND-NC",
        issued_on=D(2026, 1, 26),
        summary="x",
        assignments=[assignment(agency_a, "Việc đầu")],
        actor=snv_user,
    )
    response = snv_client.post(
        reverse("inspections:directive_assign", kwargs={"directive_id": directive.pk}),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "1",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-agency": other.pk,
            "form-0-title": "Việc thêm",
            "form-0-deadline_basis": "calendar_days",
            "form-0-deadline_days": "30",
        },
    )
    assert response.status_code == 302
    assert directive.tasks.get(agency=other).deadline == D(2026, 2, 25)


def test_directive_list_query_count_is_constant(snv_client, snv_user):
    from tests.querycount import assert_constant_queries

    def add(n):
        for i in range(n):
            services.directive_create(
                number=f"{i + 100}/UBND-NC-{n}",
                issued_on=D(2026, 1, 26),
                summary="x",
                assignments=[assignment(AgencyFactory(), "Việc")],
                actor=snv_user,
            )

    add(3)
    assert_constant_queries(
        lambda: snv_client.get(reverse("inspections:directive_list")),
        lambda: add(20),
        expected=8,
    )
