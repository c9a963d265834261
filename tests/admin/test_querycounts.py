"""Admin lists and the big change pages run a constant number of queries,
whatever the number of rows (pinned: a change shows up here first)."""

import pytest
from django.urls import reverse

from indices.models import AgencyGroup, NodeLevel
from inspections.models import InspectionStatus
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import (
    AgencyFactory,
    FrameworkNodeFactory,
    NodeScoreFactory,
)
from tests.inspections.factories import (
    FindingFactory,
    InspectionFactory,
    RemediationTaskFactory,
)
from tests.inspections.plan_helpers import draft_plan, item
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _get(client, url):
    """Open the page once (caches such as content types warm up), then count."""

    def action():
        response = client.get(url)
        assert response.status_code == 200

    action()
    return action


def test_agency_list(admin_client):
    AgencyFactory.create_batch(5)
    assert_constant_queries(
        _get(admin_client, reverse("admin:indices_agency_changelist")),
        lambda: AgencyFactory.create_batch(45),
        expected=8,
    )


def test_task_list(admin_client):
    RemediationTaskFactory.create_batch(5)
    assert_constant_queries(
        _get(admin_client, reverse("admin:inspections_remediationtask_changelist")),
        lambda: RemediationTaskFactory.create_batch(45),
        expected=9,
    )


def _assessments(framework, count):
    for _ in range(count):
        score(framework, entries=full_marks(framework))


def test_assessment_list(admin_client):
    framework = make_framework()
    _assessments(framework, 5)
    assert_constant_queries(
        _get(admin_client, reverse("admin:indices_assessment_changelist")),
        lambda: _assessments(framework, 20),
        expected=9,
    )


def test_node_score_list(admin_client):
    framework = make_framework()
    _assessments(framework, 2)
    assert_constant_queries(
        _get(admin_client, reverse("admin:indices_nodescore_changelist")),
        lambda: _assessments(framework, 10),
        expected=8,
    )


def test_inspection_list(admin_client):
    InspectionFactory.create_batch(5)
    assert_constant_queries(
        _get(admin_client, reverse("admin:inspections_inspection_changelist")),
        lambda: InspectionFactory.create_batch(45),
        expected=9,
    )


def test_finding_list(admin_client):
    FindingFactory.create_batch(5)
    assert_constant_queries(
        _get(admin_client, reverse("admin:inspections_finding_changelist")),
        lambda: FindingFactory.create_batch(45),
        expected=10,
    )


def _grow_tree(framework, start, count):
    """`count` fields, each with one criterion (its parent shown by code)."""
    for number in range(start, start + count):
        field = FrameworkNodeFactory(
            framework=framework, code=str(number), level=NodeLevel.FIELD, is_leaf=False
        )
        FrameworkNodeFactory(
            framework=framework,
            code=f"{number}.1",
            parent=field,
            level=NodeLevel.CRITERION,
        )


def test_framework_page_with_many_nodes(admin_client):
    framework = make_framework(year=2030)
    url = reverse("admin:indices_framework_change", args=[framework.pk])
    assert_constant_queries(
        _get(admin_client, url),
        lambda: _grow_tree(framework, 100, 50),
        expected=9,
    )


def test_assessment_page_with_many_scores(admin_client):
    framework = make_framework()
    assessment = score(framework, entries=full_marks(framework))

    def add_leaves(count):
        for _ in range(count):
            NodeScoreFactory(
                assessment=assessment,
                node=FrameworkNodeFactory(framework=framework, is_leaf=True),
            )

    url = reverse("admin:indices_assessment_change", args=[assessment.pk])
    assert_constant_queries(_get(admin_client, url), lambda: add_leaves(40), expected=6)


def test_plan_page_with_many_items(admin_client):
    plan = draft_plan()

    def add_items(count):
        for agency in AgencyFactory.create_batch(count, group=AgencyGroup.DEPARTMENT):
            item(plan, agency)

    add_items(5)
    url = reverse("admin:inspections_inspectionplan_change", args=[plan.pk])
    assert_constant_queries(_get(admin_client, url), lambda: add_items(45), expected=7)


def test_inspection_page_with_many_findings(admin_client):
    inspection = InspectionFactory(
        status=InspectionStatus.CONDUCTED, start_date="2024-05-02"
    )

    def add_findings(count):
        # Each linked to a node: the autocomplete shows it without a query.
        for _ in range(count):
            FindingFactory(inspection=inspection, node=FrameworkNodeFactory())

    add_findings(3)
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    assert_constant_queries(
        _get(admin_client, url), lambda: add_findings(30), expected=6
    )
