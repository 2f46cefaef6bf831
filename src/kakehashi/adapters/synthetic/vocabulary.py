"""Sector-specific phrase banks for synthetic company descriptions (English and Japanese), read from JSON.

Each sector has several independent phrase lists (product, method, customer, outcome, problem) so that two
companies in the same sector are described in different words, as real catalogues are. The words live in
`phrase_banks/*.json`; their order matters, since the seeded generator draws from them by index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib.resources import files
from typing import Any


def _bank(name: str) -> dict[str, Any]:
    text = files("kakehashi.adapters.synthetic.phrase_banks").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True, slots=True)
class SectorPhrases:
    label: str  # canonical English label of the taxonomy sector
    weight: int  # relative frequency among generated companies
    technologies: tuple[str, ...]
    products: tuple[str, ...]
    methods: tuple[str, ...]
    customers: tuple[str, ...]
    outcomes: tuple[str, ...]
    problems: tuple[str, ...]
    name_words: tuple[str, ...]
    ja_products: tuple[str, ...]
    ja_customers: tuple[str, ...]
    ja_outcomes: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SectorPhrases:
        words = {f.name: tuple(data[f.name]) for f in fields(cls) if f.name not in ("label", "weight")}
        return cls(label=str(data["label"]), weight=int(data["weight"]), **words)


SECTORS: tuple[SectorPhrases, ...] = tuple(
    SectorPhrases.from_json(s) for s in _bank("sectors.json")["sectors"]
)

_NAMES = _bank("names.json")
NAME_PREFIXES: tuple[str, ...] = tuple(_NAMES["prefixes"])
NAME_ENDINGS: tuple[str, ...] = tuple(_NAMES["endings"])
NAME_SUFFIXES: tuple[str, ...] = tuple(_NAMES["suffixes"])
TLDS: tuple[str, ...] = tuple(_NAMES["tlds"])

_PLACES = _bank("places.json")
IL_CITIES: tuple[tuple[str, int], ...] = tuple((city, weight) for city, weight in _PLACES["israeli_cities"])
IL_CITIES_JA: dict[str, str] = dict(_PLACES["israeli_cities_ja"])
OTHER_LOCATIONS: tuple[tuple[str, str, int], ...] = tuple(
    (country, city, weight) for country, city, weight in _PLACES["other_locations"]
)

_BACKGROUNDS = _bank("backgrounds.json")
ORIGINS: tuple[str, ...] = tuple(_BACKGROUNDS["origins"])
REGIONS: tuple[str, ...] = tuple(_BACKGROUNDS["regions"])
