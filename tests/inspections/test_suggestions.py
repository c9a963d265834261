"""Suggestions to reach a plan's target: who comes first, and why, in words."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from indices.models import AgencyGroup
from inspections.models import InspectionStatus, TaskStatus
from inspections.selectors.coverage import plan_suggestions
from tests.indices.factories import AgencyFactory, AssessmentFactory, FrameworkFactory
from tests.inspections.factories import RemediationTaskFactory
from tests.inspections.plan_helpers import D, ad_hoc, draft_plan, in_english, item

pytestmark = pytest.mark.django_db
TODAY = D(2024, 3, 1)


@pytest.fixture(autouse=True)
def english():
    with in_english():
        yield


def _department(name, *, index=None, inspected_on=None, overdue=0):
    agency = AgencyFactory(name=name, group=AgencyGroup.DEPARTMENT)
    if index is not None:
        AssessmentFactory(
            agency=agency,
            framework=FrameworkFactory(year=2023, group=AgencyGroup.DEPARTMENT),
            percent=Decimal(index),
        )
    if inspected_on:
        ad_hoc(
            agency,
            year=inspected_on.year,
            day=inspected_on,
            status=InspectionStatus.CONDUCTED,
        )
    for _ in range(overdue):
        RemediationTaskFactory(
            agency=agency, start_date=D(2024, 1, 2), deadline=D(2024, 1, 31)
        )
    return agency


@pytest.fixture
def agencies():
    return {
        "E": _department("E", inspected_on=D(2020, 5, 4)),
        "D": _department("D", index="85", inspected_on=D(2021, 9, 1)),
        "G": _department("G"),
        "B": _department("B", index="80"),
        "F": _department("F", overdue=3),
        "C": _department("C", index="85"),
        "A": _department("A", index="73"),
    }


def test_order_is_lowest_index_then_longest_uninspected_then_most_overdue(agencies):
    plan = draft_plan()
    suggestions = plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
    assert [s.agency.name for s in suggestions] == ["A", "B", "C", "D", "F", "G", "E"]


def test_reasons_are_given_in_words(agencies):
    plan = draft_plan()
    by_name = {
        s.agency.name: s.reasons
        for s in plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
    }
    assert by_name["A"] == [
        "Index 2023: 73.00 % (lowest in the group)",
        "Never inspected",
    ]
    assert by_name["D"] == ["Index 2023: 85.00 %", "Not inspected since 2021"]
    assert by_name["F"] == ["No index for 2023", "Never inspected", "3 overdue tasks"]


def test_reasons_read_in_vietnamese(agencies):
    plan = draft_plan()
    with translation.override("vi"):
        by_name = {
            s.agency.name: s.reasons
            for s in plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
        }
    assert by_name["A"][0] == "Chỉ số năm 2023: 73,00 % (thấp nhất nhóm)"
    assert by_name["E"][1] == "Chưa được kiểm tra từ 2020"
    assert by_name["F"][2] == "3 nhiệm vụ quá hạn"


def test_overdue_counts_only_tasks_past_deadline_and_not_submitted(agencies):
    plan = draft_plan()
    RemediationTaskFactory(
        agency=agencies["G"], start_date=D(2024, 1, 2), deadline=D(2024, 2, 1)
    )
    RemediationTaskFactory(
        agency=agencies["G"],
        start_date=D(2024, 1, 2),
        deadline=D(2024, 2, 1),
        status=TaskStatus.SUBMITTED,
    )
    RemediationTaskFactory(agency=agencies["G"], deadline=D(2024, 6, 1))
    by_name = {
        s.agency.name: s
        for s in plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
    }
    assert by_name["G"].overdue_tasks == 1
    assert by_name["G"].reasons[-1] == "1 overdue task"


def test_agencies_already_covered_are_not_suggested(agencies):
    plan = draft_plan()
    item(plan, agencies["A"])
    ad_hoc(agencies["B"], day=D(2024, 6, 3))
    item(plan, agencies["C"], status=InspectionStatus.CANCELLED)
    names = [
        s.agency.name
        for s in plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
    ]
    assert "A" not in names and "B" not in names
    assert names[0] == "C"  # its only item was cancelled


def test_agencies_no_longer_existing_are_not_suggested(agencies):
    plan = draft_plan(status="approved", approved_on=D(2024, 1, 20))
    AgencyFactory(name="Gone", group=AgencyGroup.DEPARTMENT, active_to=D(2024, 1, 1))
    names = [
        s.agency.name
        for s in plan_suggestions(plan, today=TODAY)[AgencyGroup.DEPARTMENT]
    ]
    assert "Gone" not in names and len(names) == 7


def test_suggestions_are_grouped_and_lowest_is_per_group(agencies):
    plan = draft_plan()
    district = AgencyFactory(name="Huyện X", group=AgencyGroup.DISTRICT)
    AssessmentFactory(
        agency=district,
        framework=FrameworkFactory(year=2023, group=AgencyGroup.DISTRICT),
        percent=Decimal("95.30"),
    )
    suggestions = plan_suggestions(plan, today=TODAY)
    (only,) = suggestions[AgencyGroup.DISTRICT]
    assert only.reasons[0] == "Index 2023: 95.30 % (lowest in the group)"


def test_suggestions_run_a_constant_number_of_queries(
    agencies, django_assert_num_queries
):
    plan = draft_plan()
    with django_assert_num_queries(7):
        plan_suggestions(plan, today=TODAY)
    for n in range(20):
        _department(f"More {n}", index=str(70 + n), overdue=1)
    with django_assert_num_queries(7):
        plan_suggestions(plan, today=TODAY)


def test_a_date_is_used_for_last_inspection_not_the_year():
    plan = draft_plan()
    _department("Early", inspected_on=D(2021, 1, 5))
    _department("Late", inspected_on=D(2021, 12, 5))
    names = [
        s.agency.name
        for s in plan_suggestions(plan, today=datetime.date(2024, 3, 1))[
            AgencyGroup.DEPARTMENT
        ]
    ]
    assert names == ["Early", "Late"]
