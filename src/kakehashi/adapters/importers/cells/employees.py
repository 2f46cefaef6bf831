"""Head-count cells: '51-200', '10000+', '約120名', '100未満', and ranges Excel turned into dates -> EmployeeRange."""

from __future__ import annotations

import re
from datetime import date, datetime

from kakehashi.adapters.importers.cells.dates import MONTHS
from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import EmployeeRange

MAX_EMPLOYEES = 10_000_000


def parse_employees(value: Cell) -> EmployeeRange:
    """'51-200', '1,001-5,000', '10000+', '51〜200人', '約120名', 120 -> EmployeeRange."""
    result = _parse_employees(value)
    if max(result.minimum or 0, result.maximum or 0) > MAX_EMPLOYEES:
        raise InvalidInput("'{value}' is not a number of employees (too large)", value=shown(value))
    return result


# Head-count buckets that Excel turns into dates when a CSV is opened and saved ("1-10" -> 10-Jan,
# "11-50" -> Nov-50): only these are recovered, so a real date in the wrong column is still refused.
_EXCEL_MANGLED_BUCKETS = {
    (1, 10),
    (11, 50),
    (51, 100),
    (51, 200),
    (101, 250),
    (201, 500),
    (251, 500),
    (501, 1000),
}


def _unmangle_excel_range(value: Cell) -> EmployeeRange | None:
    candidates: list[tuple[int, int]] = []
    if isinstance(value, (date, datetime)):
        candidates = [(value.month, value.day), (value.month, value.year % 100)]
    elif isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})-([a-z]{3})|([a-z]{3})-(\d{1,2})", value.strip().casefold())
        if match and (match[2] or match[3]) in MONTHS:
            number = int(match[1] or match[4])
            candidates = [(MONTHS[match[2] or match[3]], number)]
    for low, high in candidates:
        if (low, high) in _EXCEL_MANGLED_BUCKETS:
            return EmployeeRange(low, high)
    return None


def _parse_employees(value: Cell) -> EmployeeRange:
    unmangled = _unmangle_excel_range(value)
    if unmangled is not None:
        return unmangled
    if isinstance(value, (bool, date, datetime)):
        raise InvalidInput("'{value}' is not a number of employees", value=shown(value))
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidInput("'{value}' is not a number of employees", value=shown(value))
        return EmployeeRange(int(value), int(value))
    text = clean_text(value).casefold()
    if not text:
        raise InvalidInput("empty number of employees")
    text = text.replace(",", "").replace(" ", "")
    text = re.sub(r"(人|名|employees?|people|staff|程度|ほど)", "", text)
    text = text.removeprefix("約").removeprefix("approx.").removeprefix("approx").removeprefix("~")
    text = text.removeprefix("about").removeprefix("c.")
    if re.fullmatch(r"\d+", text):
        return EmployeeRange(int(text), int(text))
    match = re.fullmatch(r"(\d+)(?:-|〜|~|～|–|—|to|から)(\d+)", text)
    if match:
        low, high = int(match[1]), int(match[2])
        if low > high:
            raise InvalidInput("'{value}' is not a number of employees (range reversed)", value=shown(value))
        return EmployeeRange(low, high)
    match = re.fullmatch(r"(\d+)(?:\+|以上|ormore|andmore|超)", text) or re.fullmatch(
        r"(?:over|morethan|>)(\d+)", text
    )
    if match:
        return EmployeeRange(int(match[1]), None)
    match = re.fullmatch(r"(?:lessthan|under|<|fewerthan)(\d+)", text) or re.fullmatch(
        r"(\d+)(?:未満|以下)", text
    )
    if match:
        return EmployeeRange(1, max(1, int(match[1]) - (0 if "以下" in text else 1)))
    raise InvalidInput("'{value}' is not a number of employees", value=shown(value))
