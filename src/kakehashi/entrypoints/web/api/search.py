"""Ranked, explained search over the catalogue, in Japanese or English."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kakehashi.domain.search import SearchFilters
from kakehashi.entrypoints.web.deps import SearchEngineDep, UowDep, ViewerDep
from kakehashi.services import search as search_service

router = APIRouter(tags=["search"])

Multi = Annotated[list[str] | None, Query(max_length=50)]


@router.get("/search")
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
    founded_from: Annotated[int | None, Query(ge=1800, le=2100)] = None,
    founded_to: Annotated[int | None, Query(ge=1800, le=2100)] = None,
    funding_min: Annotated[int | None, Query(ge=0)] = None,
    funding_max: Annotated[int | None, Query(ge=0)] = None,
) -> dict[str, Any]:
    """`{"query", "took_ms", "total", "items": [{"id", "name", "score", "why", ...}], "facets"}`
    (`results` repeats `items` for clients of the CLI's JSON shape)."""
    filters = SearchFilters(
        kinds=_values(kind),
        countries=tuple(c.upper() for c in _values(country)),
        sectors=_values(sector),
        technologies=_values(technology),
        stages=_values(stage),
        statuses=_values(status),
        founded_from=founded_from,
        founded_to=founded_to,
        funding_min=funding_min,
        funding_max=funding_max,
    )
    results = search_service.search_catalog(uow, engine, query=q, filters=filters, limit=limit, offset=offset)
    items = [
        {
            "id": hit.id,
            "name": hit.name,
            "score": round(hit.score, 6),
            "why": hit.why,
            "kind": hit.kind,
            "country": hit.country,
            "matched_terms": [str(t) for t in hit.matched_terms],
            "semantic_similarity": hit.semantic_similarity,
            "matched_taxonomy": hit.matched_taxonomy,
        }
        for hit in results.hits
    ]
    return {
        "query": results.query,
        "took_ms": round(results.took_ms, 3),
        "total": results.total,
        "language": results.language,
        "notice": results.notice,
        "items": items,
        "results": items,
        "facets": {
            name: [{"value": v, "count": c} for v, c in counts] for name, counts in results.facets.items()
        },
    }


def _values(values: list[str] | None) -> tuple[str, ...]:
    """Repeated (?sector=a&sector=b) or comma-separated (?sector=a,b) values, trimmed."""
    out: list[str] = []
    for value in values or []:
        out += [part.strip()[:100] for part in value.split(",") if part.strip()]
    return tuple(out)
