"""Response schemas of the directory and search operations (/api/v1/companies, /api/v1/search)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from kakehashi.entrypoints.web.api.schemas import Input, Page


class TermLabelPublic(BaseModel):
    facet: str
    slug: str
    label_en: str
    label_ja: str | None


class FacetCountPublic(BaseModel):
    value: str
    count: int
    label_en: str | None = None
    label_ja: str | None = None


class CompanySummaryPublic(BaseModel):
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
    sectors: list[TermLabelPublic]


class CompanyPagePublic(Page[CompanySummaryPublic]):
    """One page of the directory (`{items, total}`) with facet counts for refining it."""

    facets: dict[str, list[FacetCountPublic]]
    limit: int
    offset: int


class OrganizationRefPublic(BaseModel):
    id: int
    name: str
    name_ja: str | None
    kind: str
    country: str | None


class RoundInvestorPublic(BaseModel):
    investor: OrganizationRefPublic
    is_lead: bool


class RoundPublic(BaseModel):
    id: int
    announced_on: date | None
    round_type: str
    amount: int | None
    currency: str | None
    amount_usd: int | None
    investors: list[RoundInvestorPublic]


class InvestmentPublic(BaseModel):
    round: RoundPublic
    company: OrganizationRefPublic
    is_lead: bool


class DealPartyPublic(BaseModel):
    organization: OrganizationRefPublic
    role: str


class DealPublic(BaseModel):
    id: int
    kind: str
    announced_on: date | None
    amount_usd: int | None
    title: str | None
    description: str | None
    parties: list[DealPartyPublic]
    role: str | None


class CompanyPublic(BaseModel):
    """One company: identity in both languages, taxonomy, funding rounds, investments and deals."""

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
    founded: str | None = Field(description="the founding date at the precision the source gave")
    employees_min: int | None
    employees_max: int | None
    status: str | None
    stage: str | None
    total_funding_usd: int | None
    description_en: str | None
    description_ja: str | None
    is_demo: bool
    terms: list[TermLabelPublic]
    rounds: list[RoundPublic]
    funding_rounds: list[RoundPublic] = Field(description="the same rounds as `rounds`")
    investments: list[InvestmentPublic]
    deals: list[DealPublic]


class ProfileUpdate(Input):
    """What a startup may change about itself, in both languages (absent: unchanged; "": cleared)."""

    name_en: str | None = Field(default=None, max_length=300)
    name_ja: str | None = Field(default=None, max_length=300)
    description_en: str | None = Field(default=None, max_length=10_000)
    description_ja: str | None = Field(default=None, max_length=10_000)
    website: str | None = Field(default=None, max_length=500)
    city: str | None = Field(default=None, max_length=120)


class SearchHitPublic(BaseModel):
    id: int
    name: str
    score: float
    why: list[str]
    kind: str | None
    country: str | None
    matched_terms: list[str] = Field(
        description='matched words, with the query word they translate: "sensor (センサー)"'
    )
    semantic_similarity: float | None
    matched_taxonomy: list[str]


class FacetValuePublic(BaseModel):
    value: str
    count: int


class SearchResultsPublic(BaseModel):
    """Ranked, explained hits (`items`; `results` repeats them for clients of the CLI's JSON) and facets."""

    query: str
    took_ms: float
    total: int
    language: str
    notice: str | None
    items: list[SearchHitPublic]
    results: list[SearchHitPublic]
    facets: dict[str, list[FacetValuePublic]]
