"""Technology needs over JSON: create, list, read, change, ranked matches and feedback; every view and
change of a need is written to the audit log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import Field

from kakehashi.domain.search import NeedConstraints, NeedSummary
from kakehashi.entrypoints.web.api.schemas import Input, to_json
from kakehashi.entrypoints.web.deps import SearchEngineDep, UowDep, ViewerDep, client_ip
from kakehashi.services import audit, matching, needs

router = APIRouter(prefix="/needs", tags=["needs"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Slug = Annotated[str, Field(min_length=1, max_length=120)]
Country = Annotated[str, Field(min_length=2, max_length=2)]


class ConstraintsIn(Input):
    stages: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    countries: list[Country] = Field(default_factory=list, max_length=50)
    founded_from: int | None = Field(default=None, ge=1800, le=2100)
    founded_to: int | None = Field(default=None, ge=1800, le=2100)
    funding_min: int | None = Field(default=None, ge=0)
    funding_max: int | None = Field(default=None, ge=0)
    japan_presence: bool = False

    def to_domain(self) -> NeedConstraints:
        return NeedConstraints(
            stages=tuple(self.stages),
            countries=tuple(c.upper() for c in self.countries),
            founded_from=self.founded_from,
            founded_to=self.founded_to,
            funding_min=self.funding_min,
            funding_max=self.funding_max,
            japan_presence=self.japan_presence,
        )


class NeedCreate(Input):
    model_config = Input.model_config | {"extra": "ignore"}  # clients may send more than we keep

    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20_000)
    language: Literal["ja", "en"] | None = None  # detected from the text when absent
    visibility: Literal["private", "open"] = "private"
    sectors: list[Slug] = Field(default_factory=list, max_length=50)
    technologies: list[Slug] = Field(default_factory=list, max_length=50)
    constraints: ConstraintsIn = Field(default_factory=ConstraintsIn)


class NeedUpdate(Input):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    language: Literal["ja", "en"] | None = None
    visibility: Literal["private", "open"] | None = None
    sectors: list[Slug] | None = Field(default=None, max_length=50)
    technologies: list[Slug] | None = Field(default=None, max_length=50)
    constraints: ConstraintsIn | None = None


class FeedbackIn(Input):
    organization_id: int = Field(ge=1, le=2**31 - 1)
    relevant: bool


def _public(need: NeedSummary) -> dict[str, Any]:
    data: dict[str, Any] = to_json(need)
    return data


@router.post("", status_code=201)
def create_need(body: NeedCreate, request: Request, viewer: ViewerDep, uow: UowDep) -> dict[str, Any]:
    """A need of the viewer's organization: private (its members and organizers) or an open call."""
    need = needs.create_need(
        uow,
        viewer=viewer,
        title=body.title,
        description=body.description,
        language=body.language,
        visibility=body.visibility,
        sectors=body.sectors,
        technologies=body.technologies,
        constraints=body.constraints.to_domain(),
        ip=client_ip(request),
    )
    return _public(need)


@router.get("")
def list_needs(
    viewer: ViewerDep,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """`{"items", "total"}`: the needs this viewer may see, newest first."""
    items, total = matching.list_needs(uow, viewer=viewer, limit=limit, offset=offset)
    return {"items": [_public(n) for n in items], "total": total, "limit": limit, "offset": offset}


@router.get("/{need_id}")
def get_need(need_id: Id, request: Request, viewer: ViewerDep, uow: UowDep) -> dict[str, Any]:
    """One need (404 also when it exists but belongs to another tenant)."""
    need = needs.read_need(uow, viewer=viewer, need_id=need_id, ip=client_ip(request))
    return _public(need)


@router.patch("/{need_id}")
def update_need(
    need_id: Id, body: NeedUpdate, request: Request, viewer: ViewerDep, uow: UowDep
) -> dict[str, Any]:
    need = needs.update_need(
        uow,
        viewer=viewer,
        need_id=need_id,
        title=body.title,
        description=body.description,
        language=body.language,
        visibility=body.visibility,
        sectors=body.sectors,
        technologies=body.technologies,
        constraints=body.constraints.to_domain() if body.constraints is not None else None,
        ip=client_ip(request),
    )
    return _public(need)


@router.delete("/{need_id}", status_code=204)
def delete_need(need_id: Id, request: Request, viewer: ViewerDep, uow: UowDep) -> Response:
    needs.delete_need(uow, viewer=viewer, need_id=need_id, ip=client_ip(request))
    return Response(status_code=204)


@router.get("/{need_id}/matches")
def need_matches(
    need_id: Id,
    request: Request,
    viewer: ViewerDep,
    uow: UowDep,
    engine: SearchEngineDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Startups ranked for the need with the reasons for each; the owner's feedback re-ranks them."""
    results = needs.need_matches(
        uow, engine, viewer=viewer, need_id=need_id, limit=limit, ip=client_ip(request)
    )
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
    return {"need_id": need_id, "took_ms": round(results.took_ms, 3), "total": results.total, "items": items}


@router.post("/{need_id}/feedback", status_code=204)
def need_feedback(
    need_id: Id, body: FeedbackIn, request: Request, viewer: ViewerDep, uow: UowDep
) -> Response:
    """Mark one matched startup relevant or not relevant; the next ranking of this need follows it."""
    needs.judge_match(
        uow,
        viewer=viewer,
        need_id=need_id,
        organization_id=body.organization_id,
        relevant=body.relevant,
        ip=client_ip(request),
    )
    return Response(status_code=204)


@router.get("/{need_id}/audit")
def need_audit(
    need_id: Id, viewer: ViewerDep, uow: UowDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> dict[str, Any]:
    """Who viewed or changed the need (the owning organization's admins and organizers)."""
    entries = audit.need_trail(uow, viewer=viewer, need_id=need_id, limit=limit)
    return {"items": [to_json(e) for e in entries], "total": len(entries)}


open_calls_router = APIRouter(tags=["needs"])


@open_calls_router.get("/open-calls")
def open_calls(
    viewer: ViewerDep,
    uow: UowDep,
    engine: SearchEngineDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """For a startup: the open calls (and, for organizers, all needs) it fits best, with reasons."""
    fits = matching.needs_for_startup(
        uow, engine, viewer=viewer, organization_id=viewer.organization_id, limit=limit
    )
    items = [{"need": _public(f.need), "score": f.score, "why": f.why} for f in fits]
    return {"items": items, "total": len(items)}
