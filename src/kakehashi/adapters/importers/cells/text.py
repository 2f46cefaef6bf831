"""Cell values as they come out of a reader, and the text form every cell parser starts from."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from kakehashi.adapters.exports.cells import unescape_csv_cell

Cell = str | int | float | date | datetime | None

# Control characters (NUL above all) cannot be stored in PostgreSQL text and are never meant in a cell.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def clean_text(value: Cell) -> str:
    """Cell as text: NFKC (full-width digits and letters become ASCII), control characters and outer spaces removed.

    A text our CSV export quoted so that spreadsheets do not evaluate it ("'=...") is read back as it was.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).translate(_CONTROL).strip()
    return unescape_csv_cell(text).strip()


def shown(value: Cell) -> str:
    """The cell as quoted back in a warning: stripped, at most 60 characters."""
    text = str(value).strip() if value is not None else ""
    return text[:60]


def is_japanese(text: str) -> bool:
    """True when a text is mostly Japanese (kana or kanji), used to file descriptions under the right language."""
    if text.isascii():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    japanese = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    return japanese / len(letters) >= 0.2
