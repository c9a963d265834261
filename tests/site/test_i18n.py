"""Vietnamese by default, English on request, and a complete catalogue."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_login_page_is_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in body
    assert '<html lang="vi">' in body


def test_language_switcher_turns_the_site_english_and_back(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert "Log in" in body and "Đăng nhập" not in body
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()


def test_home_page_greets_in_vietnamese(snv_client):
    body = snv_client.get(reverse("core:home")).content.decode()
    assert "Xin chào" in body
    assert "Cán bộ Sở Nội vụ" in body


def _entries(po_text: str):
    """Yield (msgid, msgstr-joined, flags) of a .po file (plural forms included)."""
    block: dict[str, list[str]] = {}
    flags = ""
    current = None
    for line in po_text.splitlines() + [""]:
        if not line.strip():
            if block.get("msgid") is not None:
                yield (
                    "".join(block["msgid"]),
                    ["".join(v) for k, v in block.items() if k.startswith("msgstr")],
                    flags,
                )
            block, flags, current = {}, "", None
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
            key, _, rest = line.partition(" ")
            current = key
            block[key] = [rest.strip()[1:-1]]
        elif line.startswith('"') and current:
            block[current].append(line.strip()[1:-1])


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    problems = [
        msgid
        for msgid, msgstrs, flags in _entries(CATALOGUE.read_text(encoding="utf-8"))
        if msgid and ("fuzzy" in flags or not all(msgstrs))
    ]
    assert not problems, f"{len(problems)} untranslated or fuzzy: {problems[:20]}"


def test_compiled_catalogue_is_committed_and_current():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists()
    assert mo.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1, "run `make messages`"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the project finds no msgid missing from django.po."""
    require_service(
        bool(shutil.which("xgettext")), "gettext tools (xgettext) are not installed"
    )
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "var",
            ".git",
            "node_modules",
            "staticfiles",
            "*.pyc",
            "test-artifacts",
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_DEBUG": "1",
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "DJANGO_READ_DOT_ENV": "0",
        },
    )
    fresh = {
        m
        for m, _s, _f in _entries(
            (copy / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
        )
    }
    known = {m for m, _s, _f in _entries(CATALOGUE.read_text(encoding="utf-8"))}
    missing = sorted(fresh - known - {""})
    assert not missing, (
        f"strings missing from locale/vi (run `make messages`): {missing[:20]}"
    )


def test_login_form_labels_are_vietnamese(client):
    body = client.get(reverse("login")).content.decode()
    assert "Tên đăng nhập" in body and "Mật khẩu" in body


def test_password_change_form_is_vietnamese(snv_client):
    body = snv_client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu cũ" in body
