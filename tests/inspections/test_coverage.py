"""Coverage of a plan's year per agency group: scope, counting and rounding."""

from decimal import Decimal

import pytest

from indices.models import AgencyGroup
from inspections.models import InspectionKind, InspectionStatus
from inspections.selectors.coverage import (
    agencies_required,
    coverage_for_year,
    percent_of,
    plan_coverage,
    plan_reference_date,
)
from tests.indices.factories import AgencyFactory
from tests.inspections.plan_helpers import (
    D,
    ad_hoc,
    departments,
    districts,
    draft_plan,
    item,
)

pytestmark = pytest.mark.django_db


def _group(coverage, group=AgencyGroup.DEPARTMENT):
    return next(g for g in coverage.groups if g.group == group)


def test_percent_is_decimal_two_places_half_up():
    assert percent_of(1, 3) == Decimal("33.33")
    assert percent_of(2, 3) == Decimal("66.67")
    # 1/8 = 12.5 exactly; 1/16 = 6.25; 1/32 = 3.125 rounds half up to 3.13.
    assert percent_of(1, 32) == Decimal("3.13")
    assert percent_of(0, 0) is None
    assert isinstance(percent_of(1, 7), Decimal)


def test_required_agencies_round_up():
    assert agencies_required(Decimal("30"), 20) == 6
    assert agencies_required(Decimal("30"), 11) == 4  # 3.3 → 4
    assert agencies_required(Decimal("30"), 10) == 3
    assert agencies_required(Decimal("0"), 10) == 0


def test_planned_counts_planned_and_done_achieved_only_done():
    plan = draft_plan()
    a, b, c, d, _e = departments(5)
    item(plan, a, status=InspectionStatus.PLANNED)
    item(plan, b, status=InspectionStatus.CONDUCTED)
    item(plan, c, status=InspectionStatus.CONCLUDED)
    item(plan, d, status=InspectionStatus.CANCELLED)
    g = _group(plan_coverage(plan, today=D(2024, 3, 1)))
    assert (g.agencies, g.planned, g.achieved) == (5, 3, 2)
    assert g.planned_percent == Decimal("60.00")
    assert g.achieved_percent == Decimal("40.00")
    assert g.required == 2 and g.planned_met and g.achieved_met


def test_combined_and_ad_hoc_inspections_count_cancelled_do_not():
    plan = draft_plan()
    a, b, c, _d = departments(4)
    item(plan, a, kind=InspectionKind.COMBINED, combined_with="Kiểm tra công vụ")
    ad_hoc(b, status=InspectionStatus.CONCLUDED, conclusion_date=D(2024, 7, 20))
    ad_hoc(c, status=InspectionStatus.CANCELLED)
    g = _group(plan_coverage(plan, today=D(2024, 3, 1)))
    assert (g.agencies, g.planned, g.achieved) == (4, 2, 1)


def test_an_agency_inspected_twice_counts_once():
    plan = draft_plan()
    a, _b = departments(2)
    item(plan, a, status=InspectionStatus.CONDUCTED)
    ad_hoc(a, status=InspectionStatus.CONDUCTED, day=D(2024, 9, 3))
    g = _group(plan_coverage(plan, today=D(2024, 3, 1)))
    assert (g.planned, g.achieved) == (1, 1)


def test_inspections_of_other_years_do_not_count():
    plan = draft_plan()
    a, _b = departments(2)
    ad_hoc(a, year=2023, status=InspectionStatus.CONDUCTED, day=D(2023, 9, 3))
    assert _group(plan_coverage(plan, today=D(2024, 3, 1))).planned == 0


def test_groups_are_counted_separately():
    plan = draft_plan()
    deps = departments(3)
    dists = districts(2)
    item(plan, deps[0])
    item(plan, dists[0], status=InspectionStatus.CONDUCTED)
    coverage = plan_coverage(plan, today=D(2024, 3, 1))
    dep, dist = _group(coverage), _group(coverage, AgencyGroup.DISTRICT)
    assert (dep.agencies, dep.planned, dep.achieved) == (3, 1, 0)
    assert (dist.agencies, dist.planned, dist.achieved) == (2, 1, 1)
    overall = coverage.overall
    assert (overall.agencies, overall.planned, overall.achieved) == (5, 2, 1)
    assert overall.planned_percent == Decimal("40.00")
    assert overall.target_percent == Decimal("30.00")


def test_overall_target_weights_group_targets_by_agencies():
    plan = draft_plan(
        targets={AgencyGroup.DEPARTMENT: "30", AgencyGroup.DISTRICT: "50"}
    )
    departments(3)
    districts(1)
    # (30 × 3 + 50 × 1) / 4 = 35
    assert plan_coverage(plan, today=D(2024, 3, 1)).overall.target_percent == Decimal(
        "35.00"
    )


# --- Agencies dissolved or created during the year --------------------------------


def test_agency_dissolved_mid_year_is_in_scope_if_active_on_approval_date():
    plan = draft_plan(status="approved", approved_on=D(2024, 1, 20))
    departments(3)
    AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 6, 30))
    g = _group(plan_coverage(plan))
    assert g.agencies == 4 and g.planned == 0


def test_agency_dissolved_before_approval_is_out_of_scope_unless_inspected_while_active():
    plan = draft_plan(status="approved", approved_on=D(2024, 3, 1))
    departments(3)
    gone = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 2, 15))
    assert _group(plan_coverage(plan)).agencies == 3
    ad_hoc(gone, status=InspectionStatus.CONDUCTED, day=D(2024, 2, 6))
    g = _group(plan_coverage(plan))
    assert (g.agencies, g.planned, g.achieved) == (4, 1, 1)


def test_inspection_dated_after_dissolution_does_not_count():
    plan = draft_plan(status="approved", approved_on=D(2024, 1, 20))
    (active,) = departments(1)
    gone = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 6, 30))
    item(plan, gone, month=9)  # 15/09: after the agency ceased to exist
    item(plan, active, month=4)
    g = _group(plan_coverage(plan))
    assert (g.agencies, g.planned) == (2, 1)


def test_inspection_day_is_start_else_planned_date_else_15th_of_month():
    plan = draft_plan(status="approved", approved_on=D(2024, 1, 20))
    gone_14 = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 5, 14))
    gone_15 = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 5, 15))
    item(plan, gone_14, month=5)  # counts on 15/05: one day too late
    item(plan, gone_15, month=5)  # counts on 15/05: its last day
    assert _group(plan_coverage(plan)).planned == 1
    # A planned date overrides the month; a start date overrides both.
    late = item(
        plan,
        AgencyFactory(group=AgencyGroup.DEPARTMENT, active_to=D(2024, 5, 5)),
        month=5,
    )
    assert _group(plan_coverage(plan)).planned == 1
    late.planned_date = D(2024, 5, 2)
    late.save()
    assert _group(plan_coverage(plan)).planned == 2
    late.start_date, late.status = D(2024, 5, 9), InspectionStatus.CONDUCTED
    late.save()
    assert _group(plan_coverage(plan)).planned == 1


def test_agency_created_after_approval_is_in_scope_only_once_inspected():
    plan = draft_plan(status="approved", approved_on=D(2024, 1, 20))
    departments(2)
    new = AgencyFactory(group=AgencyGroup.DEPARTMENT, active_from=D(2024, 3, 1))
    assert _group(plan_coverage(plan)).agencies == 2
    item(plan, new, month=10)
    assert _group(plan_coverage(plan)).agencies == 3


def test_draft_plan_reference_date_is_today_kept_within_the_year():
    plan = draft_plan()
    assert plan_reference_date(plan, today=D(2024, 5, 6)) == D(2024, 5, 6)
    assert plan_reference_date(plan, today=D(2026, 5, 6)) == D(2024, 12, 31)
    assert plan_reference_date(plan, today=D(2023, 11, 2)) == D(2024, 1, 1)
    approved = draft_plan(year=2025, status="approved", approved_on=D(2025, 2, 3))
    assert plan_reference_date(approved, today=D(2026, 5, 6)) == D(2025, 2, 3)


def test_year_without_plan_uses_default_target():
    departments(10)
    coverage = coverage_for_year(2024, reference_date=D(2024, 6, 1))
    g = _group(coverage)
    assert g.target_percent == Decimal("30") and g.required == 3
    assert [g.group for g in coverage.groups] == [AgencyGroup.DEPARTMENT]


def test_coverage_runs_a_constant_number_of_queries(django_assert_num_queries):
    plan = draft_plan()
    for agency in departments(5):
        item(plan, agency)
    with django_assert_num_queries(3):
        plan_coverage(plan, today=D(2024, 3, 1))
    for agency in departments(30) + districts(10):
        item(plan, agency, status=InspectionStatus.CONDUCTED)
    with django_assert_num_queries(3):
        plan_coverage(plan, today=D(2024, 3, 1))
