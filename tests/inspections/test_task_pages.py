"""Task pages are scoped to the user's agency."""

import pytest
from django.urls import reverse

from tests.inspections.factories import RemediationTaskFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_agency_user_lists_only_own_tasks(client_a, agency_a, agency_b):
    mine = RemediationTaskFactory(agency=agency_a, title="Việc của A")
    RemediationTaskFactory(agency=agency_b, title="Việc của B")
    body = client_a.get(reverse("inspections:task_list")).content.decode()
    assert mine.title in body and "Việc của B" not in body


def test_task_list_query_count_is_constant(snv_client):
    RemediationTaskFactory.create_batch(3)
    assert_constant_queries(
        lambda: snv_client.get(reverse("inspections:task_list")),
        lambda: RemediationTaskFactory.create_batch(20),
        expected=8,
    )
