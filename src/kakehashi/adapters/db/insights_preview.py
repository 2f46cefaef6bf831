"""A stand-in for `kakehashi.services.insights` (issue 15, helper insights-core) while the dashboards are
built on another branch: the same four functions with the same signatures, computed in Python over the ORM
rows. It is small and slow on purpose; when the real service is merged, `AppContext.insights` returns that
module instead and this file is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from kakehashi.adapters.db.models import (
    Deal,
    FundingRound,
    Organization,
    OrganizationTerm,
    TaxonomyTerm,
)
from kakehashi.domain.access import Viewer
from kakehashi.domain.insights import (
    NO_LEAD,
    UNKNOWN,
    Attribution,
    CapitalQuery,
    CapitalResult,
    CapitalRow,
    CohortRow,
    DealQuery,
    DealRow,
    Dimension,
    SeriesPoint,
)
from kakehashi.services.unit_of_work import UnitOfWork

_ACTOR_ROLES = frozenset({"acquirer", "investor", "host", "partner"})


def _session(uow: UnitOfWork) -> Any:
    return uow.session  # type: ignore[attr-defined]


def _sectors(session: Any, organization_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = sorted(set(organization_ids))
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    rows = session.execute(
        select(OrganizationTerm.organization_id, TaxonomyTerm.slug)
        .join(TaxonomyTerm, TaxonomyTerm.id == OrganizationTerm.term_id)
        .where(TaxonomyTerm.facet == "sector", OrganizationTerm.organization_id.in_(ids))
    ).all()
    for organization_id, slug in rows:
        found[organization_id].append(slug)
    return found


def capital(uow: UnitOfWork, viewer: Viewer, query: CapitalQuery) -> CapitalResult:
    del viewer  # every signed-in user sees the catalogue's rounds in this stand-in
    with uow:
        session = _session(uow)
        statement = select(FundingRound, Organization).join(
            Organization, Organization.id == FundingRound.organization_id
        )
        if query.company_country:
            statement = statement.where(Organization.country == query.company_country)
        rounds = [
            (funding_round, company)
            for funding_round, company in session.execute(statement).unique().all()
            if funding_round.announced_on is not None
            and (query.year_from is None or funding_round.announced_on.year >= query.year_from)
            and (query.year_to is None or funding_round.announced_on.year <= query.year_to)
            and (not query.funding_types or funding_round.round_type in query.funding_types)
        ]
        sectors = _sectors(session, (company.id for _r, company in rounds))
        capital_by: dict[tuple[Any, ...], float] = defaultdict(float)
        rounds_by: dict[tuple[Any, ...], set[int]] = defaultdict(set)
        counted: set[int] = set()
        total = 0.0
        without_usd = 0
        for funding_round, company in rounds:
            company_sectors = sectors.get(company.id, [])
            if query.sectors and not set(company_sectors) & set(query.sectors):
                continue
            amount = float(funding_round.amount_usd or 0)
            counted.add(funding_round.id)
            total += amount
            if funding_round.amount_usd is None:
                without_usd += 1
            investors = {link.investor_id: link for link in funding_round.investors}
            credits: list[tuple[str, str | None, float]] = []  # (country, investor name, amount)
            if not investors:
                credits.append((UNKNOWN, None, amount))
            elif query.attribution is Attribution.PARTICIPATION:
                seen: set[str] = set()
                for link in investors.values():
                    country = link.investor.country or UNKNOWN
                    by_name = Dimension.INVESTOR in query.group_by
                    if by_name or country not in seen:
                        credits.append((country, link.investor.name, amount))
                    seen.add(country)
            else:
                chosen = [
                    link
                    for link in investors.values()
                    if query.attribution is Attribution.EQUAL_SPLIT or link.is_lead
                ]
                if not chosen:
                    credits.append((NO_LEAD, None, amount))
                for link in chosen:
                    credits.append(
                        (link.investor.country or UNKNOWN, link.investor.name, amount / len(chosen))
                    )
            for country, name, credited in credits:
                if query.investor_countries and country not in query.investor_countries:
                    continue
                for sector in company_sectors if Dimension.SECTOR in query.group_by else [None]:
                    if query.sectors and sector is not None and sector not in query.sectors:
                        continue
                    values = {
                        Dimension.INVESTOR_COUNTRY: country,
                        Dimension.YEAR: funding_round.announced_on.year,
                        Dimension.SECTOR: sector,
                        Dimension.INVESTOR: name,
                        Dimension.FUNDING_TYPE: funding_round.round_type,
                    }
                    key = tuple(values[dimension] for dimension in query.group_by)
                    if (
                        query.attribution is Attribution.PARTICIPATION
                        and Dimension.INVESTOR_COUNTRY not in query.group_by
                        and funding_round.id in rounds_by[key]
                    ):
                        continue  # a round counts once in a group that is not a country
                    capital_by[key] += credited
                    rounds_by[key].add(funding_round.id)
        rows = tuple(
            CapitalRow(
                key=dict(zip(query.group_by, key, strict=True)),
                capital_usd=capital_by[key],
                rounds=len(rounds_by[key]),
            )
            for key in sorted(capital_by, key=lambda k: tuple(str(v) for v in k))
        )
        return CapitalResult(
            query=query,
            rows=rows,
            total_capital_usd=total,
            rounds=len(counted),
            rounds_without_usd=without_usd,
            rows_add_up=not (
                query.attribution is Attribution.PARTICIPATION
                and Dimension.INVESTOR_COUNTRY in query.group_by
            ),
        )


def deals(uow: UnitOfWork, viewer: Viewer, query: DealQuery) -> list[DealRow]:
    del viewer
    with uow:
        session = _session(uow)
        counts: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0, 0.0])
        for deal in session.execute(select(Deal)).scalars().all():
            if deal.announced_on is None:
                continue
            year = deal.announced_on.year
            if (query.year_from and year < query.year_from) or (query.year_to and year > query.year_to):
                continue
            if query.kinds and deal.kind not in query.kinds:
                continue
            actors = {p.organization.country for p in deal.parties if p.role in _ACTOR_ROLES}
            targets = {p.organization.country for p in deal.parties if p.role == "target"}
            if query.acquirer_country and query.acquirer_country not in actors:
                continue
            if query.target_country and targets and query.target_country not in targets:
                continue
            count = counts[(year, deal.kind)]
            count[0] += 1
            count[1] += float(deal.amount_usd or 0)
        return [
            DealRow(year=year, kind=kind, deals=int(count[0]), amount_usd=count[1])
            for (year, kind), count in sorted(counts.items())
        ]


def cohorts(
    uow: UnitOfWork, viewer: Viewer, company_country: str | None, year_from: int | None, year_to: int | None
) -> list[CohortRow]:
    del viewer
    with uow:
        session = _session(uow)
        statement = select(Organization.founded_on, Organization.status).where(
            Organization.kind == "startup", Organization.founded_on.is_not(None)
        )
        if company_country:
            statement = statement.where(Organization.country == company_country)
        by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for founded_on, status in session.execute(statement).all():
            year = founded_on.year
            if (year_from and year < year_from) or (year_to and year > year_to):
                continue
            bucket = status if status in {"active", "acquired", "closed"} else "other"
            by_year[year][bucket] += 1
        return [
            CohortRow(
                founded_year=year,
                total=sum(counts.values()),
                active=counts["active"],
                acquired=counts["acquired"],
                closed=counts["closed"],
                other=counts["other"],
            )
            for year, counts in sorted(by_year.items())
        ]


def series(uow: UnitOfWork, viewer: Viewer, indicator: str | None) -> list[SeriesPoint]:
    """No series table on this branch: the real service reads the imported series."""
    del uow, viewer, indicator
    return []
