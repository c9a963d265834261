"""Exports of index results: the ranking and an agency's scorecard (XLSX and
official PDF), their conventions, who may download them and their queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from indices import services
from indices.access import system_actor
from indices.services import ScoreEntry
from tests.indices.builders import appraised, full_marks, make_framework, score
from tests.indices.factories import AgencyFactory
from tests.querycount import assert_constant_queries
from tests.xlsx import read_table, workbook

pytestmark = pytest.mark.django_db
D = Decimal


def publish(framework):
    services.framework_results_publish(
        framework=framework,
        published_on=datetime.date(2024, 3, 7),
        actor=system_actor(),
    )


@pytest.fixture
def scored(agency_a, agency_b):
    """2023: agency A weak on 1.1.1 (also weak in 2022), 1.2 not applicable,
    survey 3.5 of 4; agency B full marks. Results published."""
    previous = make_framework(year=2022)
    score(previous, agency_a, {**full_marks(previous), **appraised(**{"1_1_1": "0"})})
    framework = make_framework(year=2023)
    entries = {
        "1.1.1": ScoreEntry(
            self_score=D(1), appraised_score=D(0), explanation="Chưa kịp ban hành"
        ),
        "1.1.2": ScoreEntry(self_score=D("2.5"), appraised_score=D("2.5")),
        "1.2": ScoreEntry(not_applicable=True),
        "2": ScoreEntry(survey_score=D("3.5")),
    }
    assessment_a = score(framework, agency_a, entries)
    assessment_b = score(framework, agency_b, full_marks(framework))
    publish(framework)
    return framework, assessment_a, assessment_b


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    # Lines wrap inside table cells: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _url(name, assessment):
    return reverse(f"indices:{name}", kwargs={"assessment_id": assessment.pk})


# --- Scorecard XLSX ---------------------------------------------------------------------


def test_scorecard_xlsx_has_the_full_tree_with_points_and_flags(scored, snv_client):
    _framework, assessment, _b = scored
    book = workbook(snv_client.get(_url("scorecard_export", assessment)))
    assert book.sheetnames == ["Phiếu điểm 2023"]
    table = read_table(book.active, "Mã")
    assert table.headers == [
        "Mã",
        "Lĩnh vực, tiêu chí, tiêu chí thành phần",
        "Cấp",
        "Cách chấm điểm",
        "Điểm tối đa",
        "Điểm tối đa áp dụng",
        "Không đánh giá",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Điểm điều tra XHH",
        "Điểm đạt",
        "Chỉ số thành phần (%)",
        "Điểm thấp",
        "Năm trước cũng thấp",
        "Giải trình của cơ quan",
        "Ghi chú thẩm định",
    ]
    by_code = {row["Mã"] or "": row for row in table.rows}
    assert list(by_code) == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", ""]
    weak = by_code["1.1.1"]
    assert (weak["Điểm tối đa"], weak["Điểm tự chấm"], weak["Điểm thẩm định"]) == (
        1.5,
        1,
        0,
    )
    assert weak["Điểm đạt"] == 0 and weak["Chỉ số thành phần (%)"] == 0
    assert weak["Điểm thấp"] == "điểm thấp"
    assert weak["Năm trước cũng thấp"] == "năm trước cũng thấp"
    assert weak["Giải trình của cơ quan"] == "Chưa kịp ban hành"
    assert by_code["1.1"]["Chỉ số thành phần (%)"] == 62.5
    assert by_code["1.1"]["Năm trước cũng thấp"] == "năm trước cũng thấp"
    # Field 1 is low this year only; its applicable maximum lost the N/A 1.2.
    field = by_code["1"]
    assert field["Điểm thấp"] == "điểm thấp" and not field["Năm trước cũng thấp"]
    assert (field["Điểm tối đa"], field["Điểm tối đa áp dụng"]) == (6, 4)
    na = by_code["1.2"]
    assert na["Không đánh giá"] == "không đánh giá" and na["Điểm đạt"] is None
    assert na["Chỉ số thành phần (%)"] is None
    survey = by_code["2"]
    assert survey["Điểm tự chấm"] is None and survey["Điểm điều tra XHH"] == 3.5
    total = by_code[""]
    assert total["Lĩnh vực, tiêu chí, tiêu chí thành phần"] == "Tổng"
    assert (total["Điểm đạt"], total["Điểm tối đa áp dụng"]) == (6, 8)
    assert total["Chỉ số thành phần (%)"] == 75
    # Formats, widths, frozen header, emphasis of fields and the total.
    assert table.cell(0, "Chỉ số thành phần (%)").number_format == '0.00" %"'
    assert table.cell(0, "Điểm đạt").number_format == "#,##0.00"
    assert table.cell(0, "Mã").font.bold and not table.cell(1, "Mã").font.bold
    assert (
        table.cell(2, "Lĩnh vực, tiêu chí, tiêu chí thành phần").alignment.indent == 2
    )
    assert table.cell(6, "Điểm đạt").font.bold
    assert book.active.freeze_panes == f"A{table.header_row + 1}"
    assert book.active.column_dimensions["B"].width == 55
    assert book.active.page_setup.orientation == "landscape"
    heading = "\n".join(table.heading)
    assert table.heading[0] == "PHIẾU ĐIỂM CHỈ SỐ CCHC NĂM 2023"
    assert "Năm: 2023" in heading and "Sở Thử nghiệm A" in heading
    assert "Chỉ số: 75,00 %" in heading and "Xếp hạng trong nhóm: 2/2" in heading
    assert "Kết quả công bố ngày 07/03/2024" in heading
    assert "Ngày xuất:" in table.heading[-1]
    assert any("dưới 70,00 %" in note for note in table.notes)


def test_unpublished_scorecard_exports_only_self_scores_to_the_agency(
    agency_a, client_a, snv_client
):
    framework = make_framework()
    entries = {
        "1.1.1": ScoreEntry(self_score=D(1), appraised_score=D(0)),
        "2": ScoreEntry(survey_score=D(3)),
    }
    assessment = score(framework, agency_a, entries)
    table = read_table(
        workbook(client_a.get(_url("scorecard_export", assessment))).active, "Mã"
    )
    assert "Điểm thẩm định" not in table.headers
    assert "Điểm đạt" not in table.headers and "Điểm thấp" not in table.headers
    assert table.rows[2]["Điểm tự chấm"] == 1
    assert any("chưa công bố" in line for line in table.heading)
    pdf = pdf_text(client_a.get(_url("scorecard_pdf", assessment)))
    assert "Kết quả chưa công bố" in pdf and "Điểm đạt" not in pdf
    # Sở Nội vụ staff see the appraisal before publication.
    staff = read_table(
        workbook(snv_client.get(_url("scorecard_export", assessment))).active, "Mã"
    )
    assert staff.rows[2]["Điểm thẩm định"] == 0


def test_scorecard_exports_are_closed_to_other_agencies_and_open_to_leadership(
    scored, client_a, client_b, leader_client
):
    _framework, assessment_a, assessment_b = scored
    for name in ("scorecard_export", "scorecard_pdf"):
        assert client_a.get(_url(name, assessment_b)).status_code == 404
        assert client_b.get(_url(name, assessment_a)).status_code == 404
        assert client_a.get(_url(name, assessment_a)).status_code == 200
        assert leader_client.get(_url(name, assessment_b)).status_code == 200


def test_scorecard_page_links_its_downloads_and_print(scored, client_a):
    _framework, assessment, _b = scored
    page = client_a.get(assessment.get_absolute_url()).content.decode()
    assert _url("scorecard_export", assessment) in page
    assert _url("scorecard_pdf", assessment) in page
    assert "data-print" in page and "data-print-date" in page


# --- Scorecard PDF ----------------------------------------------------------------------


def test_scorecard_pdf_is_an_official_document_in_vietnamese(scored, snv_client):
    _framework, assessment, _b = scored
    # Official documents are Vietnamese whatever the interface language.
    snv_client.cookies["django_language"] = "en"
    text = pdf_text(snv_client.get(_url("scorecard_pdf", assessment)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "SỞ NỘI VỤ" in text
    assert "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023" in text
    assert "Sở Thử nghiệm A" in text
    assert "75,00 %" in text and "62,50 %" in text
    assert "Điểm thấp" in text and "năm trước cũng thấp" in text
    assert "không đánh giá" in text
    assert "NGƯỜI LẬP BIỂU" in text and "GIÁM ĐỐC" in text


# --- Ranking XLSX -----------------------------------------------------------------------


def test_ranking_xlsx_follows_the_conventions(scored, client_b):
    url = reverse("indices:ranking_export") + "?year=2023&group=department&sort=rank"
    book = workbook(client_b.get(url))
    table = read_table(book.active, "Xếp hạng")
    assert [(r["Xếp hạng"], r["Cơ quan"], r["Chỉ số (%)"]) for r in table.rows] == [
        (1, "Sở Thử nghiệm B", 100),
        (2, "Sở Thử nghiệm A", 75),
    ]
    assert table.cell(0, "Chỉ số (%)").number_format == '0.00" %"'
    assert table.cell(0, "Điểm").number_format == "#,##0.00"
    assert book.active.freeze_panes == f"A{table.header_row + 1}"
    assert book.active.column_dimensions["B"].width == 45
    assert table.heading[0].startswith("KẾT QUẢ CHỈ SỐ CCHC NĂM 2023")
    assert "Năm: 2023" in table.heading
    assert any(line.startswith("Bộ lọc: Nhóm: ") for line in table.heading)
    assert table.heading[-1].startswith("Ngày xuất: ")
    assert any("Điểm trung bình của nhóm: 87,50 %" in note for note in table.notes)


def test_ranking_page_has_a_print_header_with_its_filters(scored, snv_client):
    page = snv_client.get(
        reverse("indices:ranking") + "?year=2023&group=department"
    ).content.decode()
    assert 'class="print-header' in page and "data-print" in page
    assert "Năm: 2023" in page


# --- Queries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"), [("scorecard_export", 10), ("scorecard_pdf", 10)]
)
def test_scorecard_exports_do_not_grow_with_nodes_or_agencies(
    snv_client, agency_a, name, expected
):
    small = make_framework(year=2024)
    page = {"url": _url(name, score(small, agency_a, full_marks(small)))}

    def grow():
        # The same export for an agency of a framework with 30 more nodes,
        # among ten more agencies.
        tree = [("1", "", "30", "appraisal")] + [
            (f"1.{c}", "1", "1", "appraisal") for c in range(1, 31)
        ]
        big = make_framework(year=2025, tree=tree)
        for _ in range(10):
            score(big, AgencyFactory(), full_marks(big))
        page["url"] = _url(name, score(big, AgencyFactory(), full_marks(big)))

    def action():
        assert snv_client.get(page["url"]).status_code == 200

    assert_constant_queries(action, grow, expected=expected)
