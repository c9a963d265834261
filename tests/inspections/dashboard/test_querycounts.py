"""Each role's dashboard runs the same number of queries with 10 times the
agencies, tasks, inspections, assessments and framework nodes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indices.models import AgencyGroup
from inspections.models import InspectionStatus, TaskStatus
from tests.indices.factories import (
    AgencyFactory,
    AssessmentFactory,
    FrameworkFactory,
    FrameworkNodeFactory,
    NodeScoreFactory,
)
from tests.inspections.factories import (
    DirectiveFactory,
    InspectionFactory,
    RemediationTaskFactory,
)
from tests.inspections.plan_helpers import item
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
STATUSES = [
    TaskStatus.OPEN,
    TaskStatus.IN_PROGRESS,
    TaskStatus.SUBMITTED,
    TaskStatus.VERIFIED,
    TaskStatus.CANCELLED,
]


def _tasks(agencies, n, province, directive):
    start = province.today - datetime.timedelta(days=60)
    for i in range(n):
        RemediationTaskFactory(
            agency=agencies[i % len(agencies)],
            directive=directive,
            status=STATUSES[i % len(STATUSES)],
            start_date=start,
            deadline=province.today + datetime.timedelta(days=(i % 40) - 20),
        )


def _more_fields(framework, assessments, n):
    """n more fields in the framework, scored for every assessment."""
    nodes = [
        FrameworkNodeFactory(
            framework=framework, code=str(10 + i), level=1, order=100 + i
        )
        for i in range(n)
    ]
    for assessment in assessments:
        for k, node in enumerate(nodes):
            NodeScoreFactory(
                assessment=assessment,
                node=node,
                percent=Decimal(60 + 5 * k),
                is_low=k == 0,
            )


def _grow_province(province):
    directive = DirectiveFactory()
    agencies = AgencyFactory.create_batch(
        30, group=AgencyGroup.DEPARTMENT
    ) + AgencyFactory.create_batch(15, group=AgencyGroup.DISTRICT)
    _tasks(agencies, 190, province, directive)
    for agency in agencies[:20]:
        item(
            province.plan,
            agency,
            status=InspectionStatus.CONCLUDED,
            month=(province.today - datetime.timedelta(days=60)).month,
        )
    framework = province.index_2023
    new = [
        AssessmentFactory(
            framework=framework,
            agency=agency,
            percent=Decimal(70 + i % 30),
            rank=3 + i,
        )
        for i, agency in enumerate(agencies[:30])
    ]
    for assessment in new:
        for node in framework.nodes.filter(level=1):
            NodeScoreFactory(assessment=assessment, node=node, percent=Decimal("80"))
    _more_fields(framework, [*framework.assessments.all()], 6)
    district_2023 = FrameworkFactory(
        year=2023,
        group=AgencyGroup.DISTRICT,
        results_state="published",
        published_on=datetime.date(2024, 3, 7),
    )
    AssessmentFactory.create_batch(
        10, framework=district_2023, agency__group=AgencyGroup.DISTRICT
    )


def test_snv_dashboard_query_count_is_constant(snv_client, province):
    assert_constant_queries(
        lambda: snv_client.get(HOME),
        lambda: _grow_province(province),
        expected=20,
    )


def test_leadership_dashboard_query_count_is_constant(leader_client, province):
    assert_constant_queries(
        lambda: leader_client.get(HOME),
        lambda: _grow_province(province),
        expected=20,
    )


def _grow_agency(province):
    directive = DirectiveFactory()
    _tasks([province.agency_a], 190, province, directive)
    _tasks([province.agency_b], 50, province, directive)
    assessment = province.assessment_a_2023
    _more_fields(assessment.framework, [assessment], 12)
    for year in range(2015, 2020):
        framework = FrameworkFactory(
            year=year,
            results_state="published",
            published_on=datetime.date(year + 1, 3, 1),
        )
        AssessmentFactory(framework=framework, agency=province.agency_a, percent=80)
    for year in range(2015, 2022):
        InspectionFactory(
            agency=province.agency_a, plan=None, year=year, planned_month=5
        )


def test_agency_dashboard_query_count_is_constant(client_a, province):
    assert_constant_queries(
        lambda: client_a.get(HOME),
        lambda: _grow_agency(province),
        expected=16,
    )
