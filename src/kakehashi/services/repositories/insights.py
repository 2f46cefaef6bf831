"""What the insights services need from storage: aggregations that run in the database, and the writes of
the deals and series importers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kakehashi.domain.insights import CapitalQuery, CapitalResult, CohortRow, DealQuery, DealRow, SeriesPoint


@dataclass(frozen=True)
class NewSeriesPoint:
    indicator: str
    period: str  # 'YYYY' or 'YYYY-MM'
    year: int
    month: int | None
    value: float
    unit: str
    source: str | None


@dataclass(frozen=True)
class StoredDeal:
    """A deal as stored, identified for imports by (date, kind, its parties and their roles)."""

    id: int
    kind: str
    announced_on: date | None
    parties: frozenset[tuple[int, str]]  # (organization id, role)


class InsightsRepository(Protocol):
    def capital(self, query: CapitalQuery) -> CapitalResult:
        """Rows grouped by query.group_by under query.attribution, and totals counting each round once
        (rows_add_up left True: the service states the rule)."""
        ...

    def deals(self, query: DealQuery) -> list[DealRow]: ...

    def cohorts(
        self, company_country: str | None, year_from: int | None, year_to: int | None
    ) -> list[CohortRow]: ...

    def series(self, indicator: str | None) -> list[SeriesPoint]: ...

    def indicators(self) -> list[str]: ...

    # writes (importers)
    def series_points(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, float, str, str | None]]:
        """(indicator, period) -> (id, value, unit, source) of the points already stored."""
        ...

    def add_series_points(self, points: Sequence[NewSeriesPoint], batch_id: int) -> None: ...

    def update_series_points(self, changes: Sequence[tuple[int, NewSeriesPoint]]) -> None: ...

    def deals_on(self, days: Sequence[date | None]) -> list[StoredDeal]: ...
