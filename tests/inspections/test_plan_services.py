"""Plan services: creation, targets, items and approval against the targets."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indices.models import AgencyGroup, User
from inspections.models import (
    CoverageTarget,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    PlanStatus,
)
from inspections.services.plans import (
    plan_approve,
    plan_create,
    plan_item_add,
    plan_targets_set,
    plan_update,
)
from tests.indices.factories import AgencyFactory
from tests.inspections.plan_helpers import (
    D,
    departments,
    districts,
    draft_plan,
    in_english,
    item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with in_english():
        yield


@pytest.fixture(autouse=True)
def snv(snv_user):
    """Sở Nội vụ staff, the actor of the services tested here."""
    return snv_user


def _snv():
    return User.objects.get(username="snv")


def test_plan_create_sets_default_target_for_groups_of_the_year():
    departments(2)
    districts(1)
    AgencyFactory(group=AgencyGroup.COMMUNE, active_from=D(2025, 7, 1))
    plan = plan_create(actor=_snv(), year=2024, document_number="15/KH-UBND")
    targets = dict(plan.targets.values_list("group", "target_percent"))
    assert targets == {
        AgencyGroup.DEPARTMENT: Decimal("30.00"),
        AgencyGroup.DISTRICT: Decimal("30.00"),
    }
    assert plan.status == PlanStatus.DRAFT


def test_plan_create_refuses_a_second_plan_for_the_year():
    plan_create(actor=_snv(), year=2024)
    with pytest.raises(ValidationError) as error:
        plan_create(actor=_snv(), year=2024)
    assert "year" in error.value.message_dict
    assert InspectionPlan.objects.count() == 1


def test_plan_update_keeps_the_year():
    plan = plan_create(actor=_snv(), year=2024)
    plan_update(
        actor=_snv(),
        plan=plan,
        title="Kế hoạch 2024",
        document_number="20/KH-UBND",
        document_date=D(2024, 1, 15),
        note="",
    )
    plan.refresh_from_db()
    assert (plan.year, plan.document_number) == (2024, "20/KH-UBND")


def test_targets_are_editable_until_approval():
    departments(1)
    plan = plan_create(actor=_snv(), year=2024)
    plan_targets_set(
        actor=_snv(), plan=plan, targets={AgencyGroup.DEPARTMENT: Decimal("40")}
    )
    assert plan.targets.get(group=AgencyGroup.DEPARTMENT).target_percent == 40
    plan.status, plan.approved_on = PlanStatus.APPROVED, D(2024, 1, 20)
    plan.save()
    with pytest.raises(ValidationError, match="approved plan"):
        plan_targets_set(
            actor=_snv(), plan=plan, targets={AgencyGroup.DEPARTMENT: Decimal("10")}
        )
    assert plan.targets.get(group=AgencyGroup.DEPARTMENT).target_percent == 40


def test_targets_out_of_range_are_refused_and_nothing_is_saved():
    plan = plan_create(actor=_snv(), year=2024)
    with pytest.raises(ValidationError) as error:
        plan_targets_set(
            actor=_snv(),
            plan=plan,
            targets={AgencyGroup.DEPARTMENT: Decimal("45"), AgencyGroup.DISTRICT: 120},
        )
    assert AgencyGroup.DISTRICT in error.value.message_dict
    assert not CoverageTarget.objects.filter(target_percent=45).exists()


# --- Approval -----------------------------------------------------------------------


def test_approval_is_refused_below_target_with_the_shortfall_per_group():
    plan = draft_plan()
    deps = departments(20)
    dists = districts(11)
    for agency in deps[:4]:  # 4 of 20: needs 6
        item(plan, agency)
    for agency in dists[:3]:  # 3 of 11: needs ceil(3.3) = 4
        item(plan, agency)
    with pytest.raises(ValidationError) as error:
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 25))
    messages = error.value.messages
    assert "below target" in messages[0]
    assert any(
        "Provincial department or agency: 2 more agencies needed" in m
        and "planned 4 of 20" in m
        for m in messages
    ), messages
    assert any(
        "District-level People's Committee: 1 more agency needed" in m
        and "planned 3 of 11" in m
        for m in messages
    ), messages
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.approved_on is None


def test_approval_names_only_the_groups_short_of_target():
    plan = draft_plan()
    deps = departments(10)
    dists = districts(3)
    for agency in deps[:3]:
        item(plan, agency)
    with pytest.raises(ValidationError) as error:
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 25))
    text = " ".join(error.value.messages)
    assert "District-level People's Committee: 1 more agency needed" in text
    assert "Provincial department" not in text
    item(plan, dists[0])
    approved = plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 25))
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_on == D(2024, 1, 25)


def test_approval_counts_agencies_existing_on_the_approval_date(snv_user):
    plan = draft_plan(targets={AgencyGroup.DEPARTMENT: "50"})
    a, _b = departments(2)
    AgencyFactory(group=AgencyGroup.DEPARTMENT, active_from=D(2024, 3, 1))
    item(plan, a)
    # On 01/04 three departments exist: 1 of 3 is below 50 %.
    with pytest.raises(ValidationError, match="1 more agency needed"):
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 4, 1))
    # On 20/01 only two do: 1 of 2 meets 50 %.
    plan = plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 20))
    assert plan.is_approved and plan.approved_by == snv_user


def test_cancelled_items_do_not_help_approval():
    plan = draft_plan(targets={AgencyGroup.DEPARTMENT: "50"})
    a, _b = departments(2)
    item(plan, a, status=InspectionStatus.CANCELLED)
    with pytest.raises(ValidationError, match="1 more agency needed"):
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 20))


def test_approval_needs_document_number_and_a_date_within_the_year():
    plan = draft_plan(document_number="")
    with pytest.raises(ValidationError) as error:
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2025, 1, 2))
    assert set(error.value.message_dict) == {"document_number", "approved_on"}


def test_approval_is_refused_twice():
    plan = draft_plan(targets={AgencyGroup.DEPARTMENT: "0"})
    plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 20))
    with pytest.raises(ValidationError, match="already approved"):
        plan_approve(actor=_snv(), plan=plan, approved_on=D(2024, 1, 21))


# --- Items --------------------------------------------------------------------------


def test_plan_item_add_takes_the_month_from_the_date():
    plan = draft_plan()
    (agency,) = departments(1)
    inspection = plan_item_add(
        actor=_snv(),
        plan=plan,
        agency=agency,
        kind=InspectionKind.COMBINED,
        combined_with="Kiểm tra công vụ",
        planned_date=D(2024, 8, 12),
    )
    assert (inspection.year, inspection.planned_month) == (2024, 8)
    assert inspection.status == InspectionStatus.PLANNED


def test_plan_item_add_refuses_an_agency_already_in_the_plan():
    plan = draft_plan()
    (agency,) = departments(1)
    plan_item_add(actor=_snv(), plan=plan, agency=agency)
    with pytest.raises(ValidationError) as error:
        plan_item_add(actor=_snv(), plan=plan, agency=agency, planned_month=9)
    assert "already in the plan" in error.value.message_dict["agency"][0]


def test_plan_item_add_allows_an_agency_whose_item_was_cancelled():
    plan = draft_plan()
    (agency,) = departments(1)
    item(plan, agency, status=InspectionStatus.CANCELLED)
    assert plan_item_add(actor=_snv(), plan=plan, agency=agency, planned_month=10).pk


@pytest.mark.parametrize(
    ("month", "day", "field", "message"),
    [
        (None, D(2025, 2, 3), "planned_date", "must be in 2024"),
        (3, D(2024, 4, 3), "planned_month", "does not match"),
        (8, None, "agency", "ceased to exist on 30/06/2024"),
        (None, D(2024, 7, 1), "agency", "ceased to exist"),
    ],
)
def test_plan_item_add_refuses_bad_schedules(month, day, field, message):
    plan = draft_plan()
    agency = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 6, 30))
    with pytest.raises(ValidationError) as error:
        plan_item_add(
            actor=_snv(),
            plan=plan,
            agency=agency,
            planned_month=month,
            planned_date=day,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not plan.inspections.exists()


def test_plan_item_add_refuses_combined_without_the_other_inspection():
    plan = draft_plan()
    (agency,) = departments(1)
    with pytest.raises(ValidationError, match="must name the inspection"):
        plan_item_add(
            actor=_snv(), plan=plan, agency=agency, kind=InspectionKind.COMBINED
        )
