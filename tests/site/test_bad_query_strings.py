"""Malformed query strings get a clear 4xx or are ignored, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "indices:agency_list",
    "indices:ranking",
    "indices:framework_list",
    "inspections:directive_list",
    "inspections:task_list",
    "inspections:inspection_list",
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "year=99999",
        "year=99999999999999999999",
        "year=abc",
        "band=%00x",
        "group=%00",
    ],
)
def test_list_pages_survive_malformed_filters(snv_client, name, query):
    response = snv_client.get(f"{reverse(name)}?{query}")
    assert response.status_code in (200, 400), (
        f"{name}?{query} -> {response.status_code}"
    )
    if "%00" in query:
        assert response.status_code == 400
