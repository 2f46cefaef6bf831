"""Place cells: 'Tel Aviv, Israel', 'ISR', 'イスラエル', '東京都千代田区' -> Location, through the gazetteer."""

from __future__ import annotations

import re

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.gazetteer import IL_CITY_SPELLINGS, JA_CITIES, PREFECTURES, Location, country_code


def parse_country(value: Cell) -> str:
    """'Israel', 'イスラエル', 'IL', 'ISR', 'USA', 'Tel Aviv, Israel' -> ISO alpha-2 code."""
    location = parse_location(value)
    if location.country is None:
        raise InvalidInput("'{value}' is not a country", value=shown(value))
    return location.country


def parse_location(value: Cell) -> Location:
    """'Tel Aviv-Yafo, Tel Aviv, Israel' (Crunchbase City, Region, Country), 'Haifa, IL', '東京都千代田区'."""
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty location")
    japanese = _parse_japanese_address(text)
    if japanese is not None:
        return japanese
    parts = [part.strip() for part in re.split(r"[,，、/|]", text) if part.strip()]
    if not parts:
        raise InvalidInput("'{value}' is not a place", value=shown(value))
    country = country_code(parts[-1])
    if country is not None:
        city = parts[0] if len(parts) > 1 else None
        return Location(country, IL_CITY_SPELLINGS.get(city, city) if city else None)
    whole = country_code(text)
    if whole is not None:
        return Location(whole, None)
    for ja_city, city in IL_CITY_SPELLINGS.items():
        if ja_city in text:
            return Location("IL", city)
    # A lone place name that is not a country: keep it as the city, country unknown.
    if len(parts) == 1 and not any(ch.isdigit() for ch in text):
        return Location(None, parts[0])
    raise InvalidInput("'{value}' is not a place", value=shown(value))


def _parse_japanese_address(text: str) -> Location | None:
    compact = text.replace(" ", "").replace("\u3000", "")
    compact = re.sub(r"^(〒?\d{3}-?\d{4})", "", compact).removeprefix("日本国").removeprefix("日本")
    compact = compact.lstrip("、,，・")
    if compact in PREFECTURES:
        return Location("JP", PREFECTURES[compact])
    if compact in JA_CITIES:
        return Location("JP", JA_CITIES[compact])
    match = re.match(r"(北海道|東京都|(?:京都|大阪)府|[^\d]{2,3}?県)", compact)
    if match is None:
        if compact.endswith(("市", "区")) and compact[:-1] in JA_CITIES:
            return Location("JP", JA_CITIES[compact[:-1]])
        return None
    prefecture = match[1].removesuffix("都").removesuffix("府").removesuffix("県")
    if prefecture not in PREFECTURES:
        return None
    if prefecture == "東京":
        return Location("JP", "Tokyo")
    rest = compact[match.end() :]
    city_match = re.match(r"(.+?)市", rest)
    if city_match:
        city = city_match[1]
        return Location("JP", JA_CITIES.get(city, city + "市"))
    return Location("JP", PREFECTURES[prefecture])
