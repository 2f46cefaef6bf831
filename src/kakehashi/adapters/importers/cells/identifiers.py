"""Identifier cells: 法人番号 (corporate number), 証券コード (securities code), Crunchbase UUID or permalink.

An identifier decides who is who, so one that cannot be trusted is never stored: a corporate number whose
check digit fails, or one that Excel turned into a rounded float ('5.07E+12'), raises InvalidInput, which
the importer reports as a warning while keeping the row.
The check digit of the 13-digit corporate number is validated by python-stdnum (`stdnum.jp.cn`, LGPL,
used unmodified as a dependency).
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import ValidationError
from stdnum.jp import cn

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_PERMALINK = re.compile(r"^(?:https?://)?(?:www\.)?crunchbase\.com/organization/([a-z0-9][a-z0-9-]*)/?$")
_SECURITIES = re.compile(r"^\d{3}[0-9ACDFGHJKLMNPRSTUWXY]$")  # 4 digits, or 3 digits + letter (since 2024)


def _digits(value: Cell) -> str:
    if isinstance(value, float):
        # A number cell: Excel keeps 15 significant digits, so a 13-digit integer survives only if exact.
        if not value.is_integer():
            raise InvalidInput(
                "'{value}' was turned into a decimal number by a spreadsheet: the identifier is lost",
                value=shown(value),
            )
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = unicodedata.normalize("NFKC", clean_text(value)).strip()
    if _SCIENTIFIC.match(text):
        raise InvalidInput(
            "'{value}' was turned into a rounded number by a spreadsheet: the identifier is lost",
            value=shown(value),
        )
    text = re.sub(r"\.0+$", "", text)  # '5070001000715.0' from a number cell read as text
    return re.sub(r"[\s\-‐－ー]", "", text)


def parse_corporate_number(value: Cell) -> str:
    """法人番号: 13 digits whose first digit checks the other twelve; anything else is refused."""
    digits = _digits(value)
    if not digits.isdigit():
        raise InvalidInput("'{value}' is not a corporate number (13 digits)", value=shown(value))
    if len(digits) != 13:
        raise InvalidInput(
            "'{value}' is not a corporate number: it has {count} digits, not 13",
            value=shown(value),
            count=len(digits),
        )
    try:
        return str(cn.validate(digits))
    except ValidationError as exc:
        raise InvalidInput(
            "'{value}' is not a corporate number: its check digit is wrong", value=shown(value)
        ) from exc


def parse_securities_code(value: Cell) -> str:
    """証券コード: '7203', '7203.T', 'TYO:7203', '130A'."""
    text = (
        unicodedata.normalize("NFKC", clean_text(value)).strip().upper()
        if not isinstance(value, (int, float))
        else _digits(value)
    )
    text = re.sub(r"^(?:TYO|TSE|JP|OSE|NSE|FSE|SSE)\s*[:：]\s*", "", text)
    text = re.sub(r"\.(?:T|JP|TYO|OS|N|F|S)$", "", text)
    text = re.sub(r"\.0+$", "", text)
    if not _SECURITIES.match(text):
        raise InvalidInput(
            "'{value}' is not a securities code (4 characters, such as 7203)", value=shown(value)
        )
    return text


def crunchbase_id(value: Cell) -> str | None:
    """A Crunchbase UUID or organization permalink ('crunchbase.com/organization/foo' -> 'foo'), else None."""
    text = clean_text(value).strip()
    if _UUID.match(text.lower()):
        return text.lower()
    match = _PERMALINK.match(text.lower())
    return match[1] if match else None
