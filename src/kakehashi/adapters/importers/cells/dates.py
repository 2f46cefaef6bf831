"""Date cells: ISO, US and European slashes, '2017年7月', Japanese eras, month names, Excel serials -> PartialDate."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import DateConfidence, PartialDate

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "r": 2018, "h": 1988, "s": 1925}
_EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1800, 2100


def _make(year: int, month: int, day: int, precision: DateConfidence, original: Cell) -> PartialDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput("'{value}' is not a date (year out of range)", value=shown(original))
    try:
        return PartialDate(date(year, month, day), precision)
    except ValueError as exc:
        raise InvalidInput("'{value}' is not a date", value=shown(original)) from exc


def parse_date(value: Cell) -> PartialDate:
    """'2017-07-01', '7/2017', '2017/07', '2017年7月', '令和2年', '2017', 'Jul 2017', Excel cells -> PartialDate.

    Slash dates with three parts are read month first (US exports) unless the first part exceeds 12.
    """
    if isinstance(value, datetime):
        return PartialDate(value.date(), DateConfidence.DAY)
    if isinstance(value, date):
        return PartialDate(value, DateConfidence.DAY)
    if isinstance(value, bool):
        raise InvalidInput("'{value}' is not a date", value=shown(value))
    if isinstance(value, (int, float)):
        number = int(value)
        if MIN_YEAR <= number <= MAX_YEAR and number == value:
            return PartialDate(date(number, 1, 1), DateConfidence.YEAR)
        if 1 <= number <= 80_000:  # an Excel serial day number that lost its date format
            return PartialDate(_EXCEL_EPOCH + timedelta(days=number), DateConfidence.DAY)
        raise InvalidInput("'{value}' is not a date", value=shown(value))
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty date")
    lowered = text.casefold().rstrip(".")
    lowered = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", lowered)
    if re.fullmatch(r"\d{4}(\.0)?", lowered):
        return _make(int(lowered[:4]), 1, 1, DateConfidence.YEAR, value)
    if re.fullmatch(r"\d+(\.0)?", lowered) and 20_000 <= float(lowered) <= 80_000:
        return parse_date(int(float(lowered)))
    match = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?z?)?", lowered
    )
    if match:
        year, month, day = map(int, match.groups()[:3])
        return _make(year, month, day, DateConfidence.DAY, value)
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", lowered)
    if match:
        return _make(int(match[1]), int(match[2]), 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", lowered)
    if match:
        return _make(int(match[2]), int(match[1]), 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})", lowered)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 2000 if year <= 50 else 1900
        month, day = (second, first) if first > 12 else (first, second)
        return _make(year, month, day, DateConfidence.DAY, value)
    match = re.fullmatch(
        r"(令和|平成|昭和|[rhs])\s*(\d{1,2}|元)\s*年?(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", lowered
    )
    if match:
        era_year = 1 if match[2] == "元" else int(match[2])
        year = _ERAS[match[1]] + era_year
        return _japanese_date(year, match[3], match[4], value)
    match = re.fullmatch(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", lowered)
    if match:
        return _japanese_date(int(match[1]), match[2], match[3], value)
    match = re.fullmatch(r"([a-z]+)\s+(?:(\d{1,2}),?\s+)?(\d{4})", lowered)  # Jul 2017, July 1, 2017
    if match and match[1] in MONTHS:
        if match[2]:
            return _make(int(match[3]), MONTHS[match[1]], int(match[2]), DateConfidence.DAY, value)
        return _make(int(match[3]), MONTHS[match[1]], 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[\s-]+([a-z]+)[\s,-]+(\d{4})", lowered)  # 1 July 2017, 01-Jul-2017
    if match and match[2] in MONTHS:
        return _make(int(match[3]), MONTHS[match[2]], int(match[1]), DateConfidence.DAY, value)
    match = re.fullmatch(r"([a-z]+)[-\s](\d{4})", lowered)  # Jul-2017
    if match and match[1] in MONTHS:
        return _make(int(match[2]), MONTHS[match[1]], 1, DateConfidence.MONTH, value)
    raise InvalidInput("'{value}' is not a date", value=shown(value))


def _japanese_date(year: int, month: str | None, day: str | None, original: Cell) -> PartialDate:
    if month is None:
        return _make(year, 1, 1, DateConfidence.YEAR, original)
    if day is None:
        return _make(year, int(month), 1, DateConfidence.MONTH, original)
    return _make(year, int(month), int(day), DateConfidence.DAY, original)
