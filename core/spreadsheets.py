"""XLSX exports with the conventions every report of the site shares.

- A heading block above the table: the report's name (bold, centred across
  the table), then its year, the filters applied, any other line the report
  needs, and when it was exported (`report_heading`).
- A bold, frozen header row, repeated on every printed page; set column
  widths; an auto-filter over the table.
- Numbers stay numbers: `Decimal` values are written with their exact digits
  and a number format, so Excel shows them with the reader's separators
  (96,85 % and 1.234,50 in a Vietnamese locale). Percentages are stored in
  percent units (96.85), as published, with the format `0.00" %"`. Dates are
  dd/mm/yyyy.
- Print setup: A4, landscape when the columns are wider than a portrait
  page, fitted to the page width, page numbers in the footer.
- Notes under the table (definitions, sources).
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .formatting import short_datetime

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Kind = Literal["text", "int", "decimal", "percent", "date", "datetime"]

NUMBER_FORMATS: dict[str, str] = {
    "int": "#,##0",
    "decimal": "#,##0.00",
    # Percentages are stored in percent units (96.85), as published; the
    # literal " %" keeps the number a number that Excel shows as "96,85 %".
    "percent": '0.00" %"',
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}

# Wider tables (in Excel's character units) are printed in landscape.
PORTRAIT_MAX_WIDTH = 100


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 16
    kind: Kind = "text"
    wrap: bool = False  # wrap long text inside the cell


@dataclass(frozen=True)
class Styled:
    """A cell value with emphasis: a bold total row, an indented tree level."""

    value: object
    bold: bool = False
    indent: int = 0


def bold_row(values: Iterable[object]) -> list[Styled]:
    return [Styled(value, bold=True) for value in values]


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    # Lines written above the header row; the first is the report's name.
    # Build it with `report_heading`.
    heading: Sequence[str] = field(default_factory=list)
    # Lines written under the table (definitions, sources).
    notes: Sequence[str] = field(default_factory=list)
    # None: landscape when the columns are wider than a portrait A4 page.
    landscape: bool | None = None

    @property
    def is_landscape(self) -> bool:
        if self.landscape is not None:
            return self.landscape
        return sum(column.width for column in self.columns) > PORTRAIT_MAX_WIDTH


def report_heading(
    title: str,
    *,
    year: int | None = None,
    filters: Sequence[tuple[str, object]] | None = None,
    lines: Sequence[str] = (),
    exported_at: datetime.datetime | None = None,
) -> list[str]:
    """The heading block of a report: its name in capitals, the year, the
    filters applied ("none" when an empty list is given; no line for None),
    any further lines, and the export date and time."""
    heading = [title.upper()]
    if year is not None:
        heading.append(_("Year: %(year)s") % {"year": year})
    if filters is not None:
        shown = "; ".join(f"{label}: {value}" for label, value in filters)
        heading.append(_("Filters: %(filters)s") % {"filters": shown or _("none")})
    heading.extend(str(line) for line in lines if line)
    when = timezone.localtime(exported_at or timezone.now())
    heading.append(_("Exported on %(when)s") % {"when": short_datetime(when)})
    return heading


_TITLE_FONT = Font(bold=True, size=13)
_HEADING_FONT = Font(italic=True)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_THIN = Side(style="thin", color="808080")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center")


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
    last_letter = get_column_letter(max(len(sheet.columns), 1))
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(sheet.heading) + 1
    # Sheet properties, panes and columns are written with the first row.
    _print_setup(ws, sheet, header_row)
    ws.freeze_panes = f"A{header_row + 1}"
    for number, line in enumerate(sheet.heading, start=1):
        cell = _written(ws, line)
        if number == 1:
            cell.font = _TITLE_FONT
            cell.alignment = _TITLE_ALIGNMENT
            if len(sheet.columns) > 1:
                ws.merged_cells.add(f"A1:{last_letter}1")
        else:
            cell.font = _HEADING_FONT
        ws.append([cell])
    header = []
    for column in sheet.columns:
        cell = _written(ws, column.header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        cell.border = _HEADER_BORDER
        header.append(cell)
    ws.append(header)
    last_row = header_row
    for row in sheet.rows:
        ws.append(
            [
                _cell(ws, column, value)
                for column, value in zip(sheet.columns, row, strict=True)
            ]
        )
        last_row += 1
    if sheet.columns:
        ws.auto_filter.ref = f"A{header_row}:{last_letter}{last_row}"
    if sheet.notes:
        ws.append([])
        for line in sheet.notes:
            ws.append([_written(ws, str(line))])


def _print_setup(ws, sheet: Sheet, header_row: int) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.is_landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = _("Page &P of &N")


# Text typed by users (task reports, notes) may begin like a formula; Excel
# would run it. Such text is stored as plain text, exactly as typed.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _written(ws, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def _cell(ws, column: Column, value: object) -> WriteOnlyCell:
    style = value if isinstance(value, Styled) else None
    if style is not None:
        value = style.value
    # openpyxl writes a Decimal's exact digits into the file as a number.
    if isinstance(value, Decimal) and column.kind == "text":
        value = str(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local wall-clock time.
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = _written(ws, value)
    if column.kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[column.kind]
    if style is not None and style.bold:
        cell.font = _BOLD
    if column.wrap or (style is not None and style.indent):
        cell.alignment = Alignment(
            wrap_text=column.wrap,
            vertical="top",
            indent=style.indent if style is not None else 0,
        )
    return cell


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An attachment response; `filename` may contain Vietnamese letters."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename, "export.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_disposition(filename: str, fallback: str) -> str:
    """Content-Disposition of a download: the Vietnamese name for browsers
    that read RFC 6266 `filename*`, and the name without diacritics for the
    others ("Xếp hạng.xlsx" -> "Xep hang.xlsx")."""
    plain = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = plain.encode("ascii", "ignore").decode().replace('"', "") or fallback
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
