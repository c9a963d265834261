"""Take the README's screenshots of a running demo site.

Usage (with `make run` or `manage.py runserver` serving the demo data):
    .venv/bin/python scripts/screenshots.py [BASE_URL]
Needs Chromium (CCHC_CHROMIUM or `chromium` on PATH); writes docs/screenshots/*.png.
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "cchc-demo-2026"

SHOTS = [
    # file, login, path, description
    ("dashboard-snv.png", "snv", "/", "Sở Nội vụ dashboard"),
    ("dashboard-agency.png", "soyte", "/", "agency dashboard"),
    ("ranking.png", "snv", "/indices/ranking/?year=2023&group=department", "ranking"),
    ("scorecard.png", "snv", "scorecard", "scorecard"),
    ("plan.png", "snv", "/plans/", "inspection plan"),
    ("task-board.png", "snv", "/tasks/?overdue=on", "task board"),
]


def main() -> None:
    chromium = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--lang=vi-VN",
                "--disable-background-networking",
            ],
        )
        for name, login, path, _label in SHOTS:
            context = browser.new_context(
                locale="vi-VN", viewport={"width": 1366, "height": 900}
            )
            page = context.new_page()
            page.goto(f"{BASE}/accounts/login/")
            page.get_by_label("Tên đăng nhập").fill(login)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_load_state("networkidle")
            if path == "scorecard":
                page.goto(f"{BASE}/indices/ranking/?year=2023&group=department")
                page.locator("table a[href*='/assessments/']").first.click()
            elif path == "/plans/":
                page.goto(f"{BASE}/plans/")
                page.locator("main table a").first.click()
            else:
                page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(600)  # chart animations
            page.screenshot(path=str(OUT / name), full_page=False)
            print("wrote", OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
