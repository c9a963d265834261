"""The shared XLSX writer: frozen bold header, widths, numbers as numbers."""

import datetime
import io
from decimal import Decimal

import openpyxl

from indices.spreadsheets import Column, Sheet, workbook_bytes, xlsx_response


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
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([sheet])))
    ws = book["Xếp hạng 2023"]
    assert ws.freeze_panes == "A3"
    assert ws["A2"].value == "Cơ quan" and ws["A2"].font.bold
    assert ws.column_dimensions["A"].width == 40
    assert ws["B3"].value == 93.96 and ws["B3"].number_format == "#,##0.00"
    assert ws["D3"].number_format == "dd/mm/yyyy"


def test_response_is_an_attachment_with_a_vietnamese_file_name():
    response = xlsx_response("Xếp hạng.xlsx", [Sheet("A", [Column("x")], [["1"]])])
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''X%E1%BA%BFp%20h%E1%BA%A1ng.xlsx"
        in response["Content-Disposition"]
    )
