"""The company directory's values: filters, facet counts, summaries and profiles (read models of the catalogue).

Plain frozen dataclasses: the directory repository returns them, the pages, the API and the CLI show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class CompanyFilters:
    """What the directory is narrowed to; None means 'any'."""

    kind: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    sector: str | None = None  # taxonomy slug (facet sector)
    technology: str | None = None  # taxonomy slug (facet technology)
    stage: str | None = None
    status: str | None = None
    founded_from: int | None = None  # year, inclusive
    founded_to: int | None = None  # year, inclusive
    funding_min_usd: int | None = None
    funding_max_usd: int | None = None
    text: str | None = None  # substring of any name (not ranked search: that is services.search)
    sort: str = "name"


@dataclass(frozen=True, slots=True)
class TermLabel:
    facet: str
    slug: str
    label_en: str
    label_ja: str | None

    def label(self, locale: str) -> str:
        return (self.label_ja or self.label_en) if locale.startswith("ja") else self.label_en


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int
    label_en: str | None = None  # taxonomy facets carry labels; enum facets are labelled by the UI
    label_ja: str | None = None


@dataclass(frozen=True, slots=True)
class CompanySummary:
    id: int
    kind: str
    name: str
    name_ja: str | None
    name_en: str | None
    country: str | None
    city: str | None
    stage: str | None
    status: str | None
    founded_year: int | None
    total_funding_usd: int | None
    description_en: str | None
    description_ja: str | None
    sectors: list[TermLabel] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CompanyPage:
    items: list[CompanySummary]
    total: int
    facets: dict[str, list[FacetCount]]
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class OrganizationRef:
    id: int
    name: str
    name_ja: str | None
    kind: str
    country: str | None


@dataclass(frozen=True, slots=True)
class RoundInvestorView:
    investor: OrganizationRef
    is_lead: bool


@dataclass(frozen=True, slots=True)
class RoundView:
    id: int
    announced_on: date | None
    round_type: str
    amount: int | None
    currency: str | None
    amount_usd: int | None
    investors: list[RoundInvestorView]

    @property
    def investor_countries(self) -> list[str]:
        return sorted({i.investor.country for i in self.investors if i.investor.country})


@dataclass(frozen=True, slots=True)
class InvestmentView:
    """A round of another company that this organization invested in."""

    round: RoundView
    company: OrganizationRef
    is_lead: bool


@dataclass(frozen=True, slots=True)
class DealPartyView:
    organization: OrganizationRef
    role: str


@dataclass(frozen=True, slots=True)
class DealView:
    id: int
    kind: str
    announced_on: date | None
    amount_usd: int | None
    title: str | None
    description: str | None
    parties: list[DealPartyView]
    role: str | None  # this organization's role in the deal


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    id: int
    kind: str
    name: str
    name_ja: str | None
    name_kana: str | None
    name_en: str | None
    country: str | None
    city: str | None
    website: str | None
    founded_on: date | None
    founded_precision: str | None
    employees_min: int | None
    employees_max: int | None
    status: str | None
    stage: str | None
    total_funding_usd: int | None
    description_en: str | None
    description_ja: str | None
    is_demo: bool
    terms: list[TermLabel]
    rounds: list[RoundView]
    investments: list[InvestmentView]
    deals: list[DealView]

    @property
    def founded(self) -> str | None:
        """The founding date at the precision the source gave (2017, 2017-07 or 2017-07-01)."""
        if self.founded_on is None:
            return None
        if self.founded_precision == "year":
            return f"{self.founded_on.year:04d}"
        if self.founded_precision == "month":
            return f"{self.founded_on.year:04d}-{self.founded_on.month:02d}"
        return self.founded_on.isoformat()

    def terms_of(self, facet: str) -> list[TermLabel]:
        return [t for t in self.terms if t.facet == facet]


@dataclass(frozen=True, slots=True)
class ProfileUpdate:
    """The fields a startup may change about itself (None: leave as it is; empty string: clear)."""

    name_en: str | None = None
    name_ja: str | None = None
    description_en: str | None = None
    description_ja: str | None = None
    website: str | None = None
    city: str | None = None
