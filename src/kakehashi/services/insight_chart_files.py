"""Charts of results already computed, as PNG or SVG files: what `kakehashi insights … --out chart.png`
writes (`kakehashi insights ... --out chart.png|.svg`), drawn by the same
builders as the /insights dashboards so a chart looks the same wherever it comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import (
    CapitalQuery,
    CapitalResult,
    CohortRow,
    DealQuery,
    DealRow,
    Dimension,
    SeriesPoint,
)
from kakehashi.services import insight_dashboard as dashboard
from kakehashi.services.insight_texts import Words
from kakehashi.services.unit_of_work import UnitOfWork

# The capital breakdowns that have a chart: group_by (as a set) -> the dashboard chart drawing it.
CAPITAL_CHARTS = {
    frozenset({Dimension.INVESTOR_COUNTRY, Dimension.YEAR}): "capital",
    frozenset({Dimension.SECTOR, Dimension.YEAR}): "sectors",
    frozenset({Dimension.INVESTOR}): "investors",
    frozenset({Dimension.INVESTOR, Dimension.INVESTOR_COUNTRY}): "investors",
}


class _Given:
    """An InsightsSource that answers with results computed before (no second query)."""

    def __init__(self, result: Any) -> None:
        self.result = result

    def capital(self, uow: UnitOfWork, viewer: Viewer, query: CapitalQuery) -> CapitalResult:
        assert isinstance(self.result, CapitalResult)
        return self.result

    def deals(self, uow: UnitOfWork, viewer: Viewer, query: DealQuery) -> list[DealRow]:
        return list(self.result)

    def cohorts(
        self,
        uow: UnitOfWork,
        viewer: Viewer,
        company_country: str | None,
        year_from: int | None,
        year_to: int | None,
    ) -> list[CohortRow]:
        return list(self.result)

    def series(self, uow: UnitOfWork, viewer: Viewer, indicator: str | None) -> list[SeriesPoint]:
        return list(self.result)


def _no_uow() -> UnitOfWork:
    """A chart of a given result opens no unit of work: `_Given` ignores the one it is handed."""
    return cast(UnitOfWork, None)


def chart_of(what: str, result: Any, words: Words) -> dashboard.ChartView:
    """The chart of one result of `services.insights`: what is capital, deals, cohorts or series."""
    filters = dashboard.Filters()
    name = what
    if what == "capital":
        if not isinstance(result, CapitalResult):
            raise InvalidInput("there is no chart named {name}", name=what)
        query = result.query
        chart = CAPITAL_CHARTS.get(frozenset(query.group_by))
        if chart is None:
            raise InvalidInput(
                "this breakdown has no chart: group by investor_country and year, sector and year, or investor"
            )
        name = chart
        focus = query.investor_countries[0] if len(query.investor_countries) == 1 else "JP"
        filters = dashboard.Filters(
            company_country=query.company_country,
            sectors=query.sectors,
            year_from=query.year_from,
            year_to=query.year_to,
            funding_types=query.funding_types,
            attribution=query.attribution,
            focus_country=focus,
        )
    elif what not in {"deals", "cohorts", "series"}:
        raise InvalidInput("there is no chart named {name}", name=what[:40])
    viewer: Any = None  # the command line: the result was read already
    (view,) = dashboard.charts(_no_uow, viewer, _Given(result), filters, words, names=(name,))
    return view


def write_chart(what: str, result: Any, path: Path, words: Words) -> None:
    """Render the chart of `result` to `path` (.png or .svg)."""
    view = chart_of(what, result, words)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in {"png", "svg"}:
        raise InvalidInput("{fmt} is not an export format: use png, svg, csv or xlsx", fmt=fmt[:20])
    body = dashboard.export(view, fmt, dashboard.Filters(), words)
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise InvalidInput(
            "the chart could not be saved to {path}: {reason}", path=str(path), reason=exc.strerror
        ) from exc
