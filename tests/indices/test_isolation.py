"""Every indices page that takes an object id: a user of agency A gets 403 or
404 on agency B's objects, Sở Nội vụ staff get 200."""

import datetime

import pytest
from django.urls import reverse

from indices import services
from indices.access import system_actor
from tests.indices.builders import full_marks, make_framework, score
from tests.isolation import agency_urls, assert_isolated

pytestmark = pytest.mark.django_db

# Frameworks are the province's public documents: every signed-in user may read
# them (agencies self-assess against them); they hold no agency's data. Their
# management pages are covered below like every other page.
PUBLIC = frozenset({"indices:framework_detail", "indices:framework_export"})


def test_every_indices_page_of_agency_b_is_closed_to_agency_a(
    agency_b, client_a, snv_client
):
    framework = make_framework()
    assessment = score(framework, agency=agency_b, entries=full_marks(framework))
    ids = {
        "agency_id": agency_b.pk,
        "assessment_id": assessment.pk,
        "framework_id": framework.pk,
        "node_id": framework.nodes.get(code="1.2").pk,
    }
    urls, unfilled = agency_urls(ids, namespaces=("indices",), skip=PUBLIC)
    assert unfilled == []
    assert len(urls) == 15  # scorecard export and PDF included
    assert_isolated(urls, outsider=client_a, insider=snv_client)


def test_public_framework_pages_carry_no_agency_data(agency_b, client_a):
    framework = make_framework()
    score(framework, agency=agency_b, entries=full_marks(framework))
    for name in sorted(PUBLIC):
        response = client_a.get(reverse(name, kwargs={"framework_id": framework.pk}))
        assert response.status_code == 200
        assert agency_b.name not in response.content.decode("utf-8-sig")


def test_a_scorecard_of_agency_b_is_refused_even_after_publication(agency_b, client_a):
    framework = make_framework()
    assessment = score(framework, agency=agency_b, entries=full_marks(framework))
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )
    assert client_a.get(assessment.get_absolute_url()).status_code == 404
    assert (
        agency_b.name
        in client_a.get(
            reverse("indices:ranking") + "?year=2023&group=department"
        ).content.decode()
    )
