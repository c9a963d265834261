"""Only users who see every agency enter the admin; agency staff never do,
even with staff status given by mistake."""

import pytest
from django.urls import reverse

from indices.roles import Role
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.factories import RemediationTaskFactory

from .conftest import english_client, form_data

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "admin:index",
    "admin:inspections_remediationtask_changelist",
    "admin:indices_agency_changelist",
    "admin:indices_agency_export",
    "admin:indices_nodescore_export",
]


@pytest.fixture
def tasks_of_two_agencies(db):
    own, other = AgencyFactory(), AgencyFactory()
    RemediationTaskFactory(agency=own, title="Nhiệm vụ của mình")
    RemediationTaskFactory(agency=other, title="Nhiệm vụ cơ quan khác")
    return own, other


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_agency_staff_flagged_staff_by_mistake_are_kept_out(
    tasks_of_two_agencies, name
):
    own, _other = tasks_of_two_agencies
    user = make_user(Role.AGENCY_STAFF, agency=own, is_staff=True)
    response = english_client(user).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_agency_staff_cannot_use_autocomplete_either(tasks_of_two_agencies):
    own, _other = tasks_of_two_agencies
    user = make_user(Role.AGENCY_STAFF, agency=own, is_staff=True)
    response = english_client(user).get(
        reverse("admin:autocomplete"),
        {
            "term": "",
            "app_label": "indices",
            "model_name": "user",
            "field_name": "agency",
        },
    )
    assert response.status_code == 302


def test_the_login_page_tells_an_agency_user_the_admin_is_not_for_them(
    tasks_of_two_agencies,
):
    own, _other = tasks_of_two_agencies
    user = make_user(Role.AGENCY_STAFF, agency=own, is_staff=True)
    response = english_client(user).get(reverse("admin:index"), follow=True)
    assert "not authorized to access this page" in response.content.decode()


def test_snv_staff_with_staff_status_work_in_the_admin(tasks_of_two_agencies):
    user = make_user(Role.SNV_STAFF, is_staff=True)
    client = english_client(user)
    response = client.get(reverse("admin:inspections_remediationtask_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    assert client.get(reverse("admin:indices_agency_add")).status_code == 200


def test_leadership_with_staff_status_only_looks(tasks_of_two_agencies):
    user = make_user(Role.LEADERSHIP, is_staff=True)
    client = english_client(user)
    assert client.get(reverse("admin:indices_agency_changelist")).status_code == 200
    assert client.get(reverse("admin:indices_agency_add")).status_code == 403
    response = client.get(reverse("admin:inspections_remediationtask_changelist"))
    assert response.status_code == 200
    assert "verify_submitted" not in response.content.decode()


def test_staff_status_without_a_role_is_not_enough(db):
    user = make_user(None, is_staff=True)
    response = english_client(user).get(reverse("admin:index"))
    assert response.status_code == 302


def test_user_form_refuses_staff_status_for_agency_staff(admin_client):
    agency = AgencyFactory()
    user = make_user(Role.AGENCY_STAFF, agency=agency, username="canbo")
    url = reverse("admin:indices_user_change", args=[user.pk])
    data = form_data(admin_client.get(url))
    data["is_staff"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Only users who see every agency" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_staff


def test_user_form_gives_staff_status_to_snv_staff(admin_client):
    user = make_user(Role.SNV_STAFF, username="canbo_snv")
    url = reverse("admin:indices_user_change", args=[user.pk])
    data = form_data(admin_client.get(url))
    data["is_staff"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff


def test_history_pages_cannot_revert(admin_client):
    agency = AgencyFactory(name="Sở Cũ")
    agency.name = "Sở Mới"
    agency.save()
    old = agency.history.order_by("history_date").first()
    url = reverse(
        "admin:indices_agency_simple_history", args=[agency.pk, old.history_id]
    )
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"name": "Sở Cũ"}).status_code == 403
    agency.refresh_from_db()
    assert agency.name == "Sở Mới"
