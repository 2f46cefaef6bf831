"""The synthetic generator: deterministic, unique, varied, bilingual."""

from __future__ import annotations

import pytest

from kakehashi.adapters.synthetic.companies import generate_companies
from kakehashi.adapters.synthetic.vocabulary import SECTORS
from kakehashi.domain.organizations import normalize_name
from kakehashi.domain.taxonomy import Facet, resolve_term

pytestmark = pytest.mark.unit


def test_generate_companies_same_seed_gives_same_records() -> None:
    first = list(generate_companies(200, seed=3))
    second = list(generate_companies(200, seed=3))

    assert first == second


def test_generate_companies_other_seed_gives_other_records() -> None:
    names_a = [r.name for r in generate_companies(50, seed=1)]
    names_b = [r.name for r in generate_companies(50, seed=2)]

    assert names_a != names_b


def test_generate_companies_names_and_domains_unique() -> None:
    records = list(generate_companies(20_000, seed=11))

    assert len({normalize_name(r.name) for r in records}) == 20_000
    domains = [r.domain for r in records if r.domain]
    assert len(set(domains)) == len(domains)


def test_generate_companies_descriptions_vary_within_a_sector() -> None:
    records = [r for r in generate_companies(2_000, seed=5) if r.sectors[0] == "Cybersecurity"]
    texts = [r.description_en.replace(r.name, "") for r in records if r.description_en]

    assert len(set(texts)) == len(texts)


def test_generate_companies_some_japanese_descriptions() -> None:
    records = list(generate_companies(2_000, seed=5))
    japanese = sum(1 for r in records if r.description_ja)

    assert 120 <= japanese <= 280
    assert all(r.description_en or r.description_ja for r in records)


def test_generate_companies_sectors_resolve_to_vocabulary() -> None:
    records = list(generate_companies(500, seed=9))
    labels = {label for r in records for label in r.sectors + r.technologies}

    assert {resolve_term(label).facet for label in labels} <= {Facet.SECTOR, Facet.TECHNOLOGY}
    assert sum(1 for r in records if r.country == "IL") > 350


def test_every_phrase_bank_sector_and_technology_is_a_taxonomy_term() -> None:
    unknown = [
        label
        for sector in SECTORS
        for label, facet in [
            (sector.label, Facet.SECTOR),
            *((t, Facet.TECHNOLOGY) for t in sector.technologies),
        ]
        if resolve_term(label).facet != facet
    ]

    assert unknown == []
