"""Printing a page: navigation, buttons and filters disappear, the title,
the filters applied and the print date appear, the page is A4, and the
"In" button opens the print dialog."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from indices.roles import Role
from inspections.models import TaskStatus
from tests.browser.conftest import log_in
from tests.indices.factories import AgencyFactory, make_user
from tests.inspections.factories import RemediationTaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_remediation_status_prints_without_navigation_and_with_its_filters(page):
    make_user(Role.SNV_STAFF, username="snv_print")
    agency = AgencyFactory(name="Sở Thử nghiệm In")
    year = datetime.date.today().year
    RemediationTaskFactory(
        agency=agency,
        status=TaskStatus.OPEN,
        start_date=datetime.date(year, 1, 2),
        deadline=datetime.date(year, 1, 3),
    )
    log_in(page, "snv_print")
    page.goto(f"/remediation/status/?year={year}&group=department")
    heading = page.get_by_role("heading", level=1)
    assert heading.is_visible()
    print_header = page.locator(".print-header")
    assert not print_header.is_visible()

    page.emulate_media(media="print")
    assert heading.is_visible()
    assert print_header.is_visible()
    assert "Nhóm: Sở, ban, ngành" in print_header.inner_text()
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("main form").first.is_visible()
    assert not page.get_by_role("link", name="Tải XLSX").is_visible()
    assert not page.locator("[data-print]").is_visible()
    assert page.get_by_role("rowheader", name="Sở Thử nghiệm In").is_visible()
    # The print stylesheet's @page asks for A4.
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert round(float(pdf.pages[0].mediabox.width)) == 595

    page.emulate_media(media="screen")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="In").click()
    assert page.evaluate("window.printed") is True
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    date = page.locator("[data-print-date]").inner_text()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", date)
