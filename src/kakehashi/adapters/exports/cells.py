"""Spreadsheet cells that show text as text: no name typed by someone becomes a formula in Excel.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what spreadsheet programs
read as a formula (CSV/formula injection, OWASP). In XLSX such a text is written as a string cell with
Excel's quote prefix, so it shows as typed and stays text when edited; in CSV it gets the OWASP prefix, a
single quote. Numbers are values, not text, and stay numbers (a negative amount is still a number).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"


def reads_as_formula(value: object) -> bool:
    """True for a text that a spreadsheet program would evaluate instead of showing."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV cell: a text that reads as a formula gets the single-quote prefix; anything else is unchanged."""
    return CSV_TEXT_PREFIX + value if reads_as_formula(value) else value


def unescape_csv_cell(text: str) -> str:
    """The inverse of `csv_cell` for a text read back from a CSV file, so an export imports back unchanged."""
    if text.startswith(CSV_TEXT_PREFIX) and reads_as_formula(text[1:]):
        return text[1:]
    return text


def xlsx_value(value: Any) -> Any:
    """A value openpyxl accepts: control characters it refuses (a name stored with one) are dropped."""
    # Imported here: CSV writers and importers use this module without loading openpyxl.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def keep_as_text(cell: Any) -> None:
    """Mark one openpyxl cell as text when its value reads as a formula (openpyxl makes '=...' a formula)."""
    if reads_as_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def keep_sheets_as_text(sheets: Iterable[Any]) -> None:
    """Every cell of every sheet whose text reads as a formula becomes a quoted text cell."""
    for sheet in sheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_as_text(cell)
