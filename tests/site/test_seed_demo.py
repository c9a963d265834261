"""seed_demo loads Bình Phước's agencies and demo users, and can run twice."""

import pytest
from django.core.management import call_command

from indices.demo import DEMO_PASSWORD
from indices.models import Agency, AgencyGroup, User
from indices.roles import Role, role_of

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_agencies_and_users(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    # Agencies of 2022; the demo reorganisation may add successors.
    assert Agency.objects.filter(group=AgencyGroup.DEPARTMENT).count() >= 20
    assert Agency.objects.filter(group=AgencyGroup.DISTRICT).count() == 11
    assert User.objects.filter(username="snv").count() == 1
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    roles = {role_of(u) for u in User.objects.all()}
    assert {Role.SNV_STAFF, Role.LEADERSHIP, Role.AGENCY_STAFF} <= roles
    groups_with_staff = set(
        User.objects.filter(agency__isnull=False).values_list(
            "agency__group", flat=True
        )
    )
    assert {AgencyGroup.DEPARTMENT, AgencyGroup.DISTRICT} <= groups_with_staff
    assert User.objects.get(username="soyte").check_password(DEMO_PASSWORD)
