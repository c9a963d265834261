"""Playwright fixtures: the system Chromium, headless, in Vietnamese, against
pytest-django's live server on the PostgreSQL test database.

Every page opened through `page` fails its test on a failed network request
or a console error, and a screenshot is saved under test-artifacts/ when a
test fails.
"""

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Native widgets (the date picker) follow the browser's own language.
    "--lang=vi-VN",
]


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class BrowserProblems:
    """Failed requests and console errors seen by a page."""

    def __init__(self):
        self._items: list[tuple[str, str]] = []  # (url or "", message)

    def attach(self, page) -> None:
        page.on(
            "requestfailed",
            lambda r: self._items.append(
                (r.url, f"request failed: {r.method} {r.url} ({r.failure})")
            ),
        )
        page.on(
            "response",
            lambda r: (
                self._items.append(
                    (r.url, f"HTTP {r.status}: {r.request.method} {r.url}")
                )
                if r.status >= 400
                else None
            ),
        )
        page.on(
            "console",
            lambda m: (
                self._items.append(("", f"console {m.type}: {m.text}"))
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: self._items.append(("", f"page error: {e}")))

    @property
    def items(self) -> list[str]:
        # "Aborted" is Chromium cancelling a request itself: a navigation that
        # left the page while an icon was loading, or a link that became a
        # download. A server failure shows as an HTTP status instead.
        return [
            message for _url, message in self._items if "ERR_ABORTED" not in message
        ]

    def allow(self, fragment: str) -> None:
        """Forget problems mentioning `fragment` (a test that expects a 404 says so)."""
        self._items = [(u, m) for u, m in self._items if fragment not in m]


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def page(browser, live_server, browser_problems, request):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        viewport={"width": 1366, "height": 900},
        accept_downloads=True,
    )
    # Generous: CI machines are small and the suite runs on two workers.
    context.set_default_timeout(30_000)
    page = context.new_page()
    browser_problems.attach(page)
    # Confirmation dialogs (data-confirm) are answered "OK", as a user going
    # ahead would; their texts are kept for assertions.
    page.dialogs = []
    page.on(
        "dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.accept())
    )
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True
        )
    context.close()
    if failed is not None and not failed.failed:
        assert not browser_problems.items, "browser problems:\n" + "\n".join(
            browser_problems.items
        )


def log_in(page, username: str, password: str = "pw") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
