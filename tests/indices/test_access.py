"""The one place that decides which agencies a user sees and acts for."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from indices import access
from indices.models import Agency
from indices.roles import Role, role_of
from tests.indices.factories import make_user

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_snv_staff_see_and_act_for_every_agency(snv_user, agency_a, agency_b):
    assert ids(access.agencies_visible_to(snv_user)) == ids(Agency.objects.all())
    assert ids(access.agencies_changeable_by(snv_user)) == ids(Agency.objects.all())
    assert access.can_act_for_agency(snv_user, agency_b.pk)


def test_leadership_sees_everything_and_changes_nothing(
    leader_user, agency_a, agency_b
):
    assert ids(access.agencies_visible_to(leader_user)) == {agency_a.pk, agency_b.pk}
    assert not access.agencies_changeable_by(leader_user).exists()
    assert not access.can_act_for_agency(leader_user, agency_a.pk)
    with pytest.raises(PermissionDenied):
        access.require_act_for_agency(leader_user, agency_a.pk)


def test_agency_staff_see_and_act_for_their_own_agency_only(user_a, agency_a, agency_b):
    assert ids(access.agencies_visible_to(user_a)) == {agency_a.pk}
    assert ids(access.agencies_changeable_by(user_a)) == {agency_a.pk}
    assert access.can_see_agency(user_a, agency_a.pk)
    assert not access.can_see_agency(user_a, agency_b.pk)
    assert not access.can_act_for_agency(user_a, agency_b.pk)
    with pytest.raises(Http404):
        access.require_agency_visible(user_a, agency_b.pk)


def test_user_without_role_or_agency_sees_nothing(agency_a):
    nobody = make_user(None)
    assert not access.agencies_visible_to(nobody).exists()
    assert not access.can_see_agency(nobody, agency_a.pk)


def test_inactive_user_sees_nothing_even_in_a_role(agency_a):
    former = make_user(Role.SNV_STAFF, is_active=False)
    assert not access.sees_all_agencies(former)
    assert not access.agencies_visible_to(former).exists()


def test_scope_to_user_follows_a_lookup_path(user_a, agency_a, agency_b):
    # Users are themselves agency-owned rows: scope them through "agency".
    make_user(Role.AGENCY_STAFF, agency=agency_b)
    from indices.models import User

    scoped = access.scope_to_user(User.objects.all(), user_a, agency_field="agency")
    assert {u.agency_id for u in scoped} == {agency_a.pk}


def test_role_of_picks_the_role_group(snv_user, leader_user, user_a):
    assert role_of(snv_user) == Role.SNV_STAFF
    assert role_of(leader_user) == Role.LEADERSHIP
    assert role_of(user_a) == Role.AGENCY_STAFF


def test_role_groups_carry_their_default_permissions(snv_user, leader_user, user_a):
    assert snv_user.has_perm("inspections.verify_remediationtask")
    assert not leader_user.has_perm("inspections.change_remediationtask")
    assert leader_user.has_perm("indices.view_all_agencies")
    assert user_a.has_perm("inspections.report_remediationtask")
    assert not user_a.has_perm("indices.view_all_agencies")


def test_an_agency_member_without_the_role_sees_nothing(agency_a, client):
    from django.urls import reverse

    from tests.inspections.factories import RemediationTaskFactory

    suspended = make_user(None, agency=agency_a)
    RemediationTaskFactory(agency=agency_a, title="Việc của A")
    assert access.own_agency_id(suspended) is None
    assert not access.agencies_visible_to(suspended).exists()
    client.force_login(suspended)
    assert (
        "Việc của A"
        not in client.get(reverse("inspections:task_list")).content.decode()
    )


def test_full_names_are_in_vietnamese_order():
    from indices.models import User

    user = User(username="ha", first_name="Hà", last_name="Nguyễn Thị Thu")
    assert user.get_full_name() == "Nguyễn Thị Thu Hà"
    assert str(user) == "Nguyễn Thị Thu Hà"
    assert str(User(username="an")) == "an"
