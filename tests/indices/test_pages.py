"""The index pages end to end through the test client (Vietnamese UI)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indices import services
from indices.access import system_actor
from indices.models import Assessment, Framework, NodeScore
from indices.services import ScoreEntry
from tests.indices.builders import appraised, full_marks, make_framework, score
from tests.indices.factories import AgencyFactory
from tests.xlsx import read_table

pytestmark = pytest.mark.django_db
D = Decimal
RANKING = reverse("indices:ranking")


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def ranked():
    framework = make_framework()
    marks = full_marks(framework)
    rows = {
        "Sở An": score(framework, AgencyFactory(name="Sở An"), marks),
        "Sở Bình": score(
            framework,
            AgencyFactory(name="Sở Bình"),
            {**marks, **appraised(**{"1_2": "0"})},
        ),
        "Sở Cường": score(
            framework,
            AgencyFactory(name="Sở Cường"),
            {**marks, "1.2": ScoreEntry(self_score=D(2))},
            is_illustrative=True,
        ),
    }
    return framework, rows


def order_of(page, names):
    return sorted(names, key=page.index)


def test_ranking_sorts_by_whitelisted_keys_and_filters_by_band(ranked, snv_client):
    _framework, rows = ranked
    names = list(rows)
    by_rank = text(snv_client.get(RANKING + "?year=2023&group=department"))
    assert order_of(by_rank, names) == ["Sở An", "Sở Cường", "Sở Bình"]
    by_name = text(snv_client.get(RANKING + "?year=2023&group=department&sort=-name"))
    assert order_of(by_name, names) == ["Sở Cường", "Sở Bình", "Sở An"]
    by_percent = text(
        snv_client.get(RANKING + "?year=2023&group=department&sort=percent")
    )
    # Ties keep name order.
    assert order_of(by_percent, names) == ["Sở Bình", "Sở An", "Sở Cường"]
    # An unknown sort key falls back to rank instead of reaching the ORM.
    hostile = text(
        snv_client.get(
            RANKING + "?year=2023&group=department&sort=agency__users__password"
        )
    )
    assert order_of(hostile, names) == ["Sở An", "Sở Cường", "Sở Bình"]
    khá = text(snv_client.get(RANKING + "?year=2023&group=department&band=Khá"))
    assert "Sở Bình" in khá and "Sở An" not in khá


def test_ranking_labels_illustrative_and_provisional_rows(ranked, snv_client):
    page = text(snv_client.get(RANKING + "?year=2023&group=department"))
    assert "minh họa" in page
    assert "tạm tính" in page


def test_ranking_xlsx_has_the_rows_of_the_page(ranked, snv_client):
    response = snv_client.get(
        reverse("indices:ranking_export") + "?year=2023&group=department"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(load_workbook(io.BytesIO(response.content)).active, "Xếp hạng")
    assert [(r["Xếp hạng"], r["Cơ quan"], r["Chỉ số (%)"]) for r in table.rows] == [
        (1, "Sở An", 100),
        (1, "Sở Cường", 100),
        (3, "Sở Bình", 80),
    ]
    assert [r["Số liệu minh họa"] for r in table.rows] == [None, "có", None]


def test_score_entry_saves_through_the_service_and_names_the_node_on_error(
    ranked, snv_client
):
    framework, rows = ranked
    assessment = rows["Sở Bình"]
    url = reverse("indices:score_entry", kwargs={"assessment_id": assessment.pk})
    page = text(snv_client.get(url))
    node = framework.nodes.get(code="1.2")
    survey = framework.nodes.get(code="2")
    form = {
        f"n{n.pk}_{field}": ""
        for n in framework.nodes.filter(is_leaf=True)
        for field in ("self", "appraised", "survey", "explanation", "note")
    }
    for n in framework.nodes.filter(is_leaf=True, method="appraisal"):
        form[f"n{n.pk}_self"] = form[f"n{n.pk}_appraised"] = str(n.max_points).replace(
            ".", ","
        )
    form[f"n{survey.pk}_survey"] = "3,5"
    form[f"n{node.pk}_appraised"] = "2,5"
    response = snv_client.post(url, form)
    assert "1.2: nhập điểm từ 0 đến 2." in text(response)
    assert NodeScore.objects.get(assessment=assessment, node=node).appraised_score == 0
    form[f"n{node.pk}_appraised"] = "1,5"
    form[f"n{node.pk}_note"] = "Thiếu tài liệu kiểm chứng"
    assert snv_client.post(url, form).status_code == 302
    row = NodeScore.objects.get(assessment=assessment, node=node)
    assert (
        row.appraised_score == D("1.5")
        and row.appraiser_note == "Thiếu tài liệu kiểm chứng"
    )
    assessment.refresh_from_db()
    assert assessment.total_points == D("9")  # 6 − 0.5 + 3.5
    assert "Thiếu tài liệu kiểm chứng" not in page
    assert "Thiếu tài liệu kiểm chứng" in text(
        snv_client.get(assessment.get_absolute_url())
    )


HEADER = "agency,code,self_score,appraised_score,survey_score,not_applicable,note"


def test_web_import_previews_then_saves_atomically(ranked, snv_client, private_media):
    upload = SimpleUploadedFile(
        "diem.csv", f'{HEADER}\nSở Bình,1.2,2,"1,5",,,Đã bổ sung\n'.encode()
    )
    response = snv_client.post(
        reverse("indices:scores_import"), {"file": upload, "year": 2023}
    )
    assert response["Location"] == reverse("indices:scores_import_preview")
    stored = list(private_media.rglob("*.csv"))
    assert len(stored) == 1  # kept privately until confirmed
    preview = text(snv_client.get(reverse("indices:scores_import_preview")))
    assert "Sở Bình" in preview and "1,50" in preview
    bình = Assessment.objects.get(agency__name="Sở Bình")
    assert bình.total_points == D("8")  # nothing saved by the preview
    response = snv_client.post(
        reverse("indices:scores_import_preview"), {"confirm": "1"}
    )
    assert response.status_code == 302
    bình.refresh_from_db()
    assert bình.total_points == D("9.5")
    assert not list(private_media.rglob("*.csv"))


def test_web_import_of_a_bad_file_lists_the_problems_and_saves_nothing(
    ranked, snv_client, private_media
):
    upload = SimpleUploadedFile(
        "diem.csv", f"{HEADER}\nSở Bình,1.2,2,1.5,,,\nSở Bình,1.1.1,2,9,,,\n".encode()
    )
    snv_client.post(reverse("indices:scores_import"), {"file": upload, "year": 2023})
    preview = text(snv_client.get(reverse("indices:scores_import_preview")))
    assert "diem.csv, dòng 3, cột D (“appraised_score”): gặp 9" in preview
    assert 'name="confirm"' not in preview
    before = list(NodeScore.objects.values_list("pk", "appraised_score"))
    snv_client.post(reverse("indices:scores_import_preview"), {"confirm": "1"})
    assert list(NodeScore.objects.values_list("pk", "appraised_score")) == before
    snv_client.post(reverse("indices:scores_import_preview"), {"cancel": "1"})
    assert not list(private_media.rglob("*.csv"))


def test_snv_manages_a_framework_through_the_pages(snv_client):
    response = snv_client.post(
        reverse("indices:framework_create"),
        {
            "year": 2026,
            "group": "department",
            "name": "Bộ chỉ số 2026",
            "total_points": "10",
            "low_score_threshold": "70",
        },
    )
    framework = Framework.objects.get(year=2026)
    assert response["Location"] == framework.get_absolute_url()
    add = reverse("indices:node_create", kwargs={"framework_id": framework.pk})
    snv_client.post(
        add,
        {
            "parent": "",
            "code": "1",
            "name": "Lĩnh vực",
            "max_points": "10",
            "method": "appraisal",
        },
    )
    snv_client.post(
        add,
        {
            "parent": "1",
            "code": "1.1",
            "name": "Tiêu chí",
            "max_points": "9,5",
            "method": "appraisal",
        },
    )
    detail = text(snv_client.get(framework.get_absolute_url()))
    # The structural problem, with its codes, in Vietnamese numbers.
    assert (
        "1: các tiêu chí con 1.1 cộng lại 9,5 điểm, nhưng điểm tối đa là 10." in detail
    )
    node = framework.nodes.get(code="1.1")
    snv_client.post(
        reverse(
            "indices:node_update",
            kwargs={"framework_id": framework.pk, "node_id": node.pk},
        ),
        {
            "name": "Tiêu chí sửa",
            "max_points": "10",
            "method": "appraisal",
            "guidance": "Hướng dẫn",
        },
    )
    node.refresh_from_db()
    assert (node.name, node.max_points) == ("Tiêu chí sửa", D(10))
    edit = reverse("indices:framework_update", kwargs={"framework_id": framework.pk})
    bands = {
        "bands-TOTAL_FORMS": "6",
        "bands-INITIAL_FORMS": "0",
        "bands-0-label": "Xuất sắc",
        "bands-0-min_percent": "95",
        "bands-1-label": "Đạt",
        "bands-1-min_percent": "0",
    }
    snv_client.post(
        edit,
        {
            "name": "Bộ chỉ số 2026",
            "total_points": "10",
            "low_score_threshold": "75",
            **bands,
        },
    )
    framework.refresh_from_db()
    assert framework.low_score_threshold == D(75)
    assert list(framework.bands.values_list("label", flat=True)) == ["Xuất sắc", "Đạt"]
    csv_export = snv_client.get(
        reverse("indices:framework_export", kwargs={"framework_id": framework.pk})
    )
    assert "1.1,1,Tiêu chí sửa,10.00,appraisal,Hướng dẫn" in csv_export.content.decode(
        "utf-8-sig"
    )
    copy = snv_client.post(
        reverse("indices:framework_copy", kwargs={"framework_id": framework.pk}),
        {"year": 2027},
    )
    assert (
        Framework.objects.get(year=2027).nodes.count() == 2 and copy.status_code == 302
    )
    remove = reverse(
        "indices:node_delete", kwargs={"framework_id": framework.pk, "node_id": node.pk}
    )
    assert snv_client.post(remove).status_code == 302
    assert not framework.nodes.filter(code="1.1").exists()


def test_framework_import_page_reports_problems(snv_client):
    upload = SimpleUploadedFile(
        "khung.csv", b"code,parent_code,name,max_points,method\n1,,A,abc,appraisal\n"
    )
    page = text(
        snv_client.post(
            reverse("indices:framework_import"),
            {"file": upload, "year": 2026, "group": "district"},
        )
    )
    assert "khung.csv" in page and "abc" in page
    assert not Framework.objects.exists()


def test_assessments_page_opens_missing_assessments_and_publication_round_trip(
    snv_client,
):
    framework = make_framework()
    agency = AgencyFactory(name="Sở Mới")
    url = reverse(
        "indices:framework_assessments", kwargs={"framework_id": framework.pk}
    )
    assert "Sở Mới" in text(snv_client.get(url))
    snv_client.post(url)
    assessment = Assessment.objects.get(agency=agency)
    publish = reverse(
        "indices:framework_publish", kwargs={"framework_id": framework.pk}
    )
    # Nothing scored: publication refused with the reason.
    page = text(snv_client.post(publish, {"published_on": "2024-03-07"}))
    assert not Framework.objects.get(pk=framework.pk).is_published
    assert "Sở Mới" in page  # provisional: appraisal not finished
    services.assessment_scores_update(
        assessment=assessment,
        entries={
            n.pk: e
            for n in framework.nodes.filter(is_leaf=True)
            for code, e in full_marks(framework).items()
            if code == n.code
        },
        actor=system_actor(),
    )
    assert snv_client.post(publish, {"published_on": "2024-03-07"}).status_code == 302
    assert Framework.objects.get(pk=framework.pk).is_published
    unpublish = reverse(
        "indices:framework_unpublish", kwargs={"framework_id": framework.pk}
    )
    assert "Thu hồi công bố" in text(snv_client.get(unpublish))
    snv_client.post(unpublish)
    assert not Framework.objects.get(pk=framework.pk).is_published


def test_framework_browser_is_open_to_agency_users(ranked, client_a):
    framework, _rows = ranked
    page = text(client_a.get(reverse("indices:framework_list")))
    assert framework.name in page
    detail = text(client_a.get(framework.get_absolute_url()))
    assert "Tiêu chí 1.1.1" in detail and "Sửa" not in detail
