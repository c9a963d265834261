"""The browser harness itself: Vietnamese pages, local assets, no errors."""

import pytest

from indices.roles import Role
from tests.browser.conftest import log_in
from tests.indices.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_vietnamese_and_loads_only_local_assets(page, live_server):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
    assert requested and all(url.startswith(live_server.url) for url in requested)


def test_staff_logs_in_and_sees_the_greeting(page):
    make_user(Role.SNV_STAFF, username="snv_browser")
    log_in(page, "snv_browser")
    assert page.get_by_text("Xin chào").is_visible()
    # Bootstrap's JavaScript is loaded: the user menu (the last dropdown of
    # the bar, after the main menu's) opens.
    page.locator("#main-nav .dropdown-toggle").last.click()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def test_keyboard_focus_is_visible(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
