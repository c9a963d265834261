"""Tasks in bulk from a year's low-score flags: preview, levels, no duplicates."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indices.models import Reorganisation, ReorganisationKind
from inspections.models import DeadlineBasis, RemediationTask, TaskSource
from inspections.selectors.tasks import low_score_task_preview
from inspections.services.tasks import tasks_create_from_low_scores
from tests.indices.factories import (
    AgencyFactory,
    AssessmentFactory,
    FrameworkFactory,
    FrameworkNodeFactory,
    NodeScoreFactory,
)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2024, 3, 15)


def framework_tree(year):
    """Field 1 → criteria 1.1 (sub-criteria 1.1.1, 1.1.2) and 1.2 (a leaf),
    with published results (only those give tasks)."""
    framework = FrameworkFactory(
        year=year, results_state="published", published_on=D(year + 1, 3, 7)
    )
    field = FrameworkNodeFactory(
        framework=framework, code="1", max_points=Decimal("10"), is_leaf=False, order=1
    )
    c11 = FrameworkNodeFactory(
        framework=framework,
        parent=field,
        code="1.1",
        max_points=Decimal("5"),
        is_leaf=False,
        order=2,
    )
    s111 = FrameworkNodeFactory(
        framework=framework,
        parent=c11,
        code="1.1.1",
        max_points=Decimal("2.5"),
        order=3,
    )
    s112 = FrameworkNodeFactory(
        framework=framework,
        parent=c11,
        code="1.1.2",
        max_points=Decimal("2.5"),
        order=4,
    )
    c12 = FrameworkNodeFactory(
        framework=framework, parent=field, code="1.2", max_points=Decimal("5"), order=5
    )
    return framework, {n.code: n for n in (field, c11, s111, s112, c12)}


def scores(agency, framework, nodes, low_codes, year=None):
    assessment = AssessmentFactory(
        framework=framework, agency=agency, year=year or framework.year
    )
    result = {}
    for code, node in nodes.items():
        low = code in low_codes
        result[code] = NodeScoreFactory(
            assessment=assessment,
            node=node,
            is_low=low,
            points=node.max_points * (Decimal("0.5") if low else Decimal("0.9")),
            applicable_max=node.max_points,
            percent=Decimal("50.00") if low else Decimal("90.00"),
        )
    return result


@pytest.fixture
def year_2023():
    framework, nodes = framework_tree(2023)
    return framework, nodes


def test_only_the_most_specific_flagged_items_get_tasks(year_2023, snv_user):
    framework, nodes = year_2023
    agency = AgencyFactory(name="Sở Kế hoạch thử")
    flagged = scores(agency, framework, nodes, {"1", "1.1", "1.1.1", "1.2"})
    preview = low_score_task_preview(year=2023, start_date=START)
    assert {item.node.code for item in preview.to_create} == {"1.1.1", "1.2"}
    assert preview.covered_by_children == 2  # field 1 and criterion 1.1
    assert preview.flagged == 4
    sub = next(i for i in preview.to_create if i.node.code == "1.1.1")
    assert [s.node.code for s in sub.also_low] == ["1", "1.1"]
    assert sub.agency == agency and sub.node_score == flagged["1.1.1"]


def test_bulk_creation_then_a_second_run_creates_nothing(year_2023, snv_user):
    framework, nodes = year_2023
    a, b = AgencyFactory(), AgencyFactory()
    scores(a, framework, nodes, {"1", "1.1", "1.1.2"})
    scores(b, framework, nodes, {"1.2"})
    result = tasks_create_from_low_scores(
        year=2023,
        actor=snv_user,
        start_date=START,
        deadline_basis=DeadlineBasis.CALENDAR_DAYS,
        deadline_days=90,
    )
    assert len(result.created) == 2 and result.existing == 0
    task = RemediationTask.objects.get(agency=a)
    assert task.source == TaskSource.LOW_SCORE
    assert task.node_score.node.code == "1.1.2"
    assert task.deadline == START + datetime.timedelta(days=90)
    assert "1.1.2" in task.title and "2023" in task.title
    # The flagged field and criterion are named in the description.
    assert "1 (" in task.description and "1.1 (" in task.description

    again = tasks_create_from_low_scores(
        year=2023,
        actor=snv_user,
        start_date=START,
        deadline_basis=DeadlineBasis.CALENDAR_DAYS,
        deadline_days=90,
    )
    assert again.created == [] and again.existing == 2
    assert RemediationTask.objects.count() == 2
    preview = low_score_task_preview(year=2023, start_date=START)
    assert preview.to_create == [] and len(preview.existing) == 2


def test_recurring_weakness_is_marked(snv_user):
    agency = AgencyFactory()
    f22, n22 = framework_tree(2022)
    f23, n23 = framework_tree(2023)
    scores(agency, f22, n22, {"1.2"})
    scores(agency, f23, n23, {"1.2", "1.1.1", "1.1", "1"})
    tasks_create_from_low_scores(
        year=2023,
        actor=snv_user,
        start_date=START,
        deadline_basis=DeadlineBasis.WORKING_DAYS,
        deadline_days=30,
    )
    recurring = dict(
        RemediationTask.objects.values_list("node_score__node__code", "is_recurring")
    )
    assert recurring == {"1.2": True, "1.1.1": False}


def test_flags_of_a_merged_agency_go_to_its_successor_and_dissolved_ones_are_listed(
    year_2023, snv_user
):
    framework, nodes = year_2023
    merged = AgencyFactory(name="Sở cũ", active_to=D(2025, 2, 28))
    successor = AgencyFactory(name="Sở mới", active_from=D(2025, 3, 1))
    dissolved = AgencyFactory(name="UBND huyện cũ", active_to=D(2025, 6, 30))
    event = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=D(2025, 3, 1)
    )
    event.predecessors.set([merged])
    event.successors.set([successor])
    scores(merged, framework, nodes, {"1.2"})
    scores(dissolved, framework, nodes, {"1.2"})
    preview = low_score_task_preview(year=2023, start_date=D(2025, 9, 1))
    assert [(i.agency, i.node_score.assessment.agency) for i in preview.to_create] == [
        (successor, merged)
    ]
    assert [i.node_score.assessment.agency for i in preview.no_agency] == [dissolved]
    # Before the reorganisation both agencies still existed.
    early = low_score_task_preview(year=2023, start_date=START)
    assert {i.agency for i in early.to_create} == {merged, dissolved}


def test_preview_query_count_does_not_grow_with_agencies(year_2023):
    framework, nodes = year_2023
    for _ in range(3):
        scores(AgencyFactory(), framework, nodes, {"1", "1.2"})

    def grow():
        for _ in range(10):
            scores(AgencyFactory(), framework, nodes, {"1", "1.1", "1.1.1"})

    assert_constant_queries(
        lambda: low_score_task_preview(year=2023, start_date=START), grow, expected=10
    )
    assert len(low_score_task_preview(year=2023, start_date=START).to_create) == 13


def test_preview_page_lists_what_will_be_created_and_what_exists(
    year_2023, snv_client, snv_user
):
    framework, nodes = year_2023
    agency = AgencyFactory(name="Sở Điểm Thấp")
    scores(agency, framework, nodes, {"1.2"})
    url = reverse("inspections:task_create_from_low_scores")
    body = snv_client.get(
        url, {"year": 2023, "start_date": "2024-03-15"}
    ).content.decode()
    assert "Sở Điểm Thấp" in body and "1.2" in body
    response = snv_client.post(
        url,
        {
            "year": 2023,
            "start_date": "15/03/2024",
            "deadline_basis": "calendar_days",
            "deadline_days": 60,
        },
    )
    assert response.status_code == 302
    assert RemediationTask.objects.filter(agency=agency).count() == 1
    # Posting again (a double click, a second visit) creates nothing.
    snv_client.post(
        url,
        {
            "year": 2023,
            "start_date": "15/03/2024",
            "deadline_basis": "calendar_days",
            "deadline_days": 60,
        },
    )
    assert RemediationTask.objects.filter(agency=agency).count() == 1


def test_preview_page_is_for_snv_staff_only(client_a, leader_client):
    url = reverse("inspections:task_create_from_low_scores")
    assert client_a.get(url).status_code == 403
    assert leader_client.get(url).status_code == 403


def test_unpublished_or_provisional_results_give_no_task(snv_user):
    framework, nodes = framework_tree(2024)
    published = scores(AgencyFactory(), framework, nodes, {"1.2"})
    provisional = scores(AgencyFactory(), framework, nodes, {"1.2"})
    provisional["1.2"].assessment.__class__.objects.filter(
        pk=provisional["1.2"].assessment_id
    ).update(is_provisional=True)
    draft, draft_nodes = framework_tree(2025)
    draft.__class__.objects.filter(pk=draft.pk).update(
        results_state="draft", published_on=None
    )
    scores(AgencyFactory(), draft, draft_nodes, {"1.2"})
    preview = low_score_task_preview(year=2024, start_date=START)
    assert [item.node_score for item in preview.to_create] == [published["1.2"]]
    draft_preview = low_score_task_preview(year=2025, start_date=D(2025, 3, 15))
    assert draft_preview.to_create == []
    assert draft_preview.unpublished_groups == ["Sở, ban, ngành tỉnh"]
