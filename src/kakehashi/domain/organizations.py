"""Organizations in the catalogue and the value types that describe them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class OrganizationKind(StrEnum):
    STARTUP = "startup"
    CORPORATION = "corporation"
    INVESTOR = "investor"
    INSTITUTION = "institution"
    ORGANIZER = "organizer"


class OperatingStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    ACQUIRED = "acquired"
    IPO = "ipo"


class Stage(StrEnum):
    PRE_SEED = "pre_seed"
    SEED = "seed"
    SERIES_A = "series_a"
    SERIES_B = "series_b"
    SERIES_C = "series_c"
    SERIES_D_PLUS = "series_d_plus"
    GROWTH = "growth"
    PUBLIC = "public"
    ACQUIRED = "acquired"
    OTHER = "other"


class RoundType:
    """Funding round types as stored (FundingRound.round_type); stage values plus the non-equity kinds."""

    ANGEL = "angel"
    GRANT = "grant"
    DEBT = "debt"
    CONVERTIBLE_NOTE = "convertible_note"
    CORPORATE = "corporate"
    PRIVATE_EQUITY = "private_equity"
    POST_IPO = "post_ipo"
    SECONDARY = "secondary"
    CROWDFUNDING = "crowdfunding"
    ICO = "ico"
    UNKNOWN = "series_unknown"


def stage_for_round(round_type: str) -> Stage:
    """The company stage a round implies ('angel' -> seed, 'post_ipo' -> public, 'grant' -> other)."""
    if round_type in Stage.__members__.values():
        return Stage(round_type)
    return {
        RoundType.ANGEL: Stage.SEED,
        RoundType.PRIVATE_EQUITY: Stage.GROWTH,
        RoundType.POST_IPO: Stage.PUBLIC,
    }.get(round_type, Stage.OTHER)


class DateConfidence(StrEnum):
    """How much of a date the source gave: 2017 vs 7/2017 vs 2017-07-01."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    value: date
    precision: DateConfidence

    def __str__(self) -> str:
        if self.precision is DateConfidence.YEAR:
            return f"{self.value.year:04d}"
        if self.precision is DateConfidence.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True, slots=True)
class EmployeeRange:
    minimum: int | None
    maximum: int | None

    def __str__(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return str(self.minimum) if self.minimum == self.maximum else f"{self.minimum}-{self.maximum}"
        if self.minimum is not None:
            return f"{self.minimum}+"
        return "" if self.maximum is None else f"0-{self.maximum}"


@dataclass(slots=True)
class CompanyRecord:
    """One company as read from a file or a form, before it meets the database."""

    name: str
    kind: OrganizationKind = OrganizationKind.STARTUP
    name_ja: str | None = None
    name_kana: str | None = None
    name_en: str | None = None
    country: str | None = None
    city: str | None = None
    website: str | None = None
    founded: PartialDate | None = None
    employees: EmployeeRange | None = None
    status: OperatingStatus | None = None
    stage: Stage | None = None
    total_funding_usd: int | None = None
    description_en: str | None = None
    description_ja: str | None = None
    sectors: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    external_id: str | None = None  # the source's own id (Crunchbase uuid or permalink)
    is_demo: bool = False  # fictional demo data, marked so
    address: str | None = None  # the full address as written ('中央区日本橋本町１丁目５番４号 ABCビル')
    prefecture: str | None = (
        None  # Japanese prefecture with its suffix ('東京都'), when the address names one
    )
    municipality: str | None = None  # city/ward/town/village as written ('大阪市中央区', '北佐久郡軽井沢町')
    corporate_number: str | None = None  # 法人番号: 13 digits, check digit valid
    securities_code: str | None = None  # 証券コード: 4 characters ('7203', '130A')
    source_key: str | None = None  # the row's own id in its source ('JD-00001'); see source_ids
    source_ids: list[str] = field(default_factory=list)  # every 'source:id' merged into this organization

    @property
    def domain(self) -> str | None:
        return website_domain(self.website)


_LEGAL_SUFFIXES = re.compile(
    r"(株式会社|有限会社|合同会社|\(株\)|（株）|\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|gmbh|plc|"
    r"technologies|technology|kk|k\.k)\b\.?)",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(name: str) -> str:
    """Key for recognising the same company under small spelling differences."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LEGAL_SUFFIXES.sub(" ", text)
    return _NON_WORD.sub("", text)


def website_domain(website: str | None) -> str | None:
    """Registrable host of a website ('https://www.Foo.io/x' -> 'foo.io')."""
    if not website:
        return None
    text = website.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host = re.split(r"[/?#:]", text, maxsplit=1)[0]
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else None


@dataclass(frozen=True, slots=True)
class InvestorRef:
    """An investor named in a funding round, with its country when the source gives it."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-2
    is_lead: bool = False


@dataclass(slots=True)
class RoundRecord:
    """One funding round as read from a file: the company it belongs to, when, what kind, how much, who."""

    company_name: str
    round_type: str  # Stage value or a RoundType ("grant", "debt", ...)
    company_website: str | None = None
    announced: PartialDate | None = None
    amount: int | None = None  # whole units of `currency`
    currency: str | None = None
    amount_usd: int | None = None
    investors: list[InvestorRef] = field(default_factory=list)
    usd_source: str | None = None  # 'given' (a USD amount in the file, or USD already) | 'ecb' (converted)
    usd_rate: Decimal | None = None  # USD per unit of `currency`, the ECB reference rate used
    rate_on: date | None = None  # the day of that rate: the announcement day or the nearest earlier one
