"""The plan page in a real browser: gauges drawn under the CSP, one-click add."""

import pytest

from indices.roles import Role
from inspections.models import InspectionStatus
from tests.browser.conftest import log_in
from tests.indices.factories import make_user
from tests.inspections.plan_helpers import departments, districts, draft_plan, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _gauge_values(page) -> dict[str, float]:
    return page.evaluate(
        """() => Object.fromEntries(
            Object.values(Chart.instances).map(
                c => [c.canvas.id, c.data.datasets[0].data[0]]))"""
    )


def test_gauges_are_drawn_and_a_suggestion_is_added_in_one_click(page):
    make_user(Role.SNV_STAFF, username="snv_plan")
    plan = draft_plan()
    deps = departments(4)
    districts(2)
    item(plan, deps[0], status=InspectionStatus.CONDUCTED)
    log_in(page, "snv_plan")
    page.goto(plan.get_absolute_url())
    page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    assert _gauge_values(page) == {
        "gauge-department-planned": 25,
        "gauge-department-achieved": 25,
        "gauge-district-planned": 0,
        "gauge-district-achieved": 0,
    }
    # The figures are also there as text.
    assert page.get_by_text("1/4 cơ quan, đơn vị").first.is_visible()

    district_list = page.locator("#suggestions ol").nth(1)
    district_list.get_by_role("button", name="Thêm vào kế hoạch").first.click()
    page.wait_for_url("**#coverage")
    page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    assert _gauge_values(page)["gauge-district-planned"] == 50
    assert plan.inspections.count() == 2
