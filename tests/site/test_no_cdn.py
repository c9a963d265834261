"""Every asset is served by the app: no http(s) URL in any template's src/href."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ASSET_URL = re.compile(
    r"""<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""",
    re.I,
)
CSS_URL = re.compile(r"""url\(\s*["']?(https?:)?//""", re.I)


def template_files():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("indices", "inspections")
    ]
    return [p for root in roots if root.exists() for p in root.rglob("*.html")]


def test_no_template_loads_an_external_asset():
    files = template_files()
    assert files
    offenders = [
        str(p) for p in files if ASSET_URL.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_no_stylesheet_loads_an_external_resource():
    static = Path(settings.BASE_DIR) / "static"
    offenders = [
        str(p)
        for p in static.rglob("*.css")
        if CSS_URL.search(p.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert not offenders


def test_rendered_page_references_only_local_assets(snv_client):
    body = snv_client.get(reverse("core:home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert not ASSET_URL.search(body)
