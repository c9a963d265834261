"""List pages and the scorecard run a constant number of queries whatever the
number of agencies and nodes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indices import services
from indices.access import system_actor
from indices.services import ScoreEntry
from tests.indices.builders import full_marks, make_framework, score
from tests.indices.factories import AgencyFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def add_agencies(framework, count, code="1.2"):
    marks = full_marks(framework)
    for index in range(count):
        lower = ScoreEntry(appraised_score=Decimal(index % 2))
        score(framework, AgencyFactory(), {**marks, code: lower})


def get_ok(client, url):
    def action():
        assert client.get(url).status_code == 200

    return action


@pytest.mark.parametrize("sort", ["rank", "-name", "percent"])
def test_ranking_page_queries_do_not_grow_with_agencies(snv_client, sort):
    framework = make_framework()
    add_agencies(framework, 5)
    url = reverse("indices:ranking") + f"?year=2023&group=department&sort={sort}"
    assert_constant_queries(
        get_ok(snv_client, url), lambda: add_agencies(framework, 45), expected=10
    )


def test_ranking_export_queries_do_not_grow_with_agencies(snv_client):
    framework = make_framework()
    add_agencies(framework, 5)
    url = reverse("indices:ranking_export") + "?year=2023&group=department"
    assert_constant_queries(
        get_ok(snv_client, url), lambda: add_agencies(framework, 45), expected=7
    )


def test_scorecard_queries_do_not_grow_with_agencies_or_nodes(snv_client):
    small = make_framework()
    page = {"url": score(small, entries=full_marks(small)).get_absolute_url()}
    add_agencies(small, 4)

    def grow():
        # The same page for an assessment of a framework with three times the
        # nodes, among 50 agencies, with a predecessor and last year's scores.
        tree = (
            [("1", "", "30", "appraisal")]
            + [(f"1.{c}", "1", "3", "appraisal") for c in range(1, 11)]
            + [
                (f"1.{c}.{s}", f"1.{c}", "1", "appraisal")
                for c in range(1, 11)
                for s in range(1, 4)
            ]
        )
        big = make_framework(year=2024, tree=tree)
        agency = AgencyFactory()
        previous = AgencyFactory()
        score(
            make_framework(year=2023, group="district", tree=tree[:4]),
            AgencyFactory(group="district"),
        )
        services.reorganisation_record(
            kind="merge",
            effective_date=datetime.date(2024, 1, 1),
            predecessors=[previous],
            successors=[agency],
            actor=system_actor(),
        )
        add_agencies(big, 49, code="1.1.1")
        page["url"] = score(big, agency, full_marks(big)).get_absolute_url()

    assert_constant_queries(
        lambda: get_ok(snv_client, page["url"])(), grow, expected=12
    )


def test_agency_scorecard_for_an_agency_user_is_constant_too(client_a, agency_a):
    framework = make_framework()
    assessment = score(framework, agency=agency_a, entries=full_marks(framework))
    url = assessment.get_absolute_url()
    assert_constant_queries(
        get_ok(client_a, url), lambda: add_agencies(framework, 20), expected=12
    )


def test_framework_pages_queries_do_not_grow_with_nodes(snv_client):
    framework = make_framework()
    url = framework.get_absolute_url()

    def grow():
        for index in range(20):
            services.framework_node_add(
                framework=framework,
                code=f"1.2.{index + 1}",
                parent_code="1.2",
                name="x",
                max_points=0,
                actor=system_actor(),
            )

    assert_constant_queries(get_ok(snv_client, url), grow, expected=11)


def test_agency_detail_queries_do_not_grow_with_history(snv_client):
    agency = AgencyFactory()
    framework = make_framework()
    score(framework, agency=agency, entries=full_marks(framework))
    url = agency.get_absolute_url()

    def grow():
        for year in (2020, 2021, 2022):
            score(make_framework(year=year), agency=agency)
        for _ in range(3):
            services.agency_update(
                agency=agency, focal_name=f"Người {_}", actor=system_actor()
            )

    assert_constant_queries(get_ok(snv_client, url), grow, expected=12)
