"""Saved searches run against the real search engine (what check_alerts calls for each alerting search)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.domain.search import SearchFilters
from kakehashi.services.search import search_catalog
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace import ALERT_DEPTH, AlertRun, Mailer, SearchFn, check_alerts

_LIST_FILTERS = {
    "kind": "kinds",
    "kinds": "kinds",
    "country": "countries",
    "countries": "countries",
    "sector": "sectors",
    "sectors": "sectors",
    "technology": "technologies",
    "technologies": "technologies",
    "stage": "stages",
    "stages": "stages",
    "status": "statuses",
    "statuses": "statuses",
}
_NUMBER_FILTERS = {"founded_from", "founded_to", "funding_min", "funding_max"}


def filters_from_saved(saved: Mapping[str, Any]) -> SearchFilters:
    """A saved search's JSON filters as SearchFilters; unknown keys are ignored (kept for the pages)."""
    lists: dict[str, tuple[str, ...]] = {}
    numbers: dict[str, int] = {}
    for key, value in saved.items():
        if key in _LIST_FILTERS:
            values = value if isinstance(value, list | tuple) else str(value).split(",")
            items = tuple(str(v).strip() for v in values if str(v).strip())
            if key in ("country", "countries"):
                items = tuple(v.upper() for v in items)
            lists[_LIST_FILTERS[key]] = lists.get(_LIST_FILTERS[key], ()) + items
        elif key in _NUMBER_FILTERS:
            try:
                numbers[key] = int(value)
            except (TypeError, ValueError):
                continue
    return SearchFilters(**lists, **numbers)  # type: ignore[arg-type]


def catalog_search(
    uow_factory: Callable[[], UnitOfWork], engine: SearchEngine, *, depth: int = ALERT_DEPTH
) -> SearchFn:
    """A SearchFn for check_alerts: the engine's ranked organization ids for a saved query and filters."""

    def run(query: str, filters: Mapping[str, Any]) -> Sequence[int]:
        results = search_catalog(
            uow_factory(), engine, query=query, filters=filters_from_saved(filters), limit=depth
        )
        return [hit.id for hit in results.hits]

    return run


def run_alert_check(
    uow_factory: Callable[[], UnitOfWork],
    engine: SearchEngine,
    *,
    mailer: Mailer | None = None,
    now: datetime | None = None,
) -> AlertRun:
    """One pass of alerts over the real search engine: what `kakehashi alerts check` and housekeeping run."""
    return check_alerts(uow_factory(), search=catalog_search(uow_factory, engine), mailer=mailer, now=now)
