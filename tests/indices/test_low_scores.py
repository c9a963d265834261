"""Low-scoring nodes of a year, with recurring weaknesses across reorganisations."""

import datetime

import pytest

from indices import selectors
from indices.models import (
    Assessment,
    Framework,
    Reorganisation,
    ReorganisationKind,
    ResultsState,
)
from tests.indices.factories import (
    AgencyFactory,
    AssessmentFactory,
    FrameworkFactory,
    FrameworkNodeFactory,
    NodeScoreFactory,
)

pytestmark = pytest.mark.django_db


def low(agency, year, code, *, is_low=True):
    framework = FrameworkFactory(year=year, group=agency.group)
    assessment = Assessment.objects.filter(
        agency=agency, year=year
    ).first() or AssessmentFactory(framework=framework, agency=agency, year=year)
    node = framework.nodes.filter(code=code).first() or FrameworkNodeFactory(
        framework=framework, code=code
    )
    return NodeScoreFactory(assessment=assessment, node=node, is_low=is_low)


def merge(predecessors, successor, day=datetime.date(2025, 3, 1)):
    event = Reorganisation.objects.create(
        kind=ReorganisationKind.MERGE, effective_date=day
    )
    event.predecessors.set(predecessors)
    event.successors.set([successor])
    return event


def test_lineage_follows_predecessors_transitively():
    a, b, c, d = (AgencyFactory() for _ in range(4))
    merge([a], b)
    merge([b, c], d)
    assert selectors.agency_lineage_ids(d.pk) == {a.pk, b.pk, c.pk, d.pk}
    assert selectors.agency_lineage_ids(a.pk) == {a.pk}


def test_a_node_low_two_years_running_is_recurring():
    agency = AgencyFactory()
    low(agency, 2023, "3.1")
    current = low(agency, 2024, "3.1")
    other = low(agency, 2024, "5.2")
    found = {
        item.node_score.pk: item.recurring
        for item in selectors.low_scores_for_year(2024)
    }
    assert found == {current.pk: True, other.pk: False}


def test_weakness_inherited_from_a_predecessor_is_recurring():
    old, new = AgencyFactory(), AgencyFactory()
    low(old, 2024, "2.1")
    merge([old], new)
    current = low(new, 2025, "2.1")
    (item,) = selectors.low_scores_for_year(2025)
    assert item.node_score == current and item.recurring


def test_nodes_not_flagged_are_left_out_and_users_see_only_their_agency(
    user_a, agency_a
):
    low(agency_a, 2024, "1.1")
    low(agency_a, 2024, "1.2", is_low=False)
    low(AgencyFactory(), 2024, "1.1")
    # Flags come from appraised scores: hidden from agency users until published.
    assert selectors.low_scores_for_year(2024, user=user_a) == []
    Framework.objects.filter(year=2024).update(
        results_state=ResultsState.PUBLISHED, published_on=datetime.date(2025, 3, 1)
    )
    items = selectors.low_scores_for_year(2024, user=user_a)
    assert [(i.agency, i.node.code) for i in items] == [(agency_a, "1.1")]


def test_query_count_does_not_grow_with_agencies(django_assert_num_queries):
    for _ in range(6):
        low(AgencyFactory(), 2024, "1.1")
    with django_assert_num_queries(4):
        items = selectors.low_scores_for_year(2024)
        assert len(items) == 6
        assert all(item.agency.name for item in items)
