"""Deterministic synthetic startups for scale tests: same (count, seed) gives the same companies, streamed.

Names are unique (a bijection from the index into a name space), descriptions are composed from
sector-specific phrase banks so that companies of one sector differ in wording, and about one in ten
has a Japanese description (half of those also in English).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from kakehashi.adapters.synthetic.vocabulary import (
    IL_CITIES,
    IL_CITIES_JA,
    NAME_ENDINGS,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    ORIGINS,
    OTHER_LOCATIONS,
    REGIONS,
    SECTORS,
    TLDS,
    SectorPhrases,
)
from kakehashi.domain.organizations import (
    CompanyRecord,
    DateConfidence,
    EmployeeRange,
    OperatingStatus,
    OrganizationKind,
    PartialDate,
    Stage,
    normalize_name,
)


def _unique_stems() -> list[str]:
    stems: list[str] = []
    seen: set[str] = set()
    for prefix in NAME_PREFIXES:
        for ending in NAME_ENDINGS:
            if prefix[-1] in "aeiou" and ending[:1] in ("a", "e", "i", "o", "u"):
                continue  # "Lyraa", "Junoa": hard to read, so not a name anyone would pick
            stem = prefix + ending
            key = normalize_name(stem)
            if key and key not in seen:
                seen.add(key)
                stems.append(stem)
    return stems


_STEMS = _unique_stems()
_SINGLE_SPACE = len(_STEMS) * len(NAME_SUFFIXES)
# Second words are bare prefixes ("Tal Nova Labs"): with endings, "Ram Yaelara" and "Ramya Elara" would clash.
_SECOND_WORDS = sorted(set(NAME_PREFIXES), key=NAME_PREFIXES.index)
_DOUBLE_SPACE = len(_STEMS) * len(_SECOND_WORDS) * len(NAME_SUFFIXES)


def _coprime_step(space: int, hint: int) -> int:
    """A multiplier coprime with `space`, so i -> (i * step + offset) % space is a permutation."""
    from math import gcd

    step = hint % space or 1
    while gcd(step, space) != 1:
        step += 1
    return step


_SINGLE_STEP = _coprime_step(_SINGLE_SPACE, 7919 * 31)
_DOUBLE_STEP = _coprime_step(_DOUBLE_SPACE, 1_000_003)


def company_name(index: int, offset: int) -> str:
    """The index-th unique name: single-word names first, then two-word names, then numbered ones."""
    suffixes = NAME_SUFFIXES
    if index < _SINGLE_SPACE:
        slot = (index * _SINGLE_STEP + offset) % _SINGLE_SPACE
        stem = _STEMS[slot // len(suffixes)]
        suffix = suffixes[slot % len(suffixes)]
        return f"{stem} {suffix}" if suffix else stem
    rest = index - _SINGLE_SPACE
    cycle, rest = divmod(rest, _DOUBLE_SPACE)
    slot = (rest * _DOUBLE_STEP + offset) % _DOUBLE_SPACE
    first, slot = divmod(slot, len(_SECOND_WORDS) * len(suffixes))
    second, suffix_index = divmod(slot, len(suffixes))
    suffix = suffixes[suffix_index]
    name = f"{_STEMS[first]} {_SECOND_WORDS[second]}" + (f" {suffix}" if suffix else "")
    return name if cycle == 0 else f"{name} {cycle + 1}"


def _article(phrase: str) -> str:
    return ("an " if phrase[0] in "aeiouAEIOU" else "a ") + phrase


_SECTOR_CUMULATIVE = list(accumulate(sector.weight for sector in SECTORS))
_CITY_NAMES = [city for city, _ in IL_CITIES]
_CITY_CUMULATIVE = list(accumulate(weight for _, weight in IL_CITIES))
_OTHER_CUMULATIVE = list(accumulate(weight for *_, weight in OTHER_LOCATIONS))

# Stage ladder with typical cumulative funding ranges in USD, used to keep stage, age, size and money coherent.
_STAGES: tuple[tuple[Stage, int, int, tuple[int, int]], ...] = (
    (Stage.PRE_SEED, 50_000, 1_000_000, (1, 10)),
    (Stage.SEED, 500_000, 6_000_000, (1, 10)),
    (Stage.SERIES_A, 5_000_000, 25_000_000, (11, 50)),
    (Stage.SERIES_B, 20_000_000, 70_000_000, (51, 200)),
    (Stage.SERIES_C, 50_000_000, 180_000_000, (201, 500)),
    (Stage.SERIES_D_PLUS, 120_000_000, 600_000_000, (501, 1000)),
    (Stage.GROWTH, 200_000_000, 1_200_000_000, (1001, 5000)),
)


_PASSIVE_STARTS = (
    "based",
    "built",
    "trained",
    "grown",
    "developed",
    "made",
    "cleared",
    "deployed",
    "fabricated",
)


def _clause(method: str) -> str:
    """A method phrase ('that runs on...', 'built on...', 'using...') as a sentence of its own."""
    head, _, rest = method.partition(" ")
    if head == "that":
        return f"It {rest}."
    if head in _PASSIVE_STARTS:
        return f"It is {method}."
    if head == "with":
        return f"It comes {method}."
    if head == "running":
        return f"It runs {rest}."
    return f"It works {method}."


def _describe_en(rng: random.Random, name: str, sector: SectorPhrases, city: str) -> str:
    product = rng.choice(sector.products)
    method = rng.choice(sector.methods)
    customer = rng.choice(sector.customers)
    outcome = rng.choice(sector.outcomes)
    shape = rng.randrange(6)
    if shape == 0:
        first = f"{name} develops {_article(product)} {method}, helping {customer} {outcome}."
    elif shape == 1:
        first = f"{name} builds {_article(product)} for {customer} to {outcome}. {_clause(method)}"
    elif shape == 2:
        problem = rng.choice(sector.problems)
        first = f"{name} tackles {problem}. Its {product} helps {customer} {outcome}. {_clause(method)}"
    elif shape == 3:
        first = f"{city}-based {name} offers {customer} {_article(product)} {method}. The goal: {outcome}."
    elif shape == 4:
        first = f"{name} makes {_article(product)} that lets {customer} {outcome}. {_clause(method)}"
    else:
        problem = rng.choice(sector.problems)
        first = (
            f"To address {problem}, {name} offers {customer} {_article(product)} {method}. "
            f"It aims to {outcome}."
        )
    extra = rng.randrange(5)
    if extra == 0:
        first += f" The founding team comes from {rng.choice(ORIGINS)}."
    elif extra == 1:
        first += f" Pilots are running with {rng.choice(sector.customers)} in {rng.choice(REGIONS)}."
    elif extra == 2:
        first += f" It serves customers in {rng.choice(REGIONS)}."
    return first


def _describe_ja(rng: random.Random, name: str, sector: SectorPhrases, city: str) -> str:
    city_ja = IL_CITIES_JA.get(city, city)
    product = rng.choice(sector.ja_products)
    customer = rng.choice(sector.ja_customers)
    outcome = rng.choice(sector.ja_outcomes)
    if rng.randrange(2) == 0:
        return f"{name}は{city_ja}のスタートアップで、{customer}向けの{product}を開発している。{outcome}ことを目指す。"
    return f"{customer}向けに{product}を提供するイスラエル企業。独自技術により{outcome}。拠点は{city_ja}。"


def _pick(cumulative: list[int], rng: random.Random) -> int:
    target = rng.random() * cumulative[-1]
    for index, bound in enumerate(cumulative):
        if target < bound:
            return index
    return len(cumulative) - 1


def generate_companies(count: int, seed: int) -> Iterator[CompanyRecord]:
    """Stream `count` synthetic startups; the same (count, seed) always yields the same records."""
    rng = random.Random(seed)
    name_offset = random.Random(seed ^ 0x5EED).randrange(1 << 30)
    for index in range(count):
        name = company_name(index, name_offset)
        sector = SECTORS[_pick(_SECTOR_CUMULATIVE, rng)]
        sectors = [sector.label]
        if rng.random() < 0.2:
            other = SECTORS[_pick(_SECTOR_CUMULATIVE, rng)].label
            if other != sector.label:
                sectors.append(other)
        technologies = rng.sample(sector.technologies, k=1 + (rng.random() < 0.4))
        if rng.random() < 0.85:
            country, city = "IL", _CITY_NAMES[_pick(_CITY_CUMULATIVE, rng)]
        else:
            country, city, _ = OTHER_LOCATIONS[_pick(_OTHER_CUMULATIVE, rng)]

        year = min(2025, max(1995, int(rng.triangular(2000, 2025, 2018))))
        precision_draw = rng.random()
        if precision_draw < 0.7:
            founded = PartialDate(date(year, 1, 1), DateConfidence.YEAR)
        elif precision_draw < 0.9:
            founded = PartialDate(date(year, rng.randint(1, 12), 1), DateConfidence.MONTH)
        else:
            founded = PartialDate(date(year, rng.randint(1, 12), rng.randint(1, 28)), DateConfidence.DAY)

        age = 2026 - year
        ladder = min(len(_STAGES) - 1, max(0, int(rng.gauss(age / 2.5, 1.2))))
        stage, low, high, employees = _STAGES[ladder]
        funding: float | None = round(rng.uniform(low, high), -4)
        if rng.random() < 0.08:
            funding = None
        status_draw = rng.random()
        status = OperatingStatus.ACTIVE
        if status_draw < 0.05 and age > 4:
            status = OperatingStatus.CLOSED
        elif status_draw < 0.11 and age > 3:
            status, stage = OperatingStatus.ACQUIRED, Stage.ACQUIRED
        elif status_draw < 0.12 and ladder >= 4:
            status, stage = OperatingStatus.IPO, Stage.PUBLIC

        key = normalize_name(name)
        website = f"https://www.{key}.{TLDS[len(key) % len(TLDS)]}" if rng.random() < 0.92 else None
        description_en: str | None = _describe_en(rng, name, sector, city)
        description_ja = None
        if rng.random() < 0.1:
            description_ja = _describe_ja(rng, name, sector, city)
            if rng.random() < 0.5:
                description_en = None
        yield CompanyRecord(
            name=name,
            kind=OrganizationKind.STARTUP,
            country=country,
            city=city,
            website=website,
            founded=founded,
            employees=EmployeeRange(*employees),
            status=status,
            stage=stage,
            total_funding_usd=int(funding) if funding is not None else None,
            description_en=description_en,
            description_ja=description_ja,
            sectors=sectors,
            technologies=list(technologies),
        )
