"""The isolation helper, used on the pages that exist at this point; later
feature tests call `agency_urls` with their own objects."""

import pytest
from django.urls import reverse

from tests.isolation import agency_urls, assert_isolated, named_patterns

pytestmark = pytest.mark.django_db


def test_helper_enumerates_patterns_from_the_urlconf():
    names = {p.name for p in named_patterns()}
    assert "indices:agency_detail" in names


def test_helper_reports_patterns_it_cannot_fill():
    _urls, unfilled = agency_urls({})
    assert "indices:agency_detail" in {p.name for p in unfilled}


def test_agency_pages_of_b_are_refused_to_a_and_open_to_snv(
    agency_b, client_a, snv_client
):
    urls, unfilled = agency_urls({"agency_id": agency_b.pk}, namespaces=("indices",))
    # Only agency pages exist in this test's scope; other patterns are covered
    # by the feature tests that own their objects.
    urls = [u for u in urls if "/agencies/" in u]
    assert urls
    assert_isolated(urls, outsider=client_a, insider=snv_client)


def test_helper_fails_when_an_outsider_gets_through(agency_b, snv_client):
    urls = [reverse("indices:agency_detail", kwargs={"agency_id": agency_b.pk})]
    with pytest.raises(AssertionError, match="isolation broken"):
        assert_isolated(urls, outsider=snv_client, insider=snv_client)


def test_agency_list_shows_only_own_agency_to_agency_staff(
    agency_a, agency_b, client_a, snv_client
):
    mine = client_a.get(reverse("indices:agency_list")).content.decode()
    assert agency_a.name in mine and agency_b.name not in mine
    everything = snv_client.get(reverse("indices:agency_list")).content.decode()
    assert agency_a.name in everything and agency_b.name in everything
