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


def filters_from_saved(saved: Mapping[str, Any]) -> SearchFilters:
    """A saved search's JSON filters as SearchFilters; unknown keys are ignored (kept for the pages).
    Raises InvalidInput for bounds that cannot run (check_alerts then skips that one search)."""
    return SearchFilters.from_mapping(saved, ignore_unknown=True)


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
