"""The company directory: browse the catalogue with filters and facet counts, read one profile, and let a
startup edit its own profile in both languages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import selectinload

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    OrganizationTerm,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OperatingStatus, OrganizationKind, Stage, website_domain
from kakehashi.services.unit_of_work import UnitOfWork


def N_(message: str) -> str:
    """Mark a user-facing message for translation catalogs; the web layer translates it on output."""
    return message


MAX_PAGE_SIZE = 200
SORTS = ("name", "-funding", "-founded", "-updated")
FACETS = ("kind", "country", "sector", "technology", "stage", "status")

# Limits on what a profile form may carry: generous for real profiles, small enough to refuse junk.
NAME_MAX = 300
DESCRIPTION_MAX = 10_000
CITY_MAX = 120
WEBSITE_MAX = 500


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


# --- browsing -------------------------------------------------------------------------------------------


def _enum_or_error(value: str | None, allowed: set[str], message: str) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip().lower()
    if value not in allowed:
        raise InvalidInput(message)
    return value


def normalize_filters(filters: CompanyFilters) -> CompanyFilters:
    """Validate and canonicalize filters (country upper-case, enums known, ranges ordered)."""
    kind = _enum_or_error(filters.kind, {k.value for k in OrganizationKind}, N_("Unknown company kind."))
    stage = _enum_or_error(filters.stage, {s.value for s in Stage}, N_("Unknown stage."))
    status = _enum_or_error(filters.status, {s.value for s in OperatingStatus}, N_("Unknown status."))
    country = (filters.country or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidInput(N_("Country must be a two-letter code such as IL or JP."))
    if (
        filters.founded_from is not None
        and filters.founded_to is not None
        and filters.founded_from > filters.founded_to
    ):
        raise InvalidInput(N_("The founding year range is reversed."))
    for year in (filters.founded_from, filters.founded_to):
        if year is not None and not 1800 <= year <= 2200:
            raise InvalidInput(N_("Founding years must be between 1800 and 2200."))
    for amount in (filters.funding_min_usd, filters.funding_max_usd):
        if amount is not None and amount < 0:
            raise InvalidInput(N_("Funding amounts cannot be negative."))
    if (
        filters.funding_min_usd is not None
        and filters.funding_max_usd is not None
        and filters.funding_min_usd > filters.funding_max_usd
    ):
        raise InvalidInput(N_("The funding range is reversed."))
    if filters.sort not in SORTS:
        raise InvalidInput(N_("Unknown sort order."))
    text = unicodedata.normalize("NFKC", filters.text).strip() if filters.text else None
    return CompanyFilters(
        kind=kind,
        country=country,
        sector=(filters.sector or "").strip() or None,
        technology=(filters.technology or "").strip() or None,
        stage=stage,
        status=status,
        founded_from=filters.founded_from,
        founded_to=filters.founded_to,
        funding_min_usd=filters.funding_min_usd,
        funding_max_usd=filters.funding_max_usd,
        text=text[:200] if text else None,
        sort=filters.sort,
    )


def _as_filters(filters: CompanyFilters | Mapping[str, Any] | None) -> CompanyFilters:
    if filters is None:
        return CompanyFilters()
    if isinstance(filters, CompanyFilters):
        return filters
    unknown = sorted(set(filters) - set(CompanyFilters.__dataclass_fields__))
    if unknown:
        raise InvalidInput(N_("Unknown filter."))
    return CompanyFilters(**{key: value for key, value in filters.items() if value is not None})


def _has_term(facet: str, slug: str) -> ColumnElement[bool]:
    tagged = (
        select(OrganizationTerm.organization_id)
        .join(TaxonomyTerm, TaxonomyTerm.id == OrganizationTerm.term_id)
        .where(TaxonomyTerm.facet == facet, TaxonomyTerm.slug == slug)
    )
    return Organization.id.in_(tagged)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.casefold()}%"


def _conditions(filters: CompanyFilters, *, skip: str | None = None) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters; `skip` leaves one facet out so its counts show the alternatives."""
    conditions: list[ColumnElement[bool]] = [Organization.kind != OrganizationKind.ORGANIZER.value]
    if filters.kind and skip != "kind":
        conditions.append(Organization.kind == filters.kind)
    if filters.country and skip != "country":
        conditions.append(Organization.country == filters.country)
    if filters.sector and skip != "sector":
        conditions.append(_has_term("sector", filters.sector))
    if filters.technology and skip != "technology":
        conditions.append(_has_term("technology", filters.technology))
    if filters.stage and skip != "stage":
        conditions.append(Organization.stage == filters.stage)
    if filters.status and skip != "status":
        conditions.append(Organization.status == filters.status)
    if filters.founded_from is not None:
        conditions.append(Organization.founded_on >= date(filters.founded_from, 1, 1))
    if filters.founded_to is not None:
        conditions.append(Organization.founded_on <= date(filters.founded_to, 12, 31))
    if filters.funding_min_usd is not None:
        conditions.append(Organization.total_funding_usd >= filters.funding_min_usd)
    if filters.funding_max_usd is not None:
        conditions.append(Organization.total_funding_usd <= filters.funding_max_usd)
    if filters.text:
        pattern = _like_pattern(filters.text)
        conditions.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Organization.name, Organization.name_ja, Organization.name_en)
                ),
                func.lower(Organization.name_kana).like(pattern, escape="\\"),
            )
        )
    return conditions


def _ordered(statement: Select[Any], sort: str) -> Select[Any]:
    if sort == "-funding":
        return statement.order_by(
            Organization.total_funding_usd.is_(None), Organization.total_funding_usd.desc(), Organization.id
        )
    if sort == "-founded":
        return statement.order_by(
            Organization.founded_on.is_(None), Organization.founded_on.desc(), Organization.id
        )
    if sort == "-updated":
        return statement.order_by(Organization.updated_at.desc(), Organization.id)
    return statement.order_by(func.lower(Organization.name), Organization.id)


def _column_facet(uow: UnitOfWork, column: Any, filters: CompanyFilters, facet: str) -> list[FacetCount]:
    statement = (
        select(column, func.count(Organization.id))
        .where(*_conditions(filters, skip=facet), column.is_not(None))
        .group_by(column)
        .order_by(func.count(Organization.id).desc(), column)
    )
    return [FacetCount(value=str(value), count=int(count)) for value, count in uow.session.execute(statement)]


def _term_facet(uow: UnitOfWork, filters: CompanyFilters, facet: str, *, limit: int = 40) -> list[FacetCount]:
    count = func.count(OrganizationTerm.organization_id)
    statement = (
        select(TaxonomyTerm.slug, TaxonomyTerm.label_en, TaxonomyTerm.label_ja, count)
        .join(OrganizationTerm, OrganizationTerm.term_id == TaxonomyTerm.id)
        .join(Organization, Organization.id == OrganizationTerm.organization_id)
        .where(TaxonomyTerm.facet == facet, *_conditions(filters, skip=facet))
        .group_by(TaxonomyTerm.id, TaxonomyTerm.slug, TaxonomyTerm.label_en, TaxonomyTerm.label_ja)
        .order_by(count.desc(), TaxonomyTerm.slug)
        .limit(limit)
    )
    return [
        FacetCount(value=slug, count=int(n), label_en=label_en, label_ja=label_ja)
        for slug, label_en, label_ja, n in uow.session.execute(statement)
    ]


def _term_label(term: TaxonomyTerm) -> TermLabel:
    return TermLabel(facet=term.facet, slug=term.slug, label_en=term.label_en, label_ja=term.label_ja)


def _summary(org: Organization) -> CompanySummary:
    return CompanySummary(
        id=org.id,
        kind=org.kind,
        name=org.name,
        name_ja=org.name_ja,
        name_en=org.name_en,
        country=org.country,
        city=org.city,
        stage=org.stage,
        status=org.status,
        founded_year=org.founded_on.year if org.founded_on else None,
        total_funding_usd=org.total_funding_usd,
        description_en=org.description_en,
        description_ja=org.description_ja,
        sectors=[_term_label(t) for t in org.terms if t.facet == "sector"],
    )


def list_companies(
    uow: UnitOfWork,
    *,
    filters: CompanyFilters | Mapping[str, Any] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> CompanyPage:
    """One page of the directory in the requested order, its total, and facet counts for refining.

    `filters` is a CompanyFilters or a plain mapping with the same field names (unknown names refused).
    """
    filters = _as_filters(filters)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(N_("Page size must be between 1 and 200."))
    if offset < 0:
        raise InvalidInput(N_("Offset cannot be negative."))
    filters = normalize_filters(filters)
    conditions = _conditions(filters)
    total = int(uow.session.scalar(select(func.count(Organization.id)).where(*conditions)) or 0)
    statement = _ordered(select(Organization).where(*conditions), filters.sort).limit(limit).offset(offset)
    items = [_summary(org) for org in uow.session.scalars(statement)]
    facets = {
        "kind": _column_facet(uow, Organization.kind, filters, "kind"),
        "country": _column_facet(uow, Organization.country, filters, "country"),
        "stage": _column_facet(uow, Organization.stage, filters, "stage"),
        "status": _column_facet(uow, Organization.status, filters, "status"),
        "sector": _term_facet(uow, filters, "sector"),
        "technology": _term_facet(uow, filters, "technology"),
    }
    return CompanyPage(items=items, total=total, facets=facets, limit=limit, offset=offset)


def get_summaries(uow: UnitOfWork, *, organization_ids: list[int]) -> dict[int, CompanySummary]:
    """Summaries for a set of ids (e.g. search hits), keyed by id; unknown ids are simply absent."""
    if not organization_ids:
        return {}
    orgs = uow.session.scalars(select(Organization).where(Organization.id.in_(organization_ids)))
    return {org.id: _summary(org) for org in orgs}


def list_terms(uow: UnitOfWork, *, facet: str) -> list[TermLabel]:
    """Every taxonomy term of a facet (sector, technology...), for pick lists in forms."""
    terms = uow.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.facet == facet).order_by(TaxonomyTerm.slug)
    )
    return [_term_label(t) for t in terms]


def term_labels(uow: UnitOfWork, *, facet: str, slugs: list[str]) -> dict[str, TermLabel]:
    """Japanese and English labels of taxonomy slugs (e.g. for facet counts coming from the search index)."""
    if not slugs:
        return {}
    terms = uow.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.facet == facet, TaxonomyTerm.slug.in_(slugs))
    )
    return {t.slug: _term_label(t) for t in terms}


# --- one profile ----------------------------------------------------------------------------------------


def _ref(org: Organization) -> OrganizationRef:
    return OrganizationRef(id=org.id, name=org.name, name_ja=org.name_ja, kind=org.kind, country=org.country)


def _round_view(funding_round: FundingRound) -> RoundView:
    investors = sorted(
        funding_round.investors, key=lambda i: (not i.is_lead, i.investor.name.casefold(), i.investor_id)
    )
    return RoundView(
        id=funding_round.id,
        announced_on=funding_round.announced_on,
        round_type=funding_round.round_type,
        amount=funding_round.amount,
        currency=funding_round.currency,
        amount_usd=funding_round.amount_usd,
        investors=[RoundInvestorView(investor=_ref(i.investor), is_lead=i.is_lead) for i in investors],
    )


def _date_key(value: date | None) -> date:
    return value or date.min


def get_company(uow: UnitOfWork, *, organization_id: int) -> CompanyProfile:
    """Everything the profile page shows: identity, taxonomy labels, funding history, investments, deals."""
    org = uow.session.get(
        Organization,
        organization_id,
        options=[selectinload(Organization.rounds).selectinload(FundingRound.investors)],
    )
    if org is None or org.kind == OrganizationKind.ORGANIZER.value:
        raise NotFound(N_("No such company."))
    rounds = sorted((_round_view(r) for r in org.rounds), key=lambda r: (_date_key(r.announced_on), r.id))
    invested = uow.session.execute(
        select(RoundInvestor.is_lead, FundingRound)
        .join(FundingRound, FundingRound.id == RoundInvestor.round_id)
        .where(RoundInvestor.investor_id == org.id)
        .options(selectinload(FundingRound.organization))
    ).all()
    investments = sorted(
        (
            InvestmentView(round=_round_view(r), company=_ref(r.organization), is_lead=bool(is_lead))
            for is_lead, r in invested
        ),
        key=lambda v: (_date_key(v.round.announced_on), v.round.id),
        reverse=True,
    )
    deal_rows = uow.session.execute(
        select(DealParty.role, Deal)
        .join(Deal, Deal.id == DealParty.deal_id)
        .where(DealParty.organization_id == org.id)
    ).all()
    deals = sorted(
        (
            DealView(
                id=deal.id,
                kind=deal.kind,
                announced_on=deal.announced_on,
                amount_usd=deal.amount_usd,
                title=deal.title,
                description=deal.description,
                parties=[
                    DealPartyView(organization=_ref(p.organization), role=p.role)
                    for p in sorted(deal.parties, key=lambda p: (p.role, p.organization_id))
                ],
                role=role,
            )
            for role, deal in deal_rows
        ),
        key=lambda d: (_date_key(d.announced_on), d.id),
        reverse=True,
    )
    return CompanyProfile(
        id=org.id,
        kind=org.kind,
        name=org.name,
        name_ja=org.name_ja,
        name_kana=org.name_kana,
        name_en=org.name_en,
        country=org.country,
        city=org.city,
        website=org.website,
        founded_on=org.founded_on,
        founded_precision=org.founded_precision,
        employees_min=org.employees_min,
        employees_max=org.employees_max,
        status=org.status,
        stage=org.stage,
        total_funding_usd=org.total_funding_usd,
        description_en=org.description_en,
        description_ja=org.description_ja,
        is_demo=org.is_demo,
        terms=[_term_label(t) for t in org.terms],
        rounds=rounds,
        investments=investments,
        deals=deals,
    )


# --- a startup edits its own profile --------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None, *, limit: int, message: str, multiline: bool = False) -> str | None:
    """NFC-normalized text without control characters; empty becomes None; too long is refused."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    if len(text) > limit:
        raise InvalidInput(message)
    return text or None


def _clean_website(value: str | None) -> str | None:
    text = _clean(value, limit=WEBSITE_MAX, message=N_("The website address is too long."))
    if text is None:
        return None
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    if not re.fullmatch(r"https?://[^\s/?#<>\"']+\.[^\s/?#<>\"']+([/?#][^\s<>\"']*)?", text, re.IGNORECASE):
        raise InvalidInput(N_("The website must be a web address such as https://example.com."))
    return text


@dataclass(frozen=True, slots=True)
class ProfileUpdate:
    """The fields a startup may change about itself (None: leave as it is; empty string: clear)."""

    name_en: str | None = None
    name_ja: str | None = None
    description_en: str | None = None
    description_ja: str | None = None
    website: str | None = None
    city: str | None = None


def update_own_profile(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    update: ProfileUpdate | None = None,
    name_en: str | None = None,
    name_ja: str | None = None,
    description_en: str | None = None,
    description_ja: str | None = None,
    website: str | None = None,
    city: str | None = None,
) -> CompanyProfile:
    """A startup member edits its organization's names and descriptions in Japanese and English.

    Fields come as a ProfileUpdate or as keywords (None: unchanged; "": cleared). The caller refreshes
    derived data afterwards (context.catalog_changed([profile.id])).
    """
    if update is None:
        update = ProfileUpdate(
            name_en=name_en,
            name_ja=name_ja,
            description_en=description_en,
            description_ja=description_ja,
            website=website,
            city=city,
        )
    if viewer.organization_kind is not OrganizationKind.STARTUP or not viewer.can_write:
        raise PermissionDenied(N_("Only members of a startup can edit its profile."))
    org = uow.session.get(Organization, viewer.organization_id)
    if org is None:
        raise NotFound(N_("No such company."))
    changes: dict[str, str | None] = {}
    if update.name_en is not None:
        changes["name_en"] = _clean(
            update.name_en, limit=NAME_MAX, message=N_("The English name is too long.")
        )
    if update.name_ja is not None:
        changes["name_ja"] = _clean(
            update.name_ja, limit=NAME_MAX, message=N_("The Japanese name is too long.")
        )
    if update.description_en is not None:
        changes["description_en"] = _clean(
            update.description_en,
            limit=DESCRIPTION_MAX,
            message=N_("The English description is too long (10,000 characters at most)."),
            multiline=True,
        )
    if update.description_ja is not None:
        changes["description_ja"] = _clean(
            update.description_ja,
            limit=DESCRIPTION_MAX,
            message=N_("The Japanese description is too long (10,000 characters at most)."),
            multiline=True,
        )
    if update.website is not None:
        changes["website"] = _clean_website(update.website)
    if update.city is not None:
        changes["city"] = _clean(update.city, limit=CITY_MAX, message=N_("The city name is too long."))
    for attribute, value in changes.items():
        setattr(org, attribute, value)
    if "website" in changes:
        org.domain = website_domain(changes["website"])
    uow.commit()
    return get_company(uow, organization_id=org.id)
