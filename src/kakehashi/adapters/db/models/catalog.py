"""The catalogue: organizations, taxonomy, funding rounds, deals, people, and where each fact came from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kakehashi.adapters.db.base import Base, TimestampMixin, utcnow


class Organization(TimestampMixin, Base):
    """A startup, corporation, investor, institution or organizer."""

    __tablename__ = "organizations"
    __table_args__ = (Index("ix_organizations_id_country", "id", "country"),)  # insights: investor countries

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300))  # legal / display name as given
    name_ja: Mapped[str | None] = mapped_column(String(300))
    name_kana: Mapped[str | None] = mapped_column(String(300))  # kana or romaji reading
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)  # normalize_name(name)
    external_id: Mapped[str | None] = mapped_column(
        String(300), index=True
    )  # id in the source (uuid, permalink)
    country: Mapped[str | None] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    city: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(500))
    domain: Mapped[str | None] = mapped_column(String(255), index=True)
    founded_on: Mapped[date | None] = mapped_column(Date)
    founded_precision: Mapped[str | None] = mapped_column(String(5))  # year | month | day
    employees_min: Mapped[int | None] = mapped_column(Integer)
    employees_max: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(20))
    total_funding_usd: Mapped[int | None] = mapped_column(BigInteger)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ja: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)  # fictional demo data, marked so
    address: Mapped[str | None] = mapped_column(Text)  # the head-office address as written
    prefecture: Mapped[str | None] = mapped_column(String(10))  # Japanese prefecture: '東京都'
    municipality: Mapped[str | None] = mapped_column(String(60))  # '千代田区', '大阪市中央区'
    corporate_number: Mapped[str | None] = mapped_column(
        String(13), index=True
    )  # 法人番号, check digit valid
    securities_code: Mapped[str | None] = mapped_column(String(8), index=True)  # 証券コード

    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary="organization_terms", lazy="selectin", order_by="TaxonomyTerm.id"
    )
    rounds: Mapped[list[FundingRound]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="FundingRound.announced_on"
    )
    people: Mapped[list[Person]] = relationship(back_populates="organization", cascade="all, delete-orphan")


class OrganizationSourceId(Base):
    """A row of an imported source ('japanese_list', 'JD-00001') and the organization it became."""

    __tablename__ = "organization_source_ids"
    __table_args__ = (UniqueConstraint("source", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    source_key: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )


class TaxonomyTerm(Base):
    """A sector, technology, industry or free tag, labelled in Japanese and English."""

    __tablename__ = "taxonomy_terms"
    __table_args__ = (UniqueConstraint("facet", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facet: Mapped[str] = mapped_column(String(20))  # sector | technology | industry | tag
    slug: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(200))
    label_ja: Mapped[str | None] = mapped_column(String(200))


class OrganizationTerm(Base):
    __tablename__ = "organization_terms"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True
    )


class FundingRound(Base):
    __tablename__ = "funding_rounds"
    __table_args__ = (
        Index("ix_funding_rounds_org_date", "organization_id", "announced_on"),
        Index("ix_funding_rounds_announced_on", "announced_on"),  # insights: rounds of a span of years
        # insights: a country's rounds of a span of years, read from the index alone (no table lookups)
        Index("ix_funding_rounds_insights", "organization_id", "announced_on", "amount_usd", "round_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    announced_on: Mapped[date | None] = mapped_column(Date)
    round_type: Mapped[str] = mapped_column(String(40))  # seed, series_a, ...
    amount: Mapped[int | None] = mapped_column(BigInteger)  # in `currency`, whole units
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_usd: Mapped[int | None] = mapped_column(BigInteger)
    # How amount_usd was obtained: 'given' (the file's USD column, or USD already) or 'ecb' (converted at
    # the ECB rate `usd_rate` of `rate_on`, the announcement day or the nearest earlier day with a rate).
    usd_source: Mapped[str | None] = mapped_column(String(10))
    usd_rate: Mapped[float | None] = mapped_column(Float)  # USD per unit of `currency`
    rate_on: Mapped[date | None] = mapped_column(Date)

    organization: Mapped[Organization] = relationship(back_populates="rounds")
    investors: Mapped[list[RoundInvestor]] = relationship(
        back_populates="round", cascade="all, delete-orphan", lazy="selectin"
    )


class RoundInvestor(Base):
    """An investor in a round; the investor is an organization of kind investor (its country is there)."""

    __tablename__ = "round_investors"
    # insights: a round's investors and leads from the index alone
    __table_args__ = (Index("ix_round_investors_insights", "round_id", "is_lead", "investor_id"),)

    round_id: Mapped[int] = mapped_column(
        ForeignKey("funding_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    investor_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[FundingRound] = relationship(back_populates="investors")
    investor: Mapped[Organization] = relationship(lazy="joined")


class Deal(Base):
    """Acquisition, investment, partnership, R&D centre or branch opening, MoU/agreement."""

    __tablename__ = "deals"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    announced_on: Mapped[date | None] = mapped_column(Date)
    amount_usd: Mapped[int | None] = mapped_column(BigInteger)
    amount: Mapped[int | None] = mapped_column(BigInteger)  # as announced, whole units of `currency`
    currency: Mapped[str | None] = mapped_column(String(3))
    usd_rate: Mapped[float | None] = mapped_column(Float)
    rate_on: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(2))  # where it happens (an R&D centre's country)
    title: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    parties: Mapped[list[DealParty]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", lazy="selectin"
    )


class DealParty(Base):
    __tablename__ = "deal_parties"

    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))  # acquirer | target | investor | partner | host

    deal: Mapped[Deal] = relationship(back_populates="parties")
    organization: Mapped[Organization] = relationship(lazy="joined")


class SeriesPoint(Base):
    """One value of a time series (exports Israel -> Japan, ...): a year '2018' or a month '2018-03'."""

    __tablename__ = "series_points"
    __table_args__ = (UniqueConstraint("indicator", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(7))  # 'YYYY' or 'YYYY-MM'
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)  # None for a yearly value
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(300))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))


class Person(Base):
    """A contact at an organization (deliberately minimal)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))

    organization: Mapped[Organization | None] = relationship(back_populates="people")


class ImportBatch(Base):
    """One run of one importer over one file."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # companies | rounds
    source_name: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]


class Provenance(Base):
    """Where a fact came from: entity, the fields that row set, batch and row number."""

    __tablename__ = "provenance"
    __table_args__ = (Index("ix_provenance_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(30))  # organization | funding_round | deal
    entity_id: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    fields: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
