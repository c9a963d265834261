"""The home page greets each role differently."""

import pytest
from django.urls import reverse

from indices.roles import Role
from tests.indices.factories import make_user


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        (Role.SNV_STAFF, "điều hành công tác CCHC của tỉnh"),
        (Role.LEADERSHIP, "chỉ xem"),
        (Role.AGENCY_STAFF, "Sở Thử nghiệm A"),
        (None, "chưa được phân vai trò"),
    ],
)
def test_home_page_greets_by_role(client, agency_a, role, phrase):
    user = make_user(role, agency=agency_a if role == Role.AGENCY_STAFF else None)
    client.force_login(user)
    body = client.get(reverse("core:home")).content.decode()
    assert phrase in body


def test_superuser_without_group_is_treated_as_snv_staff(client, db):
    admin = make_user(None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    body = client.get(reverse("core:home")).content.decode()
    assert "điều hành công tác CCHC của tỉnh" in body
