"""The Sở Nội vụ dashboard in a real browser: charts drawn under the CSP,
and a number that opens the list it counts."""

import re

import pytest

from indices.roles import Role
from tests.browser.conftest import log_in
from tests.indices.factories import make_user
from tests.inspections.dashboard.province import build_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _charts(page) -> dict[str, list]:
    return page.evaluate(
        """() => Object.fromEntries(Object.values(Chart.instances).map(
            c => [c.canvas.id, c.data.datasets.map(d => d.data)]))"""
    )


def test_snv_dashboard_draws_its_charts_and_a_number_opens_its_list(
    page, agency_a, agency_b
):
    make_user(Role.SNV_STAFF, username="snv_dash")
    province = build_province(agency_a, agency_b)
    log_in(page, "snv_dash")
    page.goto("/")
    page.wait_for_function("() => Object.keys(Chart.instances).length === 7")
    charts = _charts(page)
    assert sorted(charts) == [
        "chart-overdue",
        "chart-tasks",
        "gauge-department-achieved",
        "gauge-department-planned",
        "gauge-district-achieved",
        "gauge-district-planned",
        "ranking-department",
    ]
    assert charts["chart-overdue"] == [[2, 1]]  # B, then A
    assert charts["ranking-department"] == [[100, 70]]
    # Five statuses stacked over the three sources; open: 3 from directives.
    assert charts["chart-tasks"][0] == [0, 0, 3]
    assert charts["gauge-department-planned"] == [[50, 50]]  # A of A and B

    # Every canvas has its figures as text beside it.
    assert page.get_by_role("cell", name="Sở Thử nghiệm B").first.is_visible()

    row = page.get_by_role("row", name=re.compile(r"^Sở Thử nghiệm B 2 "))
    row.get_by_role("link", name="2").click()
    page.wait_for_url(f"**/tasks/?agency={province.agency_b.pk}&overdue=on")
    titles = page.locator("main table tbody tr td:first-child a").all_inner_texts()
    assert sorted(titles) == ["Nhiệm vụ b_old_overdue", "Nhiệm vụ b_overdue"]
    assert page.get_by_label("Chỉ nhiệm vụ quá hạn").is_checked()


def test_menu_dropdowns_open_with_the_keyboard(page, agency_a):
    make_user(Role.SNV_STAFF, username="snv_menu")
    log_in(page, "snv_menu")
    toggle = page.get_by_role("button", name="Nhiệm vụ")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Nhiệm vụ khắc phục"
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasks/")
    # One row of menu entries at 1366 px: every top entry on the same line.
    tops = page.locator("#main-nav > ul.me-auto > li").evaluate_all(
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
    )
    assert len(tops) == 4 and len(set(tops)) == 1
