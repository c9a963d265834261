"""The shared XLSX writer: heading block, frozen bold header, widths, numbers
as numbers with Vietnamese-friendly formats, print setup, notes."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone, translation

from core.spreadsheets import (
    Column,
    Sheet,
    Styled,
    attachment_disposition,
    bold_row,
    report_heading,
    workbook_bytes,
    xlsx_response,
)


def reopen(*sheets):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(list(sheets))))


def test_workbook_has_frozen_header_widths_and_formats():
    sheet = Sheet(
        title="Xếp hạng 2023",
        heading=["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"],
        columns=[
            Column("Cơ quan", width=40),
            Column("Điểm", kind="decimal"),
            Column("Chỉ số (%)", kind="percent"),
            Column("Ngày", kind="date"),
        ],
        rows=[
            ["Sở Nội vụ", Decimal("93.96"), Decimal("93.96"), datetime.date(2024, 3, 7)]
        ],
    )
    ws = reopen(sheet)["Xếp hạng 2023"]
    assert ws.freeze_panes == "A3"
    assert ws["A2"].value == "Cơ quan" and ws["A2"].font.bold
    assert ws.column_dimensions["A"].width == 40
    assert ws["B3"].value == 93.96 and ws["B3"].number_format == "#,##0.00"
    # Stored in percent units with a literal " %": Excel in a Vietnamese
    # locale shows 93,96 %, and the cell stays a number.
    assert ws["C3"].value == 93.96 and ws["C3"].number_format == '0.00" %"'
    assert ws["D3"].value == datetime.datetime(2024, 3, 7)
    assert ws["D3"].number_format == "dd/mm/yyyy"


def test_decimals_are_written_with_their_exact_digits():
    sheet = Sheet("A", [Column("x", kind="decimal")], [[Decimal("69.25")]])
    with io.BytesIO(workbook_bytes([sheet])) as data:
        import zipfile

        xml = zipfile.ZipFile(data).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>69.25</v>" in xml


def test_heading_title_is_merged_and_large_and_the_rest_italic():
    sheet = Sheet(
        title="A",
        heading=["TIÊU ĐỀ", "Năm: 2024", "Ngày xuất: 01/02/2026 08:00"],
        columns=[Column("a"), Column("b"), Column("c")],
        rows=[["1", "2", "3"]],
    )
    ws = reopen(sheet)["A"]
    assert "A1:C1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.bold and ws["A1"].font.size == 13
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A2"].font.italic and ws["A3"].value == "Ngày xuất: 01/02/2026 08:00"
    assert ws["A4"].value == "a" and ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:C5"


def test_print_setup_is_a4_fitted_to_width_with_the_header_repeated():
    narrow = Sheet("Hẹp", [Column("a", 30), Column("b", 30)], [])
    wide = Sheet("Rộng", [Column("a", 60), Column("b", 60)], [], heading=["T", "x"])
    book = reopen(narrow, wide)
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text
    assert book["Hẹp"].page_setup.orientation == "portrait"
    assert book["Rộng"].page_setup.orientation == "landscape"
    assert book["Hẹp"].print_title_rows == "$1:$1"
    assert book["Rộng"].print_title_rows == "$3:$3"


def test_styled_cells_and_notes_under_the_table():
    sheet = Sheet(
        title="A",
        columns=[
            Column("Mã"),
            Column("Tên", wrap=True),
            Column("Điểm", kind="decimal"),
        ],
        rows=[
            ["1", Styled("Lĩnh vực", bold=True), Styled(Decimal("6"), bold=True)],
            ["1.1", Styled("Tiêu chí", indent=1), Decimal("4")],
            bold_row(["", "Tổng", Decimal("10")]),
        ],
        notes=["Ghi chú: cách tính."],
    )
    ws = reopen(sheet)["A"]
    assert ws["B2"].font.bold and ws["C2"].number_format == "#,##0.00"
    assert ws["B3"].alignment.indent == 1 and ws["B3"].alignment.wrap_text
    assert ws["B4"].value == "Tổng" and ws["C4"].font.bold and ws["C4"].value == 10
    assert ws["A5"].value is None
    assert ws["A6"].value == "Ghi chú: cách tính."
    assert ws.auto_filter.ref == "A1:C4"


def test_report_heading_names_year_filters_and_export_time():
    when = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
    with translation.override("vi"):
        lines = report_heading(
            "Kết quả chỉ số",
            year=2025,
            filters=[("Nhóm", "Sở, ban, ngành")],
            lines=["Đã công bố", ""],
            exported_at=when,
        )
        no_filter = report_heading("x", filters=[], exported_at=when)
        without = report_heading("x", exported_at=when)
    assert lines == [
        "KẾT QUẢ CHỈ SỐ",
        "Năm: 2025",
        "Bộ lọc: Nhóm: Sở, ban, ngành",
        "Đã công bố",
        "Ngày xuất: 05/03/2026 14:30",
    ]
    assert no_filter[1] == "Bộ lọc: không có"
    assert len(without) == 2


def test_response_is_an_attachment_with_a_vietnamese_file_name():
    response = xlsx_response("Xếp hạng.xlsx", [Sheet("A", [Column("x")], [["1"]])])
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''X%E1%BA%BFp%20h%E1%BA%A1ng.xlsx"
        in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "private, no-store"


def test_plain_file_name_drops_diacritics_instead_of_letters():
    disposition = attachment_disposition("Đánh giá Sở Nội vụ.xlsx", "x.xlsx")
    assert 'filename="Danh gia So Noi vu.xlsx"' in disposition


def test_text_that_looks_like_a_formula_stays_text():
    sheet = Sheet(
        title="Báo cáo",
        columns=[Column("Nội dung"), Column("Ghi chú")],
        rows=[['=HYPERLINK("http://x.example","bấm")', "-5 ngày"]],
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([sheet])))
    ws = book.worksheets[0]
    values = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value}
    assert values['=HYPERLINK("http://x.example","bấm")'] == "s"
    assert values["-5 ngày"] == "s"
