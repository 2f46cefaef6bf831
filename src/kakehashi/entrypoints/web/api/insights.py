"""Ecosystem insights (issue 15): capital by investor country, year, sector, investor or funding type under
a counting rule, with the same parameters as the /insights dashboards."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kakehashi.domain.insights import Attribution, CapitalQuery, Dimension
from kakehashi.entrypoints.web.api.schemas import YEAR_MAX, YEAR_MIN
from kakehashi.entrypoints.web.api.schemas.insights import CapitalPublic
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep

router = APIRouter(prefix="/insights", tags=["insights"])

CountryCode = Annotated[
    str,
    Query(
        max_length=2,
        description="ISO 3166 two-letter code of the funded companies; empty for any country",
        json_schema_extra={"pattern": "^([A-Za-z]{2})?$"},
    ),
]
Slugs = Annotated[list[str] | None, Query(max_length=40, description="taxonomy slugs or funding types")]


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().upper() for v in values if v.strip()))


def _slugs(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().lower() for v in values if v.strip()))


@router.get("/capital", response_model=CapitalPublic)
def capital(
    viewer: ViewerDep,
    uow: UowDep,
    context: ContextDep,
    company_country: CountryCode = "IL",
    year_from: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    year_to: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    group_by: Annotated[list[Dimension] | None, Query(max_length=3)] = None,
    attribution: Attribution = Attribution.PARTICIPATION,
    sector: Slugs = None,
    funding_type: Slugs = None,
    investor_country: Annotated[list[str] | None, Query(max_length=40)] = None,
) -> Any:
    """`{"rows": [{"investor_country": "JP", "year": 2016, "capital_usd": 123.0, "rounds": 4}, ...],
    "total_capital_usd": X, "rounds": N, ...}`. Under participation the rows of a breakdown by investor
    country do not add up to the total (`rows_add_up` is false)."""
    dimensions = tuple(dict.fromkeys(group_by or (Dimension.INVESTOR_COUNTRY, Dimension.YEAR)))
    query = CapitalQuery(
        company_country=company_country.strip().upper() or None,
        year_from=year_from,
        year_to=year_to,
        group_by=dimensions,
        attribution=attribution,
        sectors=_slugs(sector or []),
        funding_types=_slugs(funding_type or []),
        investor_countries=_codes(investor_country or []),
    )
    result = context.insights.capital(uow, viewer, query)
    return {
        "rows": [
            {**{str(k): v for k, v in row.key.items()}, "capital_usd": row.capital_usd, "rounds": row.rounds}
            for row in result.rows
        ],
        "total_capital_usd": result.total_capital_usd,
        "rounds": result.rounds,
        "rounds_without_usd": result.rounds_without_usd,
        "rows_add_up": result.rows_add_up,
        "attribution": query.attribution.value,
        "group_by": [d.value for d in dimensions],
    }
