"""An insights table (a header row, value rows, the method as a note) as CSV or XLSX, formula-safe."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kakehashi.adapters.exports.cells import csv_cell, keep_as_text, xlsx_value

TABLE_SUFFIXES = (".csv", ".xlsx")


def write_table(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], note: str | None = None
) -> int:
    """Write the table to `path` (.csv in UTF-8 with BOM, or .xlsx); returns the number of value rows.

    The note (how the figures were counted) follows the rows after an empty line, so it travels with them.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(path, headers, rows, note)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([["" if v is None else csv_cell(v) for v in row] for row in rows])
            if note:
                writer.writerows([[], [csv_cell(note)]])
    return len(rows)


def _write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], note: str | None) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("insights")

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        written = WriteOnlyCell(sheet, xlsx_value(value))
        keep_as_text(written)
        return written

    sheet.append([cell(h) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    if note:
        sheet.append([])
        sheet.append([cell(note)])
    workbook.save(path)
