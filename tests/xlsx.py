"""Reading back the XLSX exports in tests: the heading block, the table under
its header row and the notes, found by content rather than by position."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl


@dataclass
class Table:
    heading: list[str]  # the lines above the header row
    header_row: int  # 1-based row number of the header
    headers: list[str]
    rows: list[dict[str, object]]  # header -> value, one per table row
    notes: list[str]  # the lines under the table
    sheet: object  # the openpyxl worksheet

    def cell(self, row_index: int, header: str):
        """The openpyxl cell of table row `row_index` (0-based) under `header`."""
        column = self.headers.index(header) + 1
        return self.sheet.cell(row=self.header_row + 1 + row_index, column=column)

    def column(self, header: str) -> list[object]:
        return [row[header] for row in self.rows]


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def read_table(sheet, first_header: str) -> Table:
    """The table whose header row starts with `first_header` in column A."""
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(
        i for i, row in enumerate(values) if row and row[0] == first_header
    )
    headers = [h for h in values[header_index] if h is not None]
    rows, index = [], header_index + 1
    while index < len(values) and any(v not in (None, "") for v in values[index]):
        rows.append(dict(zip(headers, values[index], strict=False)))
        index += 1
    notes = [row[0] for row in values[index:] if row and row[0]]
    heading = [row[0] for row in values[:header_index] if row and row[0]]
    return Table(heading, header_index + 1, headers, rows, notes, sheet)
