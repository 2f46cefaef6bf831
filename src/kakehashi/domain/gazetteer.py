"""Places: the Location value object and the gazetteer of countries, Japanese prefectures and cities.

The names are package data (`reference_data/countries.json`, `reference_data/gazetteer.json`); this module
only indexes them for lookups.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kakehashi.domain.reference_data import load


@dataclass(frozen=True, slots=True)
class Location:
    country: str | None  # ISO 3166-1 alpha-2
    city: str | None


_GAZETTEER = load("gazetteer.json")
_COUNTRY_DATA = load("countries.json")

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    code: (english, japanese) for code, (english, japanese) in _COUNTRY_DATA["names"].items()
}
"""(English, Japanese) name by ISO 3166-1 alpha-2 code, from the CLDR."""

PREFECTURES: dict[str, str] = dict(_GAZETTEER["prefectures"])
"""Prefecture in kanji without 都/府/県 ('神奈川') -> romaji ('Kanagawa')."""

JA_CITIES: dict[str, str] = dict(_GAZETTEER["japanese_cities"])
"""Japanese municipality in kanji or kana without 市 ('横浜') -> romaji ('Yokohama')."""

IL_CITY_SPELLINGS: dict[str, str] = dict(_GAZETTEER["israeli_city_spellings"])
"""Japanese and Hebrew spellings of Israeli tech cities -> English ('テルアビブ' -> 'Tel Aviv')."""


_PARENTHESIS = re.compile(r"\s*[(（]([^()（）]+)[)）]\s*")
_JA_AFFIXES = re.compile(r"^中華人民共和国|特別行政区$|自治区$")
_JA_STATE_WORDS = ("共和国", "連邦", "王国", "合衆国")


def _fold(text: str) -> str:
    """Comparable form: NFKC, case folded, accents dropped, typographic apostrophe and '&' spelled plainly."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("&", "and")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", plain).split()).strip(" .")


def _variants(name: str) -> set[str]:
    """The ways people write a CLDR name: 'Myanmar (Burma)' -> Myanmar, Burma; 'St. Lucia' -> Saint Lucia;
    'Hong Kong SAR China' -> Hong Kong; '中華人民共和国香港特別行政区' -> 香港; 'Congo - Kinshasa' -> Kinshasa."""
    folded = _fold(name)
    found = {folded}
    outside = _PARENTHESIS.sub(" ", folded).strip()
    if outside != folded:
        found.add(outside)
        found.update(inner.strip() for inner in _PARENTHESIS.findall(folded))
    if ", " in folded:  # 'St. Helena, Ascension & Tristan da Cunha'
        found.add(folded.split(", ", 1)[0])
    for text in list(found):
        found.add(text.removesuffix(" sar china"))
        found.add(_JA_AFFIXES.sub("", text))
        if text.startswith("st. "):
            found.update({"saint " + text[4:], "st " + text[4:]})
        if " - " in text:
            found.update(part.strip() for part in text.split(" - "))

    return {text for text in found if text}


def _country_index() -> dict[str, str]:
    """Name -> code from the CLDR names and alternative names; a derived spelling two countries share
    (both Congos' 'Congo') is left out, and the hand-kept aliases (USA, 米国, ISR, ...) win."""
    index: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    alternatives: dict[str, list[str]] = _COUNTRY_DATA.get("alternative_names", {})
    for code, names in COUNTRY_NAMES.items():
        index[code.casefold()] = code
        for name in (*names, *alternatives.get(code, ())):
            for variant in _variants(name):
                derived.setdefault(variant, set()).add(code)
    for name, codes in derived.items():
        if len(codes) == 1:
            index.setdefault(name, next(iter(codes)))
    index.update({_fold(alias): code for alias, code in _GAZETTEER["country_aliases"].items()})
    return index


_COUNTRIES = _country_index()


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name, alias or code as people write it, in English, Japanese or Hebrew
    ('Israel', 'ISR', 'イスラエル', 'Turkey', 'Ivory Coast', 'The Netherlands', 'トルコ共和国')."""
    key = _fold(name)
    found = _COUNTRIES.get(key) or _COUNTRIES.get(key.replace(".", ""))
    if found is None and key.startswith("the "):
        found = _COUNTRIES.get(key[4:])
    if found is None:
        for word in _JA_STATE_WORDS:  # 'トルコ共和国', 'アメリカ合衆国' as official Japanese names
            if key.endswith(word) and len(key) > len(word):
                found = _COUNTRIES.get(key.removesuffix(word))
                break
    return found
