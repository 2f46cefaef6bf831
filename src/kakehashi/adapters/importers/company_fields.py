"""The parts of a company row that say where it is and who it is: Japanese addresses and identifiers.

A row's identifiers are only ever stored when valid; an unusable one (a corporate number with a wrong check
digit, one that Excel rounded to 5.07E+12) becomes a warning and the row is kept without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from kakehashi.adapters.importers.cells import Cell, clean_text
from kakehashi.adapters.importers.cells.identifiers import (
    crunchbase_id,
    parse_corporate_number,
    parse_securities_code,
)
from kakehashi.adapters.importers.cells.places import parse_japanese_address
from kakehashi.domain.errors import InvalidInput

RawFn = Callable[[str], Cell]  # field name -> the row's cell (None when empty or absent)


class WarnFn(Protocol):
    """RowReader.warn: (field name, the cell as written, message id, its parameters)."""

    def __call__(self, name: str, cell: Cell, msgid: str, /, **params: Any) -> None: ...


MAX_ADDRESS, MAX_ID = 1000, 300


def place_fields(location: Cell, address: Cell) -> tuple[dict[str, Any], bool]:
    """(address, prefecture, municipality, country, city) from a Japanese address; True when it was one.

    The location column is tried first, then an explicit street-address column; a Japanese text that names
    no prefecture or municipality is still kept as the address (the row never fails on it).
    """
    for cell in (location, address):
        parsed = parse_japanese_address(cell) if cell is not None else None
        if parsed is not None and (parsed.prefecture or parsed.municipality):
            place = {"prefecture": parsed.prefecture, "municipality": parsed.municipality}
            return {"address": parsed.text[:MAX_ADDRESS], **place, "country": "JP", "city": parsed.city}, True
    if location is not None and parse_japanese_address(location) is not None and _is_street(location):
        return {"address": " ".join(clean_text(location).split())[:MAX_ADDRESS]}, True
    if address is not None:
        return {"address": " ".join(clean_text(address).split())[:MAX_ADDRESS] or None}, False
    return {}, False


def _is_street(cell: Cell) -> bool:
    """A Japanese text with a number in it is a street address, not the name of some place abroad."""
    return any(ch.isdigit() for ch in clean_text(cell))


def identity_fields(raw: RawFn, warn: WarnFn) -> dict[str, Any]:
    """corporate_number, securities_code, external_id (Crunchbase) and source_key of one row."""
    fields: dict[str, Any] = {}
    for name, parser in (
        ("corporate_number", parse_corporate_number),
        ("securities_code", parse_securities_code),
    ):
        value = raw(name)
        if value is None:
            continue
        try:
            fields[name] = parser(value)
        except InvalidInput as exc:
            warn(name, value, exc.msgid, **exc.params)
    external = raw("external_id")
    source = raw("source_id")
    external_text = clean_text(external)[:MAX_ID] if external is not None else None
    source_text = clean_text(source)[:MAX_ID] if source is not None else None
    fields["external_id"] = (
        (crunchbase_id(external) if external is not None else None)
        or external_text
        or (crunchbase_id(source) if source is not None else None)
    ) or None
    fields["source_key"] = source_text or external_text or None
    return fields
