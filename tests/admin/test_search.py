"""Search boxes ignore Vietnamese diacritics on PostgreSQL and fall back to
Django's plain search elsewhere."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core.search import field_lookup, search_words, unaccent_available
from indices.models import AgencyGroup
from inspections.models import RemediationTask
from tests.indices.factories import AgencyFactory
from tests.inspections.factories import RemediationTaskFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def agencies(db):
    return {
        "noi_vu": AgencyFactory(name="Sở Nội vụ", code="so-noi-vu"),
        "gd": AgencyFactory(name="Sở Giáo dục và Đào tạo", code="so-gd-dt"),
        "bgm": AgencyFactory(
            name="UBND huyện Bù Gia Mập", code="bu-gia-map", group=AgencyGroup.DISTRICT
        ),
    }


def _names(response) -> list[str]:
    return sorted(str(a) for a in response.context["cl"].result_list)


@pytest.mark.django_db
def test_postgresql_has_unaccent():
    assert unaccent_available()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("noi vu", ["Sở Nội vụ"]),
        ("NOI VU", ["Sở Nội vụ"]),
        ("Nội vụ", ["Sở Nội vụ"]),
        ("dao tao", ["Sở Giáo dục và Đào tạo"]),  # Đ is D without its stroke
        ("bu gia map", ["UBND huyện Bù Gia Mập"]),
        ("so noi", ["Sở Nội vụ"]),  # every word, in any field
        ('"gia map"', ["UBND huyện Bù Gia Mập"]),
        ("noi tao", []),
    ],
)
def test_admin_search_ignores_diacritics(admin_client, agencies, query, expected):
    response = admin_client.get(
        reverse("admin:indices_agency_changelist"), {"q": query}
    )
    assert _names(response) == expected


def test_admin_search_ignores_diacritics_across_relations(admin_client, agencies):
    RemediationTaskFactory(agency=agencies["noi_vu"], title="Cập nhật quy trình")
    RemediationTaskFactory(agency=agencies["gd"], title="Khác")
    response = admin_client.get(
        reverse("admin:inspections_remediationtask_changelist"), {"q": "noi vu"}
    )
    assert [t.title for t in response.context["cl"].result_list] == [
        "Cập nhật quy trình"
    ]


def test_autocomplete_ignores_diacritics(admin_client, agencies):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "giao duc",
            "app_label": "indices",
            "model_name": "user",
            "field_name": "agency",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Sở Giáo dục và Đào tạo"]


def test_site_agency_list_search_ignores_diacritics(snv_client, agencies):
    response = snv_client.get(reverse("indices:agency_list"), {"q": "noi vu"})
    assert [a.name for a in response.context["agencies"]] == ["Sở Nội vụ"]


def test_site_task_board_search_ignores_diacritics(snv_client, agencies):
    RemediationTaskFactory(agency=agencies["noi_vu"], title="Rà soát thủ tục")
    RemediationTaskFactory(agency=agencies["gd"], title="Việc khác")
    response = snv_client.get(reverse("inspections:task_list"), {"q": "ra soat"})
    body = response.content.decode()
    assert "Rà soát thủ tục" in body and "Việc khác" not in body


def test_only_text_fields_are_unaccented():
    assert field_lookup(RemediationTask, "agency__name", unaccent=True) == (
        "agency__name__unaccent__icontains"
    )
    assert (
        field_lookup(RemediationTask, "version", unaccent=True) == "version__icontains"
    )
    assert field_lookup(RemediationTask, "^title", unaccent=True) == (
        "title__unaccent__istartswith"
    )
    assert field_lookup(RemediationTask, "=title", unaccent=False) == "title__iexact"


def test_search_words_keep_quoted_phrases():
    assert search_words(' Sở  "Nội vụ" ') == ["Sở", "Nội vụ"]


SQLITE_CHECK = """
import json
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from indices.models import Agency
from core.search import text_search_q, unaccent_available

Agency.objects.create(name="Sở Nội vụ", code="snv", group="department")
Agency.objects.create(name="Sở Y tế", code="so-y-te", group="department")
model_admin = admin.site._registry[Agency]
request = RequestFactory().get("/")
result = {"vendor": connection.vendor, "unaccent": unaccent_available(), "admin": {}}
for term in ["Nội vụ", "noi vu", "so-y"]:
    with CaptureQueriesContext(connection) as queries:
        found, _duplicates = model_admin.get_search_results(
            request, Agency.objects.all(), term
        )
        names = sorted(found.values_list("name", flat=True))
    result["admin"][term] = {"names": names, "sql": queries.captured_queries[-1]["sql"]}
result["site"] = sorted(
    Agency.objects.filter(text_search_q(Agency, ["name"], "Nội")).values_list(
        "name", flat=True
    )
)
print("RESULT" + json.dumps(result, ensure_ascii=False))
"""


def test_sqlite_falls_back_to_plain_search(tmp_path):
    """On SQLite (`make run`) the same admin search runs, accent-sensitively.

    Run for real in a subprocess on a fresh SQLite database rather than by
    faking the vendor on PostgreSQL: that proves the fallback's SQL is valid
    on SQLite, not only that the branch is chosen.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_READ_DOT_ENV": "0",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "cchc_site.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fallback.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [*manage, "shell", "-c", SQLITE_CHECK],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    result = json.loads(line.removeprefix("RESULT"))
    assert result["vendor"] == "sqlite" and result["unaccent"] is False
    admin_search = result["admin"]
    assert admin_search["Nội vụ"]["names"] == ["Sở Nội vụ"]
    assert admin_search["so-y"]["names"] == ["Sở Y tế"]
    # Without unaccent, unaccented words do not match accented names.
    assert admin_search["noi vu"]["names"] == []
    assert all("UNACCENT" not in q["sql"].upper() for q in admin_search.values())
    assert "LIKE" in admin_search["Nội vụ"]["sql"].upper()
    assert result["site"] == ["Sở Nội vụ"]


def test_site_inspection_and_directive_searches_ignore_diacritics(snv_client, agencies):
    from tests.inspections.factories import DirectiveFactory, InspectionFactory

    InspectionFactory(agency=agencies["gd"], year=2024)
    InspectionFactory(agency=agencies["bgm"], year=2024)
    response = snv_client.get(
        reverse("inspections:inspection_list"), {"q": "giao duc", "year": "2024"}
    )
    assert [i.agency.name for i in response.context["inspections"]] == [
        "Sở Giáo dục và Đào tạo"
    ]
    DirectiveFactory(summary="Đôn đốc khắc phục tồn tại")
    DirectiveFactory(summary="Việc khác")
    response = snv_client.get(reverse("inspections:directive_list"), {"q": "don doc"})
    body = response.content.decode()
    assert "Đôn đốc khắc phục tồn tại" in body and "Việc khác" not in body
