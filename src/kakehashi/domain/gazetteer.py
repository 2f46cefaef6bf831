"""Places: the Location value object and the gazetteer of countries, Japanese prefectures and cities.

The names are package data (`reference_data/countries.json`, `reference_data/gazetteer.json`); this module
only indexes them for lookups.
"""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.domain.reference_data import load


@dataclass(frozen=True, slots=True)
class Location:
    country: str | None  # ISO 3166-1 alpha-2
    city: str | None


_GAZETTEER = load("gazetteer.json")

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    code: (english, japanese) for code, (english, japanese) in load("countries.json")["names"].items()
}
"""(English, Japanese) name by ISO 3166-1 alpha-2 code, from the CLDR."""

PREFECTURES: dict[str, str] = dict(_GAZETTEER["prefectures"])
"""Prefecture in kanji without 都/府/県 ('神奈川') -> romaji ('Kanagawa')."""

JA_CITIES: dict[str, str] = dict(_GAZETTEER["japanese_cities"])
"""Japanese municipality in kanji or kana without 市 ('横浜') -> romaji ('Yokohama')."""

IL_CITY_SPELLINGS: dict[str, str] = dict(_GAZETTEER["israeli_city_spellings"])
"""Japanese and Hebrew spellings of Israeli tech cities -> English ('テルアビブ' -> 'Tel Aviv')."""


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (english, japanese) in COUNTRY_NAMES.items():
        index[code.casefold()] = code
        index[english.casefold()] = code
        index[english.casefold().replace("&", "and")] = code
        index[japanese] = code
    index.update(_GAZETTEER["country_aliases"])
    return index


_COUNTRIES = _country_index()


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name, alias or code in English, Japanese or Hebrew ('Israel', 'ISR', 'イスラエル')."""
    key = name.strip().strip(".").casefold()
    return _COUNTRIES.get(key) or _COUNTRIES.get(key.replace("&", "and"))
