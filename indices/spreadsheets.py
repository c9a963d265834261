"""XLSX exports with the conventions every report of the site shares: a bold,
frozen header row, set column widths, numbers stored as numbers with number
formats (Excel shows them with the reader's separators, 1.234,56 in a
Vietnamese locale) and dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Kind = Literal["text", "int", "decimal", "percent", "date", "datetime"]

NUMBER_FORMATS: dict[str, str] = {
    "int": "#,##0",
    "decimal": "#,##0.00",
    # Percentages are stored in percent units (96.85), as published.
    "percent": "0.00",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 16
    kind: Kind = "text"


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    # Lines written above the header row (report title, year, filters).
    heading: Sequence[str] = field(default_factory=list)


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_WRAP = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    # Excel limits titles to 31 characters and forbids a few symbols.
    title = "".join(ch for ch in sheet.title if ch not in "[]:*?/\\")[:31]
    ws = workbook.create_sheet(title=title or "Sheet")
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(sheet.heading) + 1
    ws.freeze_panes = f"A{header_row + 1}"
    for line in sheet.heading:
        cell = WriteOnlyCell(ws, value=line)
        cell.font = _HEADER_FONT
        ws.append([cell])
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        header.append(cell)
    ws.append(header)
    for row in sheet.rows:
        ws.append(
            [
                _cell(ws, column, value)
                for column, value in zip(sheet.columns, row, strict=True)
            ]
        )


def _cell(ws, column: Column, value: object) -> WriteOnlyCell:
    # openpyxl writes a Decimal's exact digits into the file as a number.
    if isinstance(value, Decimal) and column.kind == "text":
        value = str(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local wall-clock time.
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(ws, value=value)
    if column.kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[column.kind]
    return cell


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An attachment response; `filename` may contain Vietnamese letters."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
