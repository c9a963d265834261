"""Main pages print well: the print stylesheet is linked for print media
only, and each page carries the print header and an "In" button."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from inspections.models import InspectionStatus
from tests.inspections.factories import RemediationTaskFactory
from tests.inspections.plan_helpers import draft_plan, item

pytestmark = pytest.mark.django_db


def test_print_stylesheet_is_linked_for_print_only(snv_client):
    page = snv_client.get(reverse("inspections:task_list")).content.decode()
    assert 'href="/static/css/print.css" media="print"' in page
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    for rule in (
        "size: A4",
        "display: none",
        "table-header-group",
        "break-inside: avoid",
    ):
        assert rule in css


def test_task_and_inspection_pages_have_a_print_header_and_button(snv_client, agency_a):
    task = RemediationTaskFactory(agency=agency_a)
    inspection = item(draft_plan(), agency_a, status=InspectionStatus.CONDUCTED)
    for url in (
        reverse("inspections:task_list") + "?status=open",
        task.get_absolute_url(),
        reverse(
            "inspections:inspection_detail", kwargs={"inspection_id": inspection.pk}
        ),
    ):
        page = snv_client.get(url).content.decode()
        assert 'class="print-header d-none d-print-block"' in page, url
        assert "data-print-date" in page and "data-print>" in page, url
    board = snv_client.get(reverse("inspections:task_list") + "?status=open")
    assert "Bộ lọc: Trạng thái: Chưa thực hiện" in board.content.decode()
