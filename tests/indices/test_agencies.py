"""The agency registry: create, edit and deactivate through services with
history, pages for Sở Nội vụ staff only, and no hard delete."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from indices import services
from indices.access import system_actor
from indices.models import Agency, AgencyGroup
from tests.indices.builders import make_framework, score
from tests.indices.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_create_derives_the_code_and_keeps_history(snv_user):
    agency = services.agency_create(
        name="Sở Nông nghiệp và Môi trường",
        group=AgencyGroup.DEPARTMENT,
        actor=snv_user,
    )
    assert agency.code == "so-nong-nghiep-va-moi-truong"
    assert agency.history.get().history_user == snv_user


def test_update_records_what_changed_and_refuses_a_group_change_with_results(snv_user):
    agency = AgencyFactory()
    services.agency_update(agency=agency, focal_name="Trần Văn B", actor=snv_user)
    record = agency.history.order_by("-history_date").first()
    assert record.focal_name == "Trần Văn B" and record.history_user == snv_user
    score(make_framework(), agency=agency)
    with pytest.raises(ValidationError) as error:
        services.agency_update(
            agency=agency, group=AgencyGroup.DISTRICT, actor=snv_user
        )
    assert "group" in error.value.message_dict


def test_deactivate_sets_the_last_day_and_agencies_with_history_cannot_be_deleted():
    agency = AgencyFactory(active_from=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.agency_deactivate(
            agency=agency, active_to=datetime.date(2019, 1, 1), actor=system_actor()
        )
    services.agency_deactivate(
        agency=agency, active_to=datetime.date(2025, 6, 30), actor=system_actor()
    )
    assert Agency.objects.get(pk=agency.pk).active_to == datetime.date(2025, 6, 30)
    score(make_framework(), agency=agency)
    with pytest.raises(ProtectedError):
        agency.delete()


def test_snv_registers_edits_and_deactivates_through_the_pages(snv_client):
    response = snv_client.post(
        reverse("indices:agency_create"),
        {"name": "Sở Thử nghiệm mới", "group": "department", "province": "Bình Phước"},
    )
    agency = Agency.objects.get(name="Sở Thử nghiệm mới")
    assert (
        response.status_code == 302
        and response["Location"] == agency.get_absolute_url()
    )
    snv_client.post(
        reverse("indices:agency_update", kwargs={"agency_id": agency.pk}),
        {
            "name": "Sở Thử nghiệm mới",
            "group": "department",
            "province": "Bình Phước",
            "focal_name": "Lê Văn C",
            "contact_emails": "a@example.gov.vn\nb@example.gov.vn",
        },
    )
    agency.refresh_from_db()
    assert agency.focal_name == "Lê Văn C"
    snv_client.post(
        reverse("indices:agency_deactivate", kwargs={"agency_id": agency.pk}),
        {"active_to": "2025-06-30", "reason": "Sắp xếp bộ máy"},
    )
    agency.refresh_from_db()
    assert agency.active_to == datetime.date(2025, 6, 30)
    page = snv_client.get(agency.get_absolute_url()).content.decode()
    assert "Sắp xếp bộ máy" in page  # the change history with its reason


def test_bad_input_is_shown_on_the_form(snv_client):
    response = snv_client.post(
        reverse("indices:agency_create"),
        {
            "name": "Sở X",
            "group": "department",
            "province": "Bình Phước",
            "active_from": "2025-06-01",
            "active_to": "2025-01-01",
            "contact_emails": "không-phải-email",
        },
    )
    assert response.status_code == 200
    assert not Agency.objects.filter(name="Sở X").exists()
    assert "không-phải-email" in response.content.decode()


def test_agency_and_leadership_users_cannot_change_the_registry(
    client_a, leader_client, agency_a
):
    for client in (client_a, leader_client):
        assert client.get(reverse("indices:agency_create")).status_code == 403
        url = reverse("indices:agency_update", kwargs={"agency_id": agency_a.pk})
        assert client.post(url, {"name": "X", "group": "department"}).status_code == 403
    agency_a.refresh_from_db()
    assert agency_a.name == "Sở Thử nghiệm A"
