"""Technology needs over JSON: create, list, read, change, ranked matches and feedback; every view and
change of a need is written to the audit log (by the needs service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from kakehashi.entrypoints.web.api.schemas import OFFSET_MAX
from kakehashi.entrypoints.web.api.schemas.needs import (
    AuditEntryPublic,
    AuditTrailPublic,
    FeedbackIn,
    NeedCreate,
    NeedFitPublic,
    NeedListPublic,
    NeedMatchesPublic,
    NeedMatchPublic,
    NeedPublic,
    NeedUpdate,
    OpenCallsPublic,
)
from kakehashi.entrypoints.web.deps import SearchEngineDep, UowDep, ViewerDep, client_ip
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.services import needs

router = APIRouter(prefix="/needs", tags=["needs"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("", status_code=201)
def create_need(body: NeedCreate, request: Request, viewer: ViewerDep, uow: UowDep) -> NeedPublic:
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
    return NeedPublic.of(need)


@router.get("")
def list_needs(
    viewer: ViewerDep,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> NeedListPublic:
    """`{"items", "total"}`: the needs this viewer may see, newest first."""
    items, total = needs.list_needs(uow, viewer=viewer, limit=limit, offset=offset)
    return NeedListPublic(items=[NeedPublic.of(n) for n in items], total=total, limit=limit, offset=offset)


@router.get("/{need_id}")
def get_need(need_id: Id, request: Request, viewer: ViewerDep, uow: UowDep) -> NeedPublic:
    """One need (404 also when it exists but belongs to another tenant)."""
    need = needs.read_need(uow, viewer=viewer, need_id=need_id, ip=client_ip(request))
    return NeedPublic.of(need)


@router.patch("/{need_id}")
def update_need(
    need_id: Id, body: NeedUpdate, request: Request, viewer: ViewerDep, uow: UowDep
) -> NeedPublic:
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
    return NeedPublic.of(need)


@router.delete("/{need_id}", status_code=204, response_class=Response)
def delete_need(need_id: Id, request: Request, viewer: ViewerDep, uow: UowDep) -> None:
    needs.delete_need(uow, viewer=viewer, need_id=need_id, ip=client_ip(request))


@router.get("/{need_id}/matches", dependencies=[rate_limited("matches")])
def need_matches(
    need_id: Id,
    request: Request,
    viewer: ViewerDep,
    uow: UowDep,
    engine: SearchEngineDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NeedMatchesPublic:
    """Startups ranked for the need with the reasons for each; the owner's feedback re-ranks them."""
    results = needs.match_need(
        uow, engine, viewer=viewer, need_id=need_id, limit=limit, ip=client_ip(request)
    )
    return NeedMatchesPublic(
        need_id=need_id,
        took_ms=round(results.took_ms, 3),
        total=results.total,
        items=[NeedMatchPublic.of(hit) for hit in results.hits],
    )


@router.post("/{need_id}/feedback", status_code=204, response_class=Response)
def need_feedback(need_id: Id, body: FeedbackIn, request: Request, viewer: ViewerDep, uow: UowDep) -> None:
    """Mark one matched startup relevant or not relevant; the next ranking of this need follows it."""
    needs.judge_match(
        uow,
        viewer=viewer,
        need_id=need_id,
        organization_id=body.organization_id,
        relevant=body.relevant,
        ip=client_ip(request),
    )


@router.get("/{need_id}/audit")
def need_audit(
    need_id: Id, viewer: ViewerDep, uow: UowDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> AuditTrailPublic:
    """Who viewed or changed the need (the owning organization's admins and organizers)."""
    entries = needs.need_trail(uow, viewer=viewer, need_id=need_id, limit=limit)
    return AuditTrailPublic(items=[AuditEntryPublic.of(e) for e in entries], total=len(entries))


open_calls_router = APIRouter(tags=["needs"])


@open_calls_router.get("/open-calls")
def open_calls(
    viewer: ViewerDep,
    uow: UowDep,
    engine: SearchEngineDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> OpenCallsPublic:
    """For a startup: the open calls (and, for organizers, all needs) it fits best, with reasons."""
    fits = needs.needs_for_startup(
        uow, engine, viewer=viewer, organization_id=viewer.organization_id, limit=limit
    )
    items = [NeedFitPublic(need=NeedPublic.of(f.need), score=f.score, why=f.why) for f in fits]
    return OpenCallsPublic(items=items, total=len(items))
