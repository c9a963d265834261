"""Reading the CSV and XLSX files officials upload, with errors that name the
file, the row as the user sees it (header = row 1), the column, what was found
and what was expected.

Parsing never stops at the first problem: callers collect every `CellError`
and raise `TableInvalid` with all of them, so one round of corrections fixes
the whole file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

CSV = "csv"
XLSX = "xlsx"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_TRUE = {"1", "x", "true", "yes", "có", "co", "c", "đúng", "kđg", "n/a", "na"}
_FALSE = {"", "0", "false", "no", "không", "khong", "k"}


def normalise_text(value: str) -> str:
    """NFC, surrounding spaces removed and inner runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def name_key(value: str) -> str:
    """Key for matching names typed by people: case, spacing and Unicode form ignored."""
    return normalise_text(value).casefold()


@dataclass(frozen=True)
class CellError:
    filename: str
    row: int | None
    column: str  # header name; empty for a problem with the whole file
    column_letter: str
    message: str

    def __str__(self) -> str:
        if self.row is None and not self.column:
            return _("%(file)s: %(message)s") % {
                "file": self.filename,
                "message": self.message,
            }
        if self.row is None:
            return _("%(file)s, column %(letter)s (“%(column)s”): %(message)s") % {
                "file": self.filename,
                "letter": self.column_letter,
                "column": self.column,
                "message": self.message,
            }
        return _(
            "%(file)s, row %(row)s, column %(letter)s (“%(column)s”): %(message)s"
        ) % {
            "file": self.filename,
            "row": self.row,
            "letter": self.column_letter,
            "column": self.column,
            "message": self.message,
        }


class TableInvalid(ValidationError):
    """The file has problems; `errors` lists every one, nothing was saved."""

    def __init__(self, errors: Sequence[CellError]):
        self.errors = list(errors)
        super().__init__([str(error) for error in self.errors], code="invalid_file")


class CellProblem(ValueError):
    """A single value could not be read; carries what was expected."""


@dataclass(frozen=True)
class Row:
    number: int  # as shown by a spreadsheet program: the header is row 1
    cells: dict[str, object]

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalise_text(str(value))


@dataclass(frozen=True)
class Table:
    filename: str
    header: list[str]
    rows: list[Row]

    def letter(self, column: str) -> str:
        try:
            return get_column_letter(self.header.index(column) + 1)
        except ValueError:
            return "?"

    def error(self, row: Row | None, column: str, message: str) -> CellError:
        return CellError(
            self.filename,
            row.number if row else None,
            column,
            self.letter(column) if column else "",
            message,
        )


def file_error(filename: str, message: str) -> TableInvalid:
    return TableInvalid([CellError(filename, None, "", "", message)])


def detect_kind(data: bytes, filename: str) -> str:
    """CSV or XLSX, decided from the content (an XLSX file is a zip archive)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return XLSX
        except zipfile.BadZipFile:
            pass
        raise file_error(
            filename,
            _(
                "the file is not a CSV or XLSX spreadsheet (found another kind of archive)."
            ),
        )
    if b"\x00" in data[:4096]:
        raise file_error(
            filename, _("the file is not a CSV or XLSX spreadsheet (binary content).")
        )
    return CSV


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet (XLSX) or the whole file (CSV, UTF-8 with or without BOM).

    Header names are normalised to lower case; empty rows are skipped.
    """
    if not data:
        raise file_error(filename, _("the file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise file_error(
            filename,
            _("the file is larger than %(limit)s MB.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    kind = detect_kind(data, filename)
    raw_rows = _xlsx_rows(data, filename) if kind == XLSX else _csv_rows(data, filename)
    if not raw_rows:
        raise file_error(filename, _("the file has no header row."))
    header_number, header_cells = raw_rows[0]
    if header_number != 1:
        raise file_error(filename, _("the header must be on row 1; row 1 is empty."))
    header = [name_key(str(cell or "")) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, cells in raw_rows[1:]:
        values = {
            column: cells[index] if index < len(cells) else None
            for index, column in enumerate(header)
            if column
        }
        if all(
            value in (None, "") or str(value).strip() == "" for value in values.values()
        ):
            continue
        rows.append(Row(number, values))
    return Table(filename, header, rows)


def _csv_rows(data: bytes, filename: str) -> list[tuple[int, list[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_error(
            filename,
            _(
                "the file is not UTF-8 text. In Excel choose “Save as” → "
                "“CSV UTF-8 (Comma delimited)”, or upload the XLSX file."
            ),
        )
    first_line = text.split("\n", 1)[0]
    # Excel set to a Vietnamese locale writes semicolons, the comma being the
    # decimal mark.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = []
    for index, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        if any(cell.strip() for cell in cells):
            rows.append((index + 1, list(cells)))
    return rows


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[int, list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise file_error(
            filename, _("the XLSX file cannot be opened; it may be damaged.")
        )
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(cell not in (None, "") for cell in cells):
                rows.append((index, list(cells)))
        return rows
    finally:
        workbook.close()


def check_header(
    table: Table, *, required: Sequence[str], optional: Iterable[str] = ()
) -> list[CellError]:
    """Errors for missing, unknown or repeated columns."""
    allowed = list(required) + list(optional)
    expected = ", ".join(allowed)
    errors = []
    missing = [column for column in required if column not in table.header]
    if missing:
        errors.append(
            CellError(
                table.filename,
                1,
                ", ".join(missing),
                "",
                _(
                    "missing column(s); the header must be: %(expected)s (found: %(found)s)."
                )
                % {"expected": expected, "found": ", ".join(table.header) or "–"},
            )
        )
    for index, column in enumerate(table.header):
        letter = get_column_letter(index + 1)
        if column and column not in allowed:
            errors.append(
                CellError(
                    table.filename,
                    1,
                    column,
                    letter,
                    _("unknown column; the header must be: %(expected)s.")
                    % {"expected": expected},
                )
            )
        elif column and table.header.index(column) != index:
            errors.append(
                CellError(
                    table.filename, 1, column, letter, _("the column appears twice.")
                )
            )
        elif not column and any(h for h in table.header[index + 1 :]):
            errors.append(
                CellError(table.filename, 1, "", letter, _("the header cell is empty."))
            )
    return errors


def parse_decimal(value: object, *, allow_percent_sign: bool = False) -> Decimal | None:
    """A number written with a dot or a decimal comma ("14,5"); None when empty.

    At most two decimals, as published. Raises CellProblem otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(_("expected a number, found “%(found)s”.") % {"found": value})
    if isinstance(value, int | float | Decimal):
        # str() of a float is its shortest exact form: what was typed.
        text = str(value)
        if "e" in text.lower():
            text = format(Decimal(text), "f")
    else:
        text = normalise_text(str(value)).replace(" ", "")
    if allow_percent_sign:
        text = text.removesuffix("%")
    if text == "":
        return None
    if not _NUMBER.match(text):
        raise CellProblem(
            _("found “%(found)s”, expected a number such as 14,5 or 14.5.")
            % {"found": str(value).strip()}
        )
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        raise CellProblem(_("found “%(found)s”, expected a number.") % {"found": value})
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise CellProblem(
            _("found “%(found)s”, expected at most two decimals.") % {"found": value}
        )
    return (
        number.quantize(Decimal("0.01")) if number.as_tuple().exponent < -2 else number
    )


def parse_flag(value: object) -> bool:
    """Yes/no cells: 1/0, x, true/false, có/không (empty = no)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = name_key(str(value))
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem(
        _("found “%(found)s”, expected 1 or x for “yes”, 0 or empty for “no”.")
        % {"found": str(value).strip()}
    )


def format_decimal(value: Decimal | None) -> str:
    """Dot decimal, two places: the machine-readable form of exports."""
    return "" if value is None else f"{value:.2f}"
