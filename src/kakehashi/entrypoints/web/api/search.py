"""Ranked, explained search over the catalogue, in Japanese or English."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kakehashi.domain.search import SearchFilters
from kakehashi.entrypoints.web.api.schemas import FUNDING_MAX, YEAR_MAX, YEAR_MIN
from kakehashi.entrypoints.web.api.schemas.directory import SearchResultsPublic
from kakehashi.entrypoints.web.deps import SearchEngineDep, UowDep, ViewerDep
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.services import search as search_service

router = APIRouter(tags=["search"])

Multi = Annotated[list[str] | None, Query(max_length=50)]


@router.get("/search", response_model=SearchResultsPublic, dependencies=[rate_limited("search")])
def search(
    viewer: ViewerDep,
    uow: UowDep,
    engine: SearchEngineDep,
    q: Annotated[str, Query(max_length=10_000, description="query in Japanese or English")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    kind: Multi = None,
    country: Multi = None,
    sector: Multi = None,
    technology: Multi = None,
    stage: Multi = None,
    status: Multi = None,
    founded_from: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    founded_to: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    funding_min: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
    funding_max: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
) -> Any:
    """`{"query", "took_ms", "total", "items": [{"id", "name", "score", "why", ...}], "facets"}`
    (`results` repeats `items` for clients of the CLI's JSON shape). Facets repeat (?sector=a&sector=b)
    or take comma lists (?sector=a,b)."""
    filters = SearchFilters.from_mapping(
        {
            "kind": kind,
            "country": country,
            "sector": sector,
            "technology": technology,
            "stage": stage,
            "status": status,
            "founded_from": founded_from,
            "founded_to": founded_to,
            "funding_min": funding_min,
            "funding_max": funding_max,
        }
    )
    results = search_service.search_catalog(uow, engine, query=q, filters=filters, limit=limit, offset=offset)
    return search_service.present_results(results).as_dict()
