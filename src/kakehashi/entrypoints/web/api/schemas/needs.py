"""Request and response schemas of the needs operations (/api/v1/needs, /api/v1/open-calls)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_serializer

from kakehashi.domain.search import NeedConstraints, NeedSummary, SearchHit
from kakehashi.entrypoints.web.api.schemas import FUNDING_MAX, YEAR_MAX, YEAR_MIN, Input, Page, _utc_iso
from kakehashi.entrypoints.web.api.schemas.directory import SearchHitPublic
from kakehashi.services.audit import AuditEntry
from kakehashi.services.search import present_hit

Slug = Annotated[str, Field(min_length=1, max_length=120)]
Country = Annotated[str, Field(min_length=2, max_length=2)]


class ConstraintsIn(Input):
    stages: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    countries: list[Country] = Field(default_factory=list, max_length=50)
    founded_from: int | None = Field(default=None, ge=YEAR_MIN, le=YEAR_MAX)
    founded_to: int | None = Field(default=None, ge=YEAR_MIN, le=YEAR_MAX)
    funding_min: int | None = Field(default=None, ge=0, le=FUNDING_MAX, description="US dollars")
    funding_max: int | None = Field(default=None, ge=0, le=FUNDING_MAX, description="US dollars")
    japan_presence: bool = False

    def to_domain(self) -> NeedConstraints:
        return NeedConstraints(
            stages=tuple(self.stages),
            countries=tuple(c.upper() for c in self.countries),
            founded_from=self.founded_from,
            founded_to=self.founded_to,
            funding_min=self.funding_min,
            funding_max=self.funding_max,
            japan_presence=self.japan_presence,
        )


class NeedCreate(Input):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20_000)
    language: Literal["ja", "en"] | None = None  # detected from the text when absent
    visibility: Literal["private", "open"] = "private"
    sectors: list[Slug] = Field(default_factory=list, max_length=50)
    technologies: list[Slug] = Field(default_factory=list, max_length=50)
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn)


class NeedUpdate(Input):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    language: Literal["ja", "en"] | None = None
    visibility: Literal["private", "open"] | None = None
    sectors: list[Slug] | None = Field(default=None, max_length=50)
    technologies: list[Slug] | None = Field(default=None, max_length=50)
    constraints: ConstraintsIn | None = None


class FeedbackIn(Input):
    organization_id: int = Field(ge=1, le=2**31 - 1)
    relevant: bool


class NeedPublic(BaseModel):
    id: int
    title: str
    description: str
    language: str
    visibility: str
    organization_id: int | None
    sectors: list[str]
    technologies: list[str]
    constraints: dict[str, Any]  # stages, countries, founded_from/to, funding_min/max, japan_presence

    @classmethod
    def of(cls, need: NeedSummary) -> NeedPublic:
        return cls(
            id=need.id,
            title=need.title,
            description=need.description,
            language=need.language,
            visibility=need.visibility,
            organization_id=need.organization_id,
            sectors=list(need.sectors),
            technologies=list(need.technologies),
            constraints=dict(need.constraints),
        )


class NeedListPublic(Page[NeedPublic]):
    """One page of needs (`{items, total}`), newest first."""

    limit: int
    offset: int


class NeedMatchPublic(SearchHitPublic):
    """One startup matched to a need, with the reasons (the same shape as a search hit)."""

    @classmethod
    def of(cls, hit: SearchHit) -> NeedMatchPublic:
        return cls.model_validate(present_hit(hit), from_attributes=True)


class NeedMatchesPublic(Page[NeedMatchPublic]):
    """Startups ranked for one need (`{items, total}`; total counts every match, items the first page)."""

    need_id: int
    took_ms: float


class NeedFitPublic(BaseModel):
    """An open call (or, for organizers, any need) a startup fits, and why."""

    need: NeedPublic
    score: float
    why: list[str]


class OpenCallsPublic(Page[NeedFitPublic]):
    """The needs a startup fits best (`{items, total}`), best first."""


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    user_email: str | None
    organization_id: int | None
    action: str
    entity_type: str
    entity_id: int
    ip: str | None

    @field_serializer("at")
    def _at(self, at: datetime) -> str:
        return _utc_iso(at)

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryPublic:
        return cls(
            id=entry.id,
            at=entry.at,
            user_id=entry.user_id,
            user_email=entry.user_email,
            organization_id=entry.organization_id,
            action=entry.action,
            entity_type=entry.entity_type,
            entity_id=entry.entity_id,
            ip=entry.ip,
        )


class AuditTrailPublic(Page[AuditEntryPublic]):
    """Who viewed or changed one need (`{items, total}`), newest first."""
