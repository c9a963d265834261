"""Agencies in the admin: writes through the agency services, deletion
refused once anything refers to an agency, import/export of the registry."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indices.models import Agency, AgencyGroup
from tests.indices.builders import make_framework, score
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:indices_agency_add")
IMPORT = reverse("admin:indices_agency_import")
PROCESS = reverse("admin:indices_agency_process_import")
CSV_FORMAT = "1"  # [XLSX, CSV]


def change_url(agency):
    return reverse("admin:indices_agency_change", args=[agency.pk])


def test_an_agency_added_in_the_admin_goes_through_the_service(admin_client, superuser):
    response = admin_client.post(
        ADD,
        {
            "name": "Sở Nội vụ",
            "code": "",
            "group": AgencyGroup.DEPARTMENT,
            "province": "Bình Phước",
            "contact_emails": "vanthu@snv.example.gov.vn",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Sở Nội vụ")
    assert agency.code == "so-noi-vu"  # derived by agency_create
    record = agency.history.get()
    assert record.history_type == "+" and record.history_user == superuser


def test_a_change_refused_by_the_service_is_shown_and_nothing_is_saved(
    admin_client,
):
    framework = make_framework()
    assessment = score(framework)
    agency = assessment.agency
    data = form_data(admin_client.get(change_url(agency)))
    data.update(group=AgencyGroup.DISTRICT, name="Tên mới")
    response = admin_client.post(change_url(agency), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "register a reorganisation instead" in str(errors["group"])
    agency.refresh_from_db()
    assert (agency.group, agency.name) == (
        AgencyGroup.DEPARTMENT,
        assessment.agency.name,
    )
    assert agency.history.count() == 1


def test_a_change_is_kept_in_the_history_with_its_author(admin_client, superuser):
    agency = AgencyFactory(name="Sở Cũ")
    data = form_data(admin_client.get(change_url(agency)))
    data["name"] = "Sở Mới"
    assert admin_client.post(change_url(agency), data).status_code == 302
    latest = agency.history.order_by("-history_date").first()
    assert (latest.name, latest.history_user) == ("Sở Mới", superuser)
    history = admin_client.get(
        reverse("admin:indices_agency_history", args=[agency.pk])
    )
    assert "Sở Mới" in history.content.decode()


def test_an_agency_with_tasks_cannot_be_deleted(admin_client, messages_of):
    agency = AgencyFactory(name="Sở Có Nhiệm Vụ")
    RemediationTaskFactory(agency=agency)
    url = reverse("admin:indices_agency_delete", args=[agency.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 302
        assert response["Location"] == change_url(agency)
    page = admin_client.get(change_url(agency))
    first, second = messages_of(page)  # one per refused attempt
    assert first == second
    message = first
    assert "cannot be deleted" in message and "remediation tasks" in message
    deactivate = reverse("indices:agency_deactivate", kwargs={"agency_id": agency.pk})
    assert deactivate in message
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_an_agency_nothing_refers_to_can_be_deleted(admin_client):
    agency = AgencyFactory(name="Sở Nhập Nhầm")
    url = reverse("admin:indices_agency_delete", args=[agency.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Agency.objects.filter(pk=agency.pk).exists()


def test_bulk_delete_is_not_offered(admin_client):
    AgencyFactory()
    response = admin_client.get(reverse("admin:indices_agency_changelist"))
    body = response.content.decode()
    assert 'value="delete_selected"' not in body
    assert 'value="deactivate"' in body


def test_deactivate_action_asks_then_records_the_last_day(admin_client, superuser):
    first, second = AgencyFactory(), AgencyFactory()
    url = reverse("admin:indices_agency_changelist")
    selected = {"action": "deactivate", "_selected_action": [first.pk, second.pk]}
    page = admin_client.post(url, selected)
    assert page.status_code == 200
    assert "Deactivate agencies" in page.content.decode()
    first.refresh_from_db()
    assert first.active_to is None  # nothing done before confirming
    response = admin_client.post(
        url,
        {**selected, "post": "yes", "active_to": "2025-06-30", "reason": "NQ 202"},
    )
    assert response.status_code == 302
    for agency in (first, second):
        agency.refresh_from_db()
        assert agency.active_to == datetime.date(2025, 6, 30)
        latest = agency.history.order_by("-history_date").first()
        assert latest.history_change_reason == "NQ 202"
        assert latest.history_user == superuser


def _csv(rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(
        "co-quan.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv"
    )


HEADER = ["code", "name", "group", "focal_email", "active_from"]


def test_import_of_a_good_file_previews_then_saves_through_the_services(
    admin_client, superuser
):
    existing = AgencyFactory(code="so-y-te", name="Sở Y tế", focal_email="a@x.vn")
    upload = _csv(
        [
            HEADER,
            ["so-y-te", "Sở Y tế", "department", "cchc@syt.example.gov.vn", ""],
            ["so-tu-phap", "Sở Tư pháp", "department", "cchc@stp.example.gov.vn", ""],
        ]
    )
    preview = admin_client.post(
        IMPORT, {"format": CSV_FORMAT, "resource": "0", "import_file": upload}
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Agency.objects.filter(code="so-tu-phap").exists()  # dry run only
    confirm = preview.context["confirm_form"]
    response = admin_client.post(PROCESS, confirm.initial)
    assert response.status_code == 302
    created = Agency.objects.get(code="so-tu-phap")
    assert created.history.get().history_user == superuser
    existing.refresh_from_db()
    assert existing.focal_email == "cchc@syt.example.gov.vn"
    change = existing.history.order_by("-history_date").first()
    assert change.history_change_reason == "Import of co-quan.csv"


def test_import_of_a_bad_file_saves_nothing_and_names_row_and_column(admin_client):
    upload = _csv(
        [
            HEADER,
            ["so-moi", "Sở Mới", "department", "cchc@moi.example.gov.vn", ""],
            ["so-sai", "Sở Sai", "department", "not-an-email", ""],
            ["so-sai-2", "Sở Sai 2", "province", "", ""],
            ["so-sai-3", "Sở Sai 3", "department", "", "31/02/2024"],
        ]
    )
    response = admin_client.post(
        IMPORT, {"format": CSV_FORMAT, "resource": "0", "import_file": upload}
    )
    result = response.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row.field_specific_errors for row in result.invalid_rows}
    # Spreadsheet numbering: the header is row 1.
    assert set(invalid) == {3, 4, 5}
    assert "focal_email" in invalid[3]
    assert "group" in invalid[4]
    assert "active_from" in invalid[5]
    assert "confirm_form" not in response.context
    assert not Agency.objects.filter(code__startswith="so-").exists()


def test_export_has_the_import_columns_and_defuses_formulas(admin_client):
    AgencyFactory(code="so-a", name='=HYPERLINK("http://x")')
    url = reverse("admin:indices_agency_export")
    form = admin_client.get(url).context["form"]
    data = {"format": CSV_FORMAT, "resource": "0"}
    data.update(
        {
            name: "on"
            for name, f in form.fields.items()
            if getattr(f, "is_selectable_field", False)
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["code", "name", "short_name"]
    assert "snv_liaison" not in rows[0]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
