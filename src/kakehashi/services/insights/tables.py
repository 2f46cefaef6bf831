"""Insights results as plain tables (header + rows, with how they were counted) for the command line, CSV
and XLSX files, and as the JSON the command line prints. A chart hook for PNG/SVG takes the same results."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import CapitalResult, CohortRow, DealRow, SeriesPoint

PARTICIPATION_NOTE = "participation rows do not add up to the total"
TABLE_SUFFIXES = (".csv", ".xlsx")


class Table:
    """Column names, value rows and a note saying how the figures were counted."""

    def __init__(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], note: str | None = None
    ) -> None:
        self.headers = list(headers)
        self.rows = [list(row) for row in rows]
        self.note = note


def capital_method(result: CapitalResult) -> str:
    query = result.query
    years = f"{query.year_from or '…'}-{query.year_to or '…'}"
    parts = [
        f"capital raised by companies in {query.company_country or 'any country'}, {years}",
        f"counting rule: {query.attribution}",
        f"{result.rounds} rounds, total {result.total_capital_usd:,.0f} USD (each round once)",
    ]
    if result.rounds_without_usd:
        parts.append(f"{result.rounds_without_usd} rounds without a USD amount add no capital")
    if not result.rows_add_up:
        parts.append(
            PARTICIPATION_NOTE
            if str(query.attribution) == "participation"
            else "rows do not add up to the total"
        )
    return "; ".join(parts)


def capital_table(result: CapitalResult) -> Table:
    dims = [str(dim) for dim in result.query.group_by]
    rows = [
        [row.key.get(dim) for dim in dims] + [round(row.capital_usd, 2), row.rounds] for row in result.rows
    ]
    return Table([*dims, "capital_usd", "rounds"], rows, capital_method(result))


def capital_json(result: CapitalResult) -> dict[str, Any]:
    """{"rows": [{"investor_country": "JP", "year": 2016, "capital_usd": 123.0, "rounds": 4}, ...],
    "total_capital_usd": X, "rounds": N}, plus how it was counted."""
    return {
        "rows": [{**row.key, "capital_usd": row.capital_usd, "rounds": row.rounds} for row in result.rows],
        "total_capital_usd": result.total_capital_usd,
        "rounds": result.rounds,
        "rounds_without_usd": result.rounds_without_usd,
        "attribution": str(result.query.attribution),
        "rows_add_up": result.rows_add_up,
    }


def deals_table(rows: Sequence[DealRow]) -> Table:
    return Table(
        ["year", "kind", "deals", "amount_usd"],
        [[r.year, r.kind, r.deals, round(r.amount_usd, 2)] for r in rows],
        "deals without an amount are counted and add nothing to amount_usd",
    )


def cohorts_table(rows: Sequence[CohortRow]) -> Table:
    return Table(
        ["founded_year", "total", "active", "acquired", "closed", "other"],
        [[r.founded_year, r.total, r.active, r.acquired, r.closed, r.other] for r in rows],
        "startups founded each year and their status now",
    )


def series_table(points: Sequence[SeriesPoint]) -> Table:
    return Table(
        ["period", "indicator", "value", "unit", "source", "change_yoy"],
        [[p.period, p.indicator, p.value, p.unit, p.source, p.change_yoy] for p in points],
        "change_yoy: relative change against the same period a year earlier",
    )


def write_table(table: Table, path: Path) -> int:
    """Write the table (and its note) to a .csv or .xlsx file; returns the number of rows written."""
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise InvalidInput("write the table to a .csv or .xlsx file, not '{file}'", file=path.name)
    from kakehashi.adapters.exports.insights_table import write_table as write

    try:
        return write(path, table.headers, table.rows, table.note)
    except OSError as exc:
        raise InvalidInput(
            "'{path}' could not be written: {reason}", path=str(path), reason=exc.strerror
        ) from exc


CHART_SUFFIXES = (".png", ".svg")
