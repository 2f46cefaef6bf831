"""The data of an insights chart as a file a report can use: CSV that Excel opens in the right encoding,
and XLSX with numbers as numbers.

CSV: UTF-8 with a byte-order mark (Excel on a Japanese Windows reads a BOM-less file as Shift_JIS and
garbles every name), CRLF line ends, a header row in the page's language. XLSX: one sheet with the table,
money cells as numbers with a thousands format, headers frozen; under the table the counting rule and
the filters, so a pasted figure keeps its method. Investor and sector names were typed by someone: a name
that reads as a formula stays text in both (adapters.exports.cells).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kakehashi.adapters.exports.cells import csv_cell, keep_sheets_as_text, xlsx_value

FONT_NAME = "Meiryo"  # Latin, kana and kanji
NUMBER_FORMATS = {"money": "#,##0", "int": "0", "year": "0", "share": "0.0%", "change": "+0.0%;-0.0%;0.0%"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # in the page's language
    kind: str = "text"  # text | money | int | year | share | change


def table_csv(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The table as Excel-friendly CSV bytes (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(column.label) for column in columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(column.key), column.kind) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return csv_cell(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def table_xlsx(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    *,
    notes: Sequence[str] = (),
) -> bytes:
    """The table as an XLSX workbook: title, header, rows, then the notes (method, filters)."""
    # Imported here: the page and the CSV export do not need openpyxl loaded.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "data"
    bold = Font(name=FONT_NAME, bold=True)
    plain = Font(name=FONT_NAME)
    sheet.append([xlsx_value(title)])
    sheet.cell(row=1, column=1).font = Font(name=FONT_NAME, bold=True, size=13)
    sheet.append([xlsx_value(column.label) for column in columns])
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=2, column=index)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
    for row in rows:
        sheet.append([xlsx_value(row.get(column.key)) for column in columns])
    for index, column in enumerate(columns, start=1):
        number_format = NUMBER_FORMATS.get(column.kind)
        widest = _width(column.label)
        for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
            cell.font = plain
            if number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
            widest = max(widest, _width(str(cell.value if cell.value is not None else "")))
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)
    sheet.freeze_panes = "A3"
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([xlsx_value(note)])
            sheet.cell(row=sheet.max_row, column=1).font = plain
    keep_sheets_as_text([sheet])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
