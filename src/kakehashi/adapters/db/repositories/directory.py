"""SQLAlchemy implementation of services.repositories.directory.DirectoryQueries: every directory query's SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    OrganizationTerm,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.adapters.search.documents import IndexDocument, document_from_organization
from kakehashi.domain.directory import (
    CompanyFilters,
    CompanyProfile,
    CompanySummary,
    DealPartyView,
    DealView,
    FacetCount,
    InvestmentView,
    OrganizationRef,
    RoundInvestorView,
    RoundView,
    TermLabel,
)
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.repositories.directory import DocumentKey

# The profile columns a startup may change about itself (services.directory.update_own_profile).
_EDITABLE = frozenset({"name_en", "name_ja", "description_en", "description_ja", "website", "domain", "city"})


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


def _column_facet(session: Session, column: Any, filters: CompanyFilters, facet: str) -> list[FacetCount]:
    statement = (
        select(column, func.count(Organization.id))
        .where(*_conditions(filters, skip=facet), column.is_not(None))
        .group_by(column)
        .order_by(func.count(Organization.id).desc(), column)
    )
    return [FacetCount(value=str(value), count=int(count)) for value, count in session.execute(statement)]


def _term_facet(session: Session, filters: CompanyFilters, facet: str, *, limit: int) -> list[FacetCount]:
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
        for slug, label_en, label_ja, n in session.execute(statement)
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


def _profile(session: Session, organization_id: int) -> CompanyProfile | None:
    org = session.get(
        Organization,
        organization_id,
        options=[selectinload(Organization.rounds).selectinload(FundingRound.investors)],
    )
    if org is None:
        return None
    rounds = sorted((_round_view(r) for r in org.rounds), key=lambda r: (_date_key(r.announced_on), r.id))
    invested = session.execute(
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
    deal_rows = session.execute(
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


class SqlAlchemyDirectoryQueries:
    """Read-side queries over the catalogue: filtered lists, facet counts, one profile."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def list_companies(
        self, filters: CompanyFilters, *, limit: int, offset: int
    ) -> tuple[list[CompanySummary], int]:
        conditions = _conditions(filters)
        total = int(self.session.scalar(select(func.count(Organization.id)).where(*conditions)) or 0)
        statement = (
            _ordered(select(Organization).where(*conditions), filters.sort).limit(limit).offset(offset)
        )
        return [_summary(org) for org in self.session.scalars(statement)], total

    def facet_counts(self, filters: CompanyFilters, *, term_limit: int = 40) -> dict[str, list[FacetCount]]:
        return {
            "kind": _column_facet(self.session, Organization.kind, filters, "kind"),
            "country": _column_facet(self.session, Organization.country, filters, "country"),
            "stage": _column_facet(self.session, Organization.stage, filters, "stage"),
            "status": _column_facet(self.session, Organization.status, filters, "status"),
            "sector": _term_facet(self.session, filters, "sector", limit=term_limit),
            "technology": _term_facet(self.session, filters, "technology", limit=term_limit),
        }

    def summaries(self, organization_ids: Sequence[int]) -> list[CompanySummary]:
        if not organization_ids:
            return []
        orgs = self.session.scalars(select(Organization).where(Organization.id.in_(list(organization_ids))))
        return [_summary(org) for org in orgs]

    def terms(self, facet: str) -> list[TermLabel]:
        terms = self.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.facet == facet).order_by(TaxonomyTerm.slug)
        )
        return [_term_label(t) for t in terms]

    def terms_by_slug(self, facet: str, slugs: Sequence[str]) -> list[TermLabel]:
        if not slugs:
            return []
        terms = self.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.facet == facet, TaxonomyTerm.slug.in_(list(slugs)))
        )
        return [_term_label(t) for t in terms]

    def company(self, organization_id: int) -> CompanyProfile | None:
        return _profile(self.session, organization_id)

    def update_company(self, organization_id: int, changes: Mapping[str, str | None]) -> bool:
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ValueError(f"not a profile column a startup may edit: {sorted(unknown)}")
        org = self.session.get(Organization, organization_id)
        if org is None:
            return False
        for attribute, value in changes.items():
            setattr(org, attribute, value)
        self.session.flush()
        return True

    def index_documents(self, organization_ids: Sequence[int]) -> list[IndexDocument]:
        if not organization_ids:
            return []
        rows = self.session.scalars(select(Organization).where(Organization.id.in_(list(organization_ids))))
        return [document_from_organization(row) for row in rows.all()]

    def index_documents_after(self, last_id: int, *, limit: int) -> list[IndexDocument]:
        rows = self.session.scalars(
            select(Organization).where(Organization.id > last_id).order_by(Organization.id).limit(limit)
        ).all()
        documents = [document_from_organization(row) for row in rows]
        self.session.expunge_all()  # keep memory flat on large catalogues
        return documents

    def organization_count(self) -> int:
        return int(self.session.scalar(select(func.count(Organization.id))) or 0)

    def organization_ids(self) -> set[int]:
        return set(self.session.scalars(select(Organization.id)).all())

    def document_keys(self) -> list[DocumentKey]:
        rows = self.session.execute(
            select(Organization.id, Organization.external_id, Organization.name, Organization.domain)
        ).all()
        return [DocumentKey(id=r.id, external_id=r.external_id, name=r.name, domain=r.domain) for r in rows]
