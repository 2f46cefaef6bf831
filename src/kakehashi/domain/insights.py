"""Ecosystem insights: the questions an analyst asks of rounds, deals and trade series, and the answers'
shapes. The counting rules are words here; the arithmetic runs in the database (adapters) so a catalogue
of a million rounds is aggregated where it lives.

Counting rules (`Attribution`), for a round with a USD amount A:
- participation: A counts once for each distinct investor country among the round's investors, so the
  rows of a breakdown by country do not add up to the total;
- equal_split: A / n for each of the round's n distinct investors, credited to that investor's country;
- lead: A / m for each of its m lead investors; a round without leads goes to `no_lead`.
A round without investors is credited to `unknown` under every rule, as is an investor whose country is
not known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

UNKNOWN = "unknown"  # no investors, or an investor whose country is not known
NO_LEAD = "no_lead"  # lead attribution, a round without leads


class Attribution(StrEnum):
    PARTICIPATION = "participation"
    EQUAL_SPLIT = "equal_split"
    LEAD = "lead"


class Dimension(StrEnum):
    """What a breakdown groups by: one column per dimension in the rows."""

    INVESTOR_COUNTRY = "investor_country"
    YEAR = "year"
    SECTOR = "sector"  # taxonomy slug of the company's sector; a company in two sectors counts in both
    INVESTOR = "investor"  # the investor's display name (top investors of a country)
    FUNDING_TYPE = "funding_type"


@dataclass(frozen=True)
class CapitalQuery:
    company_country: str | None = "IL"  # ISO 3166-1 alpha-2 of the funded company; None = any
    year_from: int | None = None
    year_to: int | None = None
    group_by: tuple[Dimension, ...] = (Dimension.INVESTOR_COUNTRY, Dimension.YEAR)
    attribution: Attribution = Attribution.PARTICIPATION
    sectors: tuple[str, ...] = ()  # taxonomy slugs; empty = all
    funding_types: tuple[str, ...] = ()  # round types (seed, series_a, ...); empty = all
    investor_countries: tuple[str, ...] = ()  # keep only credits to these countries; empty = all


@dataclass(frozen=True)
class CapitalRow:
    """One group: `key` maps each dimension of the query's group_by to its value (a country code,
    `unknown` or `no_lead`; a year as int; a sector slug; an investor name; a funding type)."""

    key: dict[str, str | int | None]
    capital_usd: float
    rounds: int  # distinct rounds credited to this group


@dataclass(frozen=True)
class CapitalResult:
    query: CapitalQuery
    rows: tuple[CapitalRow, ...]
    total_capital_usd: float  # each round once
    rounds: int  # each round once
    rounds_without_usd: int = (
        0  # counted rounds that add no capital (no amount, or no rate at or before the date)
    )
    rows_add_up: bool = field(default=True)  # False under participation when a dimension is investor_country


class DealKind(StrEnum):
    ACQUISITION = "acquisition"
    INVESTMENT = "investment"
    PARTNERSHIP = "partnership"
    RD_CENTER = "rd_center"
    BRANCH = "branch"
    AGREEMENT = "agreement"


@dataclass(frozen=True)
class DealQuery:
    acquirer_country: str | None = "JP"  # the country of the party that acts (acquirer, investor, host...)
    target_country: str | None = "IL"  # the country of the target / the place of the R&D centre
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[DealKind, ...] = ()  # empty = all


@dataclass(frozen=True)
class DealRow:
    year: int
    kind: str
    deals: int
    amount_usd: float  # deals without an amount add nothing here and are still counted in `deals`


@dataclass(frozen=True)
class CohortRow:
    """Of the startups founded in `founded_year` (company country filter applies), how many are now
    in each status."""

    founded_year: int
    total: int
    active: int
    acquired: int
    closed: int
    other: int  # status unknown or something else (ipo, ...)


@dataclass(frozen=True)
class SeriesPoint:
    period: str  # '2018' or '2018-03'
    indicator: str
    value: float
    unit: str
    source: str | None
    change_yoy: float | None  # relative change against the same period a year earlier; None when absent
