"""The dashboard figures on the hand-built province of conftest.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import InspectionPlan, TaskSource, TaskStatus
from inspections.selectors import dashboard as selectors
from inspections.selectors.tasks import TaskFilters
from tests.indices.factories import FrameworkFactory

pytestmark = pytest.mark.django_db

D = Decimal


def _titles(tasks):
    return [task.title for task in tasks]


def test_tasks_of_the_year_by_status_and_source(province, snv_user):
    breakdown = selectors.task_breakdown_for_user(
        snv_user, year=province.year, today=province.today
    )
    assert [source for source, _label in breakdown.sources] == [
        TaskSource.FINDING,
        TaskSource.LOW_SCORE,
        TaskSource.DIRECTIVE,
    ]
    table = {
        row.key: ([cell.count for cell in row.cells], row.total.count)
        for row in breakdown.rows
    }
    assert table == {
        TaskStatus.OPEN: ([0, 0, 3], 3),
        TaskStatus.IN_PROGRESS: ([1, 0, 2], 3),
        TaskStatus.SUBMITTED: ([0, 1, 0], 1),
        TaskStatus.VERIFIED: ([1, 0, 0], 1),
        TaskStatus.CANCELLED: ([0, 0, 1], 1),
    }
    # b_old_overdue was assigned the year before: not among the year's 9.
    assert [c.count for c in breakdown.totals.cells] == [2, 1, 6]
    assert breakdown.totals.total.count == 9
    assert [c.count for c in breakdown.overdue.cells] == [0, 0, 2]
    assert breakdown.overdue.total.count == 2
    # Each figure states the board filters that list it.
    open_directive = breakdown.rows[0].cells[2]
    assert open_directive.filters == TaskFilters(
        year=province.year, source=TaskSource.DIRECTIVE, status=TaskStatus.OPEN
    )
    assert breakdown.overdue.cells[2].filters == TaskFilters(
        year=province.year, source=TaskSource.DIRECTIVE, overdue=True
    )


def test_chart_data_of_the_breakdown_matches_its_table(province, snv_user):
    breakdown = selectors.task_breakdown_for_user(
        snv_user, year=province.year, today=province.today
    )
    data = breakdown.chart_data()
    assert len(data["labels"]) == 3
    assert {d["key"]: d["data"] for d in data["datasets"]}[TaskStatus.OPEN] == [
        0,
        0,
        3,
    ]


def test_headline_overdue_next_14_days_and_submitted(province, snv_user):
    headline = selectors.task_headline_for_user(snv_user, today=province.today)
    assert headline.overdue.count == 3  # a_overdue, b_overdue and last year's one
    assert headline.ahead.count == 3  # due today, in 3 days and in 14 days
    assert headline.submitted.count == 1
    assert headline.ahead.filters == TaskFilters(
        status="pending",
        deadline_from=province.today,
        deadline_to=province.today + datetime.timedelta(days=14),
    )


def test_overdue_tasks_per_agency_most_first(province, snv_user):
    overdue = selectors.overdue_by_agency_for_user(snv_user, today=province.today)
    assert [(a.name, a.tasks.count) for a in overdue.agencies] == [
        ("Sở Thử nghiệm B", 2),
        ("Sở Thử nghiệm A", 1),
    ]
    b = overdue.agencies[0]
    assert b.oldest_deadline == province.today - datetime.timedelta(days=20)
    assert b.tasks.filters == TaskFilters(agency_id=province.agency_b.pk, overdue=True)
    assert overdue.total.count == 3
    assert overdue.chart_data() == {
        "labels": ["Sở Thử nghiệm B", "Sở Thử nghiệm A"],
        "data": [2, 1],
    }


def test_deadlines_in_the_next_14_days_soonest_first(province, snv_user):
    tasks = selectors.deadlines_ahead_for_user(snv_user, today=province.today)
    assert _titles(tasks) == [
        "Nhiệm vụ c_today",
        "Nhiệm vụ a_ahead",
        "Nhiệm vụ b_ahead_edge",
    ]


def test_latest_published_index_per_group_with_change_and_heatmap(province, snv_user):
    overview = selectors.index_overview_for_user(snv_user, year=province.year)
    assert [f.year for f in overview.unpublished] == [2024]
    [group] = overview.groups
    assert group.framework == province.index_2023
    assert group.previous == province.index_2022
    assert group.framework.average_percent == D("85.00")
    assert group.change.points == D("-15.00")
    assert group.change.direction == "down"
    assert [(a.agency.name, a.rank, a.percent) for a in group.rows] == [
        ("Sở Thử nghiệm A", 1, D("100.00")),
        ("Sở Thử nghiệm B", 2, D("70.00")),
    ]
    assert [node.code for node in group.fields] == ["1", "2"]
    heat = {
        row.assessment.agency.name: [(c.percent, c.is_low, c.level) for c in row.cells]
        for row in group.heatmap
    }
    assert heat == {
        "Sở Thử nghiệm A": [(D("100.00"), False, "high"), (D("100.00"), False, "high")],
        "Sở Thử nghiệm B": [(D("66.67"), True, "weak"), (D("75.00"), False, "fair")],
    }
    chart = group.chart_data()
    assert chart["data"] == [D("100.00"), D("70.00")]
    assert chart["average"] == D("85.00")


def test_index_of_an_earlier_year_and_before_any_publication(province, snv_user):
    overview = selectors.index_overview_for_user(snv_user, year=2022)
    [group] = overview.groups
    assert group.framework == province.index_2022
    assert group.previous is None and group.change is None
    assert overview.unpublished == []
    assert selectors.index_overview_for_user(snv_user, year=2021).groups == []


def test_unpublished_results_are_not_shown_as_the_latest(db, snv_user):
    FrameworkFactory(year=2023, assessed_count=3)  # scored, not published
    overview = selectors.index_overview_for_user(snv_user, year=2023)
    assert overview.groups == []
    assert [f.year for f in overview.unpublished] == [2023]


def test_index_overview_and_dashboard_are_refused_to_agency_users(province, user_a):
    with pytest.raises(PermissionDenied):
        selectors.index_overview_for_user(user_a, year=province.year)
    with pytest.raises(PermissionDenied):
        selectors.oversight_dashboard(user_a, year=province.year)


def test_dashboard_years_default_to_the_latest_plan_or_publication(province):
    years = selectors.dashboard_years(today=province.today)
    assert years.default == province.year  # the plan's year, after 2023's index
    assert set(years.options) == {province.year, province.today.year, 2024, 2023, 2022}
    assert years.options == sorted(years.options, reverse=True)


def test_dashboard_years_without_a_plan_open_on_the_latest_publication(db):
    FrameworkFactory(
        year=2023, results_state="published", published_on=datetime.date(2024, 3, 7)
    )
    FrameworkFactory(year=2024)  # being scored
    years = selectors.dashboard_years(today=datetime.date(2030, 1, 1))
    assert years.default == 2023
    assert years.options == [2030, 2024, 2023]
    assert not InspectionPlan.objects.exists()


def test_dashboard_years_on_an_empty_site(db):
    years = selectors.dashboard_years(today=datetime.date(2026, 5, 1))
    assert years == selectors.DashboardYears(options=[2026], default=2026)


def test_oversight_dashboard_of_a_year_without_plan(province, leader_user):
    dashboard = selectors.oversight_dashboard(
        leader_user, year=province.year + 1, today=province.today
    )
    assert dashboard.plan is None and dashboard.coverage is None
    assert dashboard.tasks.totals.total.count == 0
    # Today's figures do not depend on the year chosen.
    assert dashboard.headline.overdue.count == 3
    [planned] = selectors.oversight_dashboard(
        leader_user, year=province.year, today=province.today
    ).coverage.groups[:1]
    assert (planned.planned, planned.achieved) == (1, 1)


# --- Agency staff ---------------------------------------------------------------------


def test_agency_dashboard_of_a(province, user_a):
    d = selectors.agency_dashboard(user_a, today=province.today)
    assert d.agency == province.agency_a
    t = d.tasks
    assert (
        t.overdue.count,
        t.due_soon.count,
        t.pending.count,
        t.submitted.count,
        t.verified.count,
    ) == (1, 1, 2, 0, 0)
    assert _titles(d.urgent) == ["Nhiệm vụ a_overdue", "Nhiệm vụ a_ahead"]
    s = d.scorecard
    assert s.assessment == province.assessment_a_2023
    assert s.previous.assessment.year == 2022
    assert s.change.points == D("0.00") and s.change.direction == "same"
    assert [f.percent for f in s.fields] == [D("100.00"), D("100.00")]
    assert s.low == []
    # 2024 is being scored: A sees its own self-assessment only.
    assert [line.assessment for line in d.unpublished] == [province.assessment_a_2024]
    assert d.inspection_count == 2
    assert {i.agency_id for i in d.inspections} == {province.agency_a.pk}


def test_agency_dashboard_of_b_lists_its_low_nodes(province, user_b):
    d = selectors.agency_dashboard(user_b, today=province.today)
    t = d.tasks
    assert (
        t.overdue.count,
        t.due_soon.count,
        t.pending.count,
        t.submitted.count,
    ) == (2, 0, 4, 1)
    assert t.overdue.filters == TaskFilters(overdue=True)
    assert _titles(d.urgent) == ["Nhiệm vụ b_old_overdue", "Nhiệm vụ b_overdue"]
    s = d.scorecard
    assert s.assessment == province.assessment_b_2023
    assert s.previous is None and s.change is None
    assert [(n.node.code, n.percent) for n in s.low] == [
        ("1", D("66.67")),
        ("1.1", D("50.00")),
        ("1.1.2", D("20.00")),
    ]
    assert s.chart_data()["low"] == [True, False]
    assert d.unpublished == []
    assert d.inspection_count == 1


def test_agency_dashboard_before_any_publication(db, user_a):
    d = selectors.agency_dashboard(user_a)
    assert d.scorecard is None and d.unpublished == [] and d.history == []
    assert d.urgent == [] and d.inspections == [] and d.inspection_count == 0
    assert d.tasks.overdue.count == 0
