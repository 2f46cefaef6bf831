"""Insights aggregations in SQL (SQLite and PostgreSQL alike): rounds, credits and groups are subqueries,
so a million rounds are summed where they live and only the groups come back.

Capital, in three steps:
1. `rounds`: the rounds that count (company country, years, funding types, sectors), one row each;
2. `credits` (rounds LEFT JOIN investor links): one row per (round, credited investor) under the rule, with
   the round's full amount and the investor's share (amount / number of investors, or of leads); a round
   without investors is one credit to `unknown`, a round without leads (lead rule) one to `no_lead`;
3. participation: one row per (round, group) with the full amount, then per group the sum and the count
   of rounds; splits: per group the sum of the shares and the count of distinct rounds. Totals count each
   round of step 1 once (a filter on investor countries applies to the rows, not to the totals: a
   country's share is its rows over the total).
When no dimension names the investor and no investor country filter applies, every rule credits each round
once, in full: step 2 is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Table,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    OrganizationTerm,
    RoundInvestor,
    SeriesPoint,
    TaxonomyTerm,
)
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
)
from kakehashi.domain.insights import SeriesPoint as SeriesValue
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.repositories.insights import NewSeriesPoint, StoredDeal

ACTING_ROLES = ("acquirer", "investor", "host", "partner")  # the party that acts (buys, invests, opens)
TARGET_ROLES = ("target", "partner")  # the party acted upon, or the other partner
_INVESTOR_DIMENSIONS = {Dimension.INVESTOR_COUNTRY, Dimension.INVESTOR}


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _year(column: Any) -> ColumnElement[int]:
    return cast(extract("year", column), Integer)


def _year_span(column: Any, year_from: int | None, year_to: int | None) -> list[ColumnElement[bool]]:
    """Conditions on a date column that an index on it serves (no function of the column)."""
    conditions: list[ColumnElement[bool]] = []
    if year_from is not None:
        conditions.append(column >= date(year_from, 1, 1))
    if year_to is not None:
        conditions.append(column < date(year_to + 1, 1, 1))
    if year_from is not None or year_to is not None:
        conditions.append(column.is_not(None))
    return conditions


class SqlAlchemyInsightsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # ------------------------------------------------------------------------------------------ capital

    def _rounds(self, query: CapitalQuery) -> Select[Any]:
        fr, company = _table(FundingRound), _table(Organization)
        conditions = _year_span(fr.c.announced_on, query.year_from, query.year_to)
        if query.company_country:
            conditions.append(company.c.country == query.company_country.upper())
        if query.funding_types:
            conditions.append(fr.c.round_type.in_(query.funding_types))
        if query.sectors:
            terms, links = _table(TaxonomyTerm), _table(OrganizationTerm)
            conditions.append(
                exists(
                    select(literal(1))
                    .select_from(links.join(terms, terms.c.id == links.c.term_id))
                    .where(
                        links.c.organization_id == fr.c.organization_id,
                        terms.c.facet == "sector",
                        terms.c.slug.in_(query.sectors),
                    )
                )
            )
        return (
            select(
                fr.c.id.label("round_id"),
                fr.c.organization_id.label("company_id"),
                cast(fr.c.amount_usd, Float).label("amount"),
                _year(fr.c.announced_on).label("year"),
                fr.c.round_type.label("funding_type"),
            )
            .select_from(fr.join(company, company.c.id == fr.c.organization_id))
            .where(*conditions)
        )

    def _credits(self, rounds: Any, attribution: Attribution, *, names: bool) -> Any:
        """One row per (round, credited investor), by a LEFT JOIN so the rounds are read once: the round's
        columns, `share` (only under a split rule: a window count per round), investor_country and, when
        `names`, the investor's name. A round without investors (or, under `lead`, without leads) is one row
        credited to `unknown` (or `no_lead`). Columns no query needs are left out: indexes alone are read."""
        ri, investor = _table(RoundInvestor), _table(Organization).alias("investor")
        on = ri.c.round_id == rounds.c.round_id
        missing: Any = literal(UNKNOWN)
        if attribution is Attribution.LEAD:
            on = and_(on, ri.c.is_lead.is_(True))
            anyone = _table(RoundInvestor).alias("anyone")
            has_investors = exists(select(literal(1)).where(anyone.c.round_id == rounds.c.round_id))
            missing = case((has_investors, NO_LEAD), else_=UNKNOWN)
        alone = ri.c.round_id.is_(None)
        share = rounds.c.amount
        if attribution is not Attribution.PARTICIPATION:
            share = rounds.c.amount / func.count().over(partition_by=rounds.c.round_id)
        country = case((alone, missing), else_=func.coalesce(investor.c.country, UNKNOWN))
        columns = [*_round_columns(rounds), share.label("share"), country.label("investor_country")]
        if names:
            columns.append(case((alone, missing), else_=investor.c.name).label("investor"))
        joined = rounds.outerjoin(ri, on).outerjoin(investor, investor.c.id == ri.c.investor_id)
        return select(*columns).select_from(joined).subquery("credits")

    def capital(self, query: CapitalQuery) -> CapitalResult:
        rounds = self._rounds(query).subquery("rounds")
        dims = query.group_by
        needs_credits = bool(set(dims) & _INVESTOR_DIMENSIONS) or bool(query.investor_countries)
        source: Any = rounds
        if needs_credits:
            source = self._credits(rounds, query.attribution, names=Dimension.INVESTOR in dims)
        columns: dict[Dimension, Any] = {}
        joined: Any = source
        for dim in dims:
            if dim is Dimension.SECTOR:
                terms, links = _table(TaxonomyTerm), _table(OrganizationTerm)
                sector_terms = (
                    select(links.c.organization_id, terms.c.slug)
                    .select_from(links.join(terms, terms.c.id == links.c.term_id))
                    .where(terms.c.facet == "sector")
                    .subquery("sector_terms")
                )
                joined = joined.outerjoin(sector_terms, sector_terms.c.organization_id == source.c.company_id)
                columns[dim] = func.coalesce(sector_terms.c.slug, UNKNOWN)
            elif dim is Dimension.YEAR:
                columns[dim] = source.c.year
            elif dim is Dimension.FUNDING_TYPE:
                columns[dim] = source.c.funding_type
            else:
                columns[dim] = source.c[dim.value]
        round_id = source.c.round_id
        filters = []
        if query.investor_countries:
            filters.append(source.c.investor_country.in_([c.upper() for c in query.investor_countries]))
        statement: Any
        if needs_credits and query.attribution is Attribution.PARTICIPATION:
            # the full amount once per (round, group): one row per round and group first, then the groups
            per_round = (
                select(round_id.label("round_id"), *(col.label(dim.value) for dim, col in columns.items()))
                .add_columns(func.max(source.c.amount).label("capital"))
                .select_from(joined)
                .where(*filters)
                .group_by(round_id, *columns.values())
                .subquery("per_round")
            )
            keys = [per_round.c[dim.value] for dim in dims]
            statement = select(*keys, func.coalesce(func.sum(per_round.c.capital), 0.0), func.count())
        else:
            # shares (or, without credits, each round once per group): summed directly
            keys = list(columns.values())
            value: Any = source.c.share if needs_credits else source.c.amount
            rounds_in_group = func.count(func.distinct(round_id)) if needs_credits else func.count()
            statement = (
                select(*keys, func.coalesce(func.sum(value), 0.0), rounds_in_group)
                .select_from(joined)
                .where(*filters)
            )
        statement = statement.group_by(*keys).order_by(*keys)
        rows = tuple(
            CapitalRow(
                key={
                    dim.value: _key_value(dim, value)
                    for dim, value in zip(dims, row[: len(dims)], strict=True)
                },
                capital_usd=float(row[len(dims)]),
                rounds=int(row[len(dims) + 1]),
            )
            for row in self.session.execute(statement)
        )
        totals = self.session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(rounds.c.amount), 0.0),
                func.count() - func.count(rounds.c.amount),
            )
        ).one()
        return CapitalResult(
            query=query,
            rows=rows,
            total_capital_usd=float(totals[1]),
            rounds=int(totals[0]),
            rounds_without_usd=int(totals[2]),
        )

    # -------------------------------------------------------------------------------------------- deals

    def deals(self, query: DealQuery) -> list[DealRow]:
        deal, parties, org = _table(Deal), _table(DealParty), _table(Organization)
        conditions = _year_span(deal.c.announced_on, query.year_from, query.year_to)
        conditions.append(deal.c.announced_on.is_not(None))
        if query.kinds:
            conditions.append(deal.c.kind.in_([str(kind) for kind in query.kinds]))

        def party(roles: tuple[str, ...], country: str) -> ColumnElement[bool]:
            return exists(
                select(literal(1))
                .select_from(parties.join(org, org.c.id == parties.c.organization_id))
                .where(parties.c.deal_id == deal.c.id, parties.c.role.in_(roles), org.c.country == country)
            )

        if query.acquirer_country:
            conditions.append(party(ACTING_ROLES, query.acquirer_country.upper()))
        if query.target_country:
            target = query.target_country.upper()
            conditions.append(or_(party(TARGET_ROLES, target), deal.c.country == target))
        year = _year(deal.c.announced_on)
        statement = (
            select(
                year, deal.c.kind, func.count(), func.coalesce(func.sum(cast(deal.c.amount_usd, Float)), 0.0)
            )
            .where(*conditions)
            .group_by(year, deal.c.kind)
            .order_by(year, deal.c.kind)
        )
        return [
            DealRow(year=int(y), kind=kind, deals=int(n), amount_usd=float(amount))
            for y, kind, n, amount in self.session.execute(statement)
        ]

    def deals_on(self, days: Sequence[date | None]) -> list[StoredDeal]:
        deal, parties = _table(Deal), _table(DealParty)
        wanted = sorted({day for day in days if day is not None})
        condition: ColumnElement[bool] = deal.c.announced_on.in_(wanted)
        if None in days:
            condition = or_(condition, deal.c.announced_on.is_(None))
        found: dict[int, tuple[str, date | None, set[tuple[int, str]]]] = {}
        statement = (
            select(deal.c.id, deal.c.kind, deal.c.announced_on, parties.c.organization_id, parties.c.role)
            .select_from(deal.outerjoin(parties, parties.c.deal_id == deal.c.id))
            .where(condition)
        )
        for deal_id, kind, day, org_id, role in self.session.execute(statement):
            entry = found.setdefault(deal_id, (kind, day, set()))
            if org_id is not None:
                entry[2].add((org_id, role))
        return [StoredDeal(i, kind, day, frozenset(p)) for i, (kind, day, p) in found.items()]

    # ------------------------------------------------------------------------------------------ cohorts

    def cohorts(
        self, company_country: str | None, year_from: int | None, year_to: int | None
    ) -> list[CohortRow]:
        org = _table(Organization)
        conditions = _year_span(org.c.founded_on, year_from, year_to)
        conditions += [org.c.kind == str(OrganizationKind.STARTUP), org.c.founded_on.is_not(None)]
        if company_country:
            conditions.append(org.c.country == company_country.upper())
        year = _year(org.c.founded_on)

        def status(value: str) -> Any:
            return func.sum(case((org.c.status == value, 1), else_=0))

        statement = (
            select(year, func.count(), status("active"), status("acquired"), status("closed"))
            .where(*conditions)
            .group_by(year)
            .order_by(year)
        )
        return [
            CohortRow(
                founded_year=int(y),
                total=int(total),
                active=int(active),
                acquired=int(acquired),
                closed=int(closed),
                other=int(total) - int(active) - int(acquired) - int(closed),
            )
            for y, total, active, acquired, closed in self.session.execute(statement)
        ]

    # ------------------------------------------------------------------------------------------- series

    def series(self, indicator: str | None) -> list[SeriesValue]:
        point = _table(SeriesPoint)
        earlier = aliased(point, name="earlier")
        change = case(
            (earlier.c.value == 0, None),
            else_=(point.c.value - earlier.c.value) / func.abs(earlier.c.value),
        )
        statement = (
            select(point.c.period, point.c.indicator, point.c.value, point.c.unit, point.c.source, change)
            .select_from(
                point.outerjoin(
                    earlier,
                    and_(
                        earlier.c.indicator == point.c.indicator,
                        earlier.c.year == point.c.year - 1,
                        earlier.c.month.is_not_distinct_from(point.c.month),
                    ),
                )
            )
            .order_by(point.c.indicator, point.c.year, point.c.month)
        )
        if indicator is not None:
            statement = statement.where(point.c.indicator == indicator)
        return [
            SeriesValue(
                period=period,
                indicator=name,
                value=float(value),
                unit=unit,
                source=source,
                change_yoy=float(yoy) if yoy is not None else None,
            )
            for period, name, value, unit, source, yoy in self.session.execute(statement)
        ]

    def indicators(self) -> list[str]:
        point = _table(SeriesPoint)
        return list(self.session.scalars(select(point.c.indicator).distinct().order_by(point.c.indicator)))

    def series_points(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, float, str, str | None]]:
        point = _table(SeriesPoint)
        indicators = sorted({indicator for indicator, _ in keys})
        statement = select(
            point.c.indicator, point.c.period, point.c.id, point.c.value, point.c.unit, point.c.source
        ).where(point.c.indicator.in_(indicators))
        return {(row[0], row[1]): (row[2], row[3], row[4], row[5]) for row in self.session.execute(statement)}

    def add_series_points(self, points: Sequence[NewSeriesPoint], batch_id: int) -> None:
        if points:
            self.session.execute(
                _table(SeriesPoint).insert(), [{**_series_values(p), "batch_id": batch_id} for p in points]
            )

    def update_series_points(self, changes: Sequence[tuple[int, NewSeriesPoint]]) -> None:
        if changes:
            self.session.execute(
                update(SeriesPoint), [{"id": point_id, **_series_values(p)} for point_id, p in changes]
            )


def _round_columns(rounds: Any) -> list[Any]:
    return [rounds.c.round_id, rounds.c.company_id, rounds.c.year, rounds.c.funding_type, rounds.c.amount]


def _series_values(point: NewSeriesPoint) -> dict[str, Any]:
    return {
        "indicator": point.indicator,
        "period": point.period,
        "year": point.year,
        "month": point.month,
        "value": point.value,
        "unit": point.unit,
        "source": point.source,
    }


def _key_value(dim: Dimension, value: Any) -> str | int | None:
    if value is None:
        return None
    if dim is Dimension.YEAR:
        return int(value)
    return str(value)
