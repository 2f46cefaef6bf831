"""Ecosystem insights: capital by investor country and year under a counting rule, deals, cohorts, series.

Each function opens the unit of work, lets any signed-in viewer (or the command line, viewer None) read the
catalogue as the directory does — it holds no private data, and demo organizations are marked, not hidden —
and asks the insights repository, which aggregates in the database. The rules are in domain/insights.
"""

from __future__ import annotations

from dataclasses import replace

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import (
    Attribution,
    CapitalQuery,
    CapitalResult,
    CohortRow,
    DealQuery,
    DealRow,
    Dimension,
    SeriesPoint,
)
from kakehashi.services.insights.imports import import_deals_file, import_series_file
from kakehashi.services.insights.tables import (
    CHART_SUFFIXES,
    PARTICIPATION_NOTE,
    TABLE_SUFFIXES,
    Table,
    capital_json,
    capital_table,
    cohorts_table,
    deals_table,
    series_table,
    write_table,
)
from kakehashi.services.unit_of_work import UnitOfWork

__all__ = [
    "CHART_SUFFIXES",
    "PARTICIPATION_NOTE",
    "TABLE_SUFFIXES",
    "Table",
    "capital",
    "capital_json",
    "capital_table",
    "cohorts",
    "cohorts_table",
    "deals",
    "deals_table",
    "import_deals_file",
    "import_series_file",
    "series",
    "series_table",
    "write_table",
]

MIN_YEAR, MAX_YEAR = 1900, 2200


def _check_years(year_from: int | None, year_to: int | None) -> None:
    for year in (year_from, year_to):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(
                "the year {year} is out of range ({low}-{high})", year=year, low=MIN_YEAR, high=MAX_YEAR
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidInput(
            "the first year {first} is after the last year {last}", first=year_from, last=year_to
        )


def _country(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    text = code.strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise InvalidInput("'{value}' is not a two-letter country code (ISO 3166-1 alpha-2)", value=code)
    return text


def rows_add_up(query: CapitalQuery) -> bool:
    """Whether the rows of a breakdown sum to the total: not under participation when the rows are per
    investor country or investor (a round counts once for each), nor when they are per sector (a company in
    two sectors counts in both)."""
    if Dimension.SECTOR in query.group_by or query.investor_countries:
        return False  # a filter on investor countries keeps part of the credits; the totals keep every round
    by_investor = bool({Dimension.INVESTOR_COUNTRY, Dimension.INVESTOR} & set(query.group_by))
    return not (query.attribution is Attribution.PARTICIPATION and by_investor)


def capital(uow: UnitOfWork, viewer: Viewer | None, query: CapitalQuery) -> CapitalResult:
    """Capital raised by companies of query.company_country, grouped and credited under query.attribution."""
    del viewer  # every signed-in user reads the catalogue (see the module docstring)
    _check_years(query.year_from, query.year_to)
    if len(set(query.group_by)) != len(query.group_by):
        raise InvalidInput("a dimension is given twice in group by")
    query = replace(
        query,
        company_country=_country(query.company_country),
        investor_countries=tuple(c for c in (_country(code) for code in query.investor_countries) if c),
    )
    with uow:
        result = uow.insights.capital(query)
    return replace(result, rows_add_up=rows_add_up(query))


def deals(uow: UnitOfWork, viewer: Viewer | None, query: DealQuery) -> list[DealRow]:
    """Deals per year and kind between a country that acts (acquirer, investor, host) and a target country."""
    del viewer
    _check_years(query.year_from, query.year_to)
    query = replace(
        query,
        acquirer_country=_country(query.acquirer_country),
        target_country=_country(query.target_country),
    )
    with uow:
        return uow.insights.deals(query)


def cohorts(
    uow: UnitOfWork,
    viewer: Viewer | None,
    company_country: str | None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[CohortRow]:
    """Of the startups founded each year, how many are active, acquired, closed or otherwise now."""
    del viewer
    _check_years(year_from, year_to)
    with uow:
        return uow.insights.cohorts(_country(company_country), year_from, year_to)


def series(uow: UnitOfWork, viewer: Viewer | None, indicator: str | None = None) -> list[SeriesPoint]:
    """The points of one indicator (or all), in period order, each with its change against a year earlier."""
    del viewer
    with uow:
        return uow.insights.series(indicator)
