"""Money cells: '$21.5M', '21.5億円', '3億5000万円', '₪10M', 'USD 5m' -> Money, and currency names -> ISO codes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.money import Money

# Longest markers first so that "US$" wins over "$" and "CN¥" over "¥".
_CURRENCY_MARKERS: tuple[tuple[str, str], ...] = (
    ("us$", "USD"),
    ("usd", "USD"),
    ("cn¥", "CNY"),
    ("rmb", "CNY"),
    ("cny", "CNY"),
    ("人民元", "CNY"),
    ("jpy", "JPY"),
    ("ils", "ILS"),
    ("nis", "ILS"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("krw", "KRW"),
    ("ウォン", "KRW"),
    ("ユーロ", "EUR"),
    ("シェケル", "ILS"),
    ("ポンド", "GBP"),
    ("米ドル", "USD"),
    ("ドル", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("shekels", "ILS"),
    ("yen", "JPY"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("won", "KRW"),
    ("yuan", "CNY"),
    ("円", "JPY"),
    ("元", "CNY"),
    ("$", "USD"),
    ("¥", "JPY"),
    ("₪", "ILS"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₩", "KRW"),
    ('ש"ח', "ILS"),
    ("שקלים", "ILS"),
    ("שקל", "ILS"),
    ("דולר", "USD"),
    ("אירו", "EUR"),
)
_CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")
_EN_MULTIPLIERS: dict[str, int] = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "t": 10**12,
    "tn": 10**12,
    "trillion": 10**12,
    "אלף": 10**3,  # Hebrew: thousand, million, billion
    "מיליון": 10**6,
    "מיליארד": 10**9,
}
_JA_UNITS: dict[str, int] = {"兆": 10**12, "億": 10**8, "百万": 10**6, "万": 10**4, "千": 10**3}
_JA_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(兆|億|百万|万|千)")
_EN_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([a-z\u05d0-\u05ea]+)?$")


def _marker_pattern(marker: str) -> str:
    escaped = re.escape(marker)
    # Word markers ("usd", "yen") must not match inside other words ("thousand", "wonder").
    return rf"(?<![a-z]){escaped}(?![a-z])" if marker.isascii() and marker.isalpha() else escaped


_MARKER_CODES = dict(_CURRENCY_MARKERS)
_MARKERS = re.compile("|".join(_marker_pattern(marker) for marker, _ in _CURRENCY_MARKERS))
_OTHER_CODE = re.compile(r"\b(?!MIL\b|MLN\b)[A-Z]{3}\b")  # CAD, CHF...: upper case in the cell
_PLAIN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def detect_currency(text: str) -> str | None:
    """Currency named in a cell or a header ('$21.5M', '21.5億円', 'Funding (in USD)'), if any."""
    normalized = unicodedata.normalize("NFKC", text)
    match = _MARKERS.search(normalized.casefold())
    if match:
        return _MARKER_CODES[match.group(0)]
    code = _CURRENCY_CODE.search(normalized)
    return code.group(1) if code else None


def _strip_currency(text: str) -> str:
    return _MARKERS.sub(" ", _OTHER_CODE.sub(" ", text).casefold()).strip()


MAX_AMOUNT = 10**15  # beyond any funding round in any currency; larger means a typo or a wrong column


def parse_currency(value: Cell) -> str:
    """'USD', 'jpy', '円', 'US Dollar', '₪' -> ISO 4217 code."""
    text = clean_text(value)
    code = detect_currency(text)
    if code is None and re.fullmatch(r"[A-Za-z]{3}", text):
        code = text.upper()
    if code is None:
        raise InvalidInput("'{value}' is not a currency (e.g. USD, JPY, ILS)", value=shown(value))
    return code


def parse_money(value: Cell, *, default_currency: str | None = None, multiplier: int = 1) -> Money:
    """'$21.5M', '1,200,000', '21.5億円', '3億5000万円', '¥1.2B', 'USD 5m', '₪10M' -> Money.

    `multiplier` applies to bare numbers whose unit is in the header ('資金調達額（百万円）').
    """
    money = _parse_money(value, default_currency=default_currency, multiplier=multiplier)
    if money.amount > MAX_AMOUNT:
        raise InvalidInput("'{value}' is too large to be an amount of money", value=shown(value))
    return money


def _parse_money(value: Cell, *, default_currency: str | None, multiplier: int) -> Money:
    if isinstance(value, (bool, date, datetime)):
        raise InvalidInput("'{value}' is not an amount of money", value=shown(value))
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidInput("'{value}' is not an amount of money (negative)", value=shown(value))
        return Money(int(Decimal(str(value)) * multiplier), default_currency)
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty amount")
    if _PLAIN_NUMBER.fullmatch(text):  # the common case, without currency or unit
        return Money(int(Decimal(text.replace(",", "")) * multiplier), default_currency)
    currency = detect_currency(text) or default_currency
    body = _strip_currency(text)
    body = body.replace(",", "").replace("_", "").replace(" ", "")
    body = body.removesuffix("以上").removeprefix("約").removesuffix("+")
    if body.startswith("-"):
        raise InvalidInput("'{value}' is not an amount of money (negative)", value=shown(value))
    try:
        if any(unit in body for unit in _JA_UNITS):
            parts = _JA_PART.findall(body)
            rest = _JA_PART.sub("", body)
            if not parts or (rest and not re.fullmatch(r"\d+", rest)):
                raise InvalidInput("'{value}' is not an amount of money", value=shown(value))
            total = sum(Decimal(number) * _JA_UNITS[unit] for number, unit in parts)
            total += Decimal(rest or 0)
            return Money(int(total), currency)
        match = _EN_AMOUNT.match(body)
        if not match:
            raise InvalidInput("'{value}' is not an amount of money", value=shown(value))
        number, unit = match.groups()
        factor = multiplier
        if unit:
            if unit not in _EN_MULTIPLIERS:
                raise InvalidInput(
                    "'{value}' is not an amount of money (unknown unit '{unit}')",
                    value=shown(value),
                    unit=unit,
                )
            factor = _EN_MULTIPLIERS[unit]
        return Money(int(Decimal(number) * factor), currency)
    except InvalidOperation as exc:
        raise InvalidInput("'{value}' is not an amount of money", value=shown(value)) from exc
