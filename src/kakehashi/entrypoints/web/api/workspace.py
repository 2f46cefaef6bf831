"""The private workspace over JSON: shortlists, notes, the pipeline, saved searches, alerts, meeting requests.

Another tenant's objects answer 404 (never 403), so their existence does not leak.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from kakehashi.domain.workspace import EngagementStage
from kakehashi.entrypoints.web.api.schemas import Input, Page
from kakehashi.entrypoints.web.api.schemas.workspace import (
    AlertPublic,
    ContactRequestPublic,
    EngagementPublic,
    NotePublic,
    SavedSearchPublic,
    ShortlistPublic,
)
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep
from kakehashi.services import workspace

router = APIRouter(tags=["workspace"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
OrgScope = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="organizers: another organization's")]


M = TypeVar("M", bound=BaseModel)


def _one(model: type[M], view: Any) -> M:
    """A service's record (a frozen dataclass) as the operation's response model."""
    return model.model_validate(asdict(view))


def _page(model: type[M], views: list[Any]) -> Page[M]:
    return Page[model](items=[_one(model, v) for v in views], total=len(views))  # type: ignore[valid-type]


# --- shortlists ------------------------------------------------------------------------------------------


class ShortlistCreate(Input):
    name: str = Field(min_length=1, max_length=200)


class ShortlistItemCreate(Input):
    startup_id: int = Field(ge=1, le=2**31 - 1)
    note: str = Field(default="", max_length=10_000)


@router.get("/shortlists")
def list_shortlists(
    viewer: ViewerDep, uow: UowDep, organization_id: OrgScope = None
) -> Page[ShortlistPublic]:
    return _page(
        ShortlistPublic, workspace.list_shortlists(uow, viewer=viewer, organization_id=organization_id)
    )


@router.post("/shortlists", status_code=201)
def create_shortlist(body: ShortlistCreate, viewer: ViewerDep, uow: UowDep) -> ShortlistPublic:
    return _one(ShortlistPublic, workspace.create_shortlist(uow, viewer=viewer, name=body.name))


@router.get("/shortlists/{shortlist_id}")
def get_shortlist(shortlist_id: Id, viewer: ViewerDep, uow: UowDep) -> ShortlistPublic:
    return _one(ShortlistPublic, workspace.get_shortlist(uow, viewer=viewer, shortlist_id=shortlist_id))


@router.patch("/shortlists/{shortlist_id}")
def rename_shortlist(
    shortlist_id: Id, body: ShortlistCreate, viewer: ViewerDep, uow: UowDep
) -> ShortlistPublic:
    return _one(
        ShortlistPublic,
        workspace.rename_shortlist(uow, viewer=viewer, shortlist_id=shortlist_id, name=body.name),
    )


@router.delete("/shortlists/{shortlist_id}", status_code=204)
def delete_shortlist(shortlist_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.delete_shortlist(uow, viewer=viewer, shortlist_id=shortlist_id)
    return Response(status_code=204)


@router.post("/shortlists/{shortlist_id}/items", status_code=201)
def add_to_shortlist(
    shortlist_id: Id, body: ShortlistItemCreate, viewer: ViewerDep, uow: UowDep
) -> ShortlistPublic:
    return _one(
        ShortlistPublic,
        workspace.add_to_shortlist(
            uow, viewer=viewer, shortlist_id=shortlist_id, startup_id=body.startup_id, note=body.note
        ),
    )


@router.delete("/shortlists/{shortlist_id}/items/{startup_id}")
def remove_from_shortlist(
    shortlist_id: Id, startup_id: Id, viewer: ViewerDep, uow: UowDep
) -> ShortlistPublic:
    return _one(
        ShortlistPublic,
        workspace.remove_from_shortlist(uow, viewer=viewer, shortlist_id=shortlist_id, startup_id=startup_id),
    )


# --- notes -----------------------------------------------------------------------------------------------


class NoteCreate(Input):
    body: str = Field(min_length=1, max_length=10_000)
    subject_organization_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    need_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class NoteUpdate(Input):
    body: str = Field(min_length=1, max_length=10_000)


@router.get("/notes")
def list_notes(
    viewer: ViewerDep,
    uow: UowDep,
    subject_organization_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    need_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    organization_id: OrgScope = None,
) -> Page[NotePublic]:
    return _page(
        NotePublic,
        workspace.list_notes(
            uow,
            viewer=viewer,
            subject_organization_id=subject_organization_id,
            need_id=need_id,
            organization_id=organization_id,
        ),
    )


@router.post("/notes", status_code=201)
def add_note(body: NoteCreate, viewer: ViewerDep, uow: UowDep) -> NotePublic:
    return _one(
        NotePublic,
        workspace.add_note(
            uow,
            viewer=viewer,
            body=body.body,
            subject_organization_id=body.subject_organization_id,
            need_id=body.need_id,
        ),
    )


@router.get("/notes/{note_id}")
def get_note(note_id: Id, viewer: ViewerDep, uow: UowDep) -> NotePublic:
    return _one(NotePublic, workspace.get_note(uow, viewer=viewer, note_id=note_id))


@router.patch("/notes/{note_id}")
def update_note(note_id: Id, body: NoteUpdate, viewer: ViewerDep, uow: UowDep) -> NotePublic:
    return _one(NotePublic, workspace.update_note(uow, viewer=viewer, note_id=note_id, body=body.body))


@router.delete("/notes/{note_id}", status_code=204)
def delete_note(note_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.delete_note(uow, viewer=viewer, note_id=note_id)
    return Response(status_code=204)


# --- engagements -----------------------------------------------------------------------------------------


class EngagementCreate(Input):
    startup_id: int = Field(ge=1, le=2**31 - 1)
    need_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    stage: EngagementStage = EngagementStage.IDENTIFIED
    note: str = Field(default="", max_length=10_000)


class StageChange(Input):
    stage: EngagementStage
    note: str = Field(default="", max_length=10_000)


@router.get("/engagements")
def list_engagements(
    viewer: ViewerDep,
    uow: UowDep,
    stage: EngagementStage | None = None,
    startup_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    organization_id: OrgScope = None,
) -> Page[EngagementPublic]:
    return _page(
        EngagementPublic,
        workspace.list_engagements(
            uow,
            viewer=viewer,
            stage=stage.value if stage else None,
            startup_id=startup_id,
            organization_id=organization_id,
        ),
    )


@router.post("/engagements", status_code=201)
def start_engagement(body: EngagementCreate, viewer: ViewerDep, uow: UowDep) -> EngagementPublic:
    return _one(
        EngagementPublic,
        workspace.start_engagement(
            uow,
            viewer=viewer,
            startup_id=body.startup_id,
            need_id=body.need_id,
            stage=body.stage.value,
            note=body.note,
        ),
    )


@router.get("/engagements/{engagement_id}")
def get_engagement(engagement_id: Id, viewer: ViewerDep, uow: UowDep) -> EngagementPublic:
    return _one(EngagementPublic, workspace.get_engagement(uow, viewer=viewer, engagement_id=engagement_id))


@router.post("/engagements/{engagement_id}/stage")
def move_engagement(engagement_id: Id, body: StageChange, viewer: ViewerDep, uow: UowDep) -> EngagementPublic:
    return _one(
        EngagementPublic,
        workspace.move_engagement(
            uow, viewer=viewer, engagement_id=engagement_id, stage=body.stage.value, note=body.note
        ),
    )


@router.delete("/engagements/{engagement_id}", status_code=204)
def delete_engagement(engagement_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.delete_engagement(uow, viewer=viewer, engagement_id=engagement_id)
    return Response(status_code=204)


# --- saved searches and alerts ---------------------------------------------------------------------------


class SavedSearchCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    query: str = Field(default="", max_length=1_000)
    filters: dict[str, str | int | float | bool | list[str | int | float]] = Field(default_factory=dict)
    alert: bool = False


class SavedSearchUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    alert: bool | None = None


@router.get("/saved-searches")
def list_saved_searches(viewer: ViewerDep, uow: UowDep) -> Page[SavedSearchPublic]:
    return _page(SavedSearchPublic, workspace.list_saved_searches(uow, viewer=viewer))


@router.post("/saved-searches", status_code=201)
def save_search(body: SavedSearchCreate, viewer: ViewerDep, uow: UowDep) -> SavedSearchPublic:
    return _one(
        SavedSearchPublic,
        workspace.save_search(
            uow, viewer=viewer, name=body.name, query=body.query, filters=body.filters, alert=body.alert
        ),
    )


@router.get("/saved-searches/{saved_search_id}")
def get_saved_search(saved_search_id: Id, viewer: ViewerDep, uow: UowDep) -> SavedSearchPublic:
    return _one(
        SavedSearchPublic, workspace.get_saved_search(uow, viewer=viewer, saved_search_id=saved_search_id)
    )


@router.patch("/saved-searches/{saved_search_id}")
def update_saved_search(
    saved_search_id: Id, body: SavedSearchUpdate, viewer: ViewerDep, uow: UowDep
) -> SavedSearchPublic:
    return _one(
        SavedSearchPublic,
        workspace.update_saved_search(
            uow, viewer=viewer, saved_search_id=saved_search_id, name=body.name, alert=body.alert
        ),
    )


@router.delete("/saved-searches/{saved_search_id}", status_code=204)
def delete_saved_search(saved_search_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.delete_saved_search(uow, viewer=viewer, saved_search_id=saved_search_id)
    return Response(status_code=204)


@router.get("/alerts")
def list_alerts(viewer: ViewerDep, uow: UowDep, unread: bool = False) -> Page[AlertPublic]:
    return _page(AlertPublic, workspace.list_alerts(uow, viewer=viewer, unread_only=unread))


@router.post("/alerts/{alert_id}/read", status_code=204)
def mark_alert_read(alert_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.mark_alert_read(uow, viewer=viewer, alert_id=alert_id)
    return Response(status_code=204)


# --- meeting requests ------------------------------------------------------------------------------------


class ContactRequestCreate(Input):
    to_organization_id: int = Field(ge=1, le=2**31 - 1)
    message: str = Field(min_length=1, max_length=5_000)
    need_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class ContactAnswer(Input):
    accept: bool
    response: str = Field(default="", max_length=5_000)


@router.get("/contact-requests")
def list_contact_requests(
    viewer: ViewerDep, uow: UowDep, box: Literal["received", "sent", "all"] = "all"
) -> Page[ContactRequestPublic]:
    return _page(ContactRequestPublic, workspace.list_contact_requests(uow, viewer=viewer, box=box))


@router.post("/contact-requests", status_code=201)
def send_contact_request(
    body: ContactRequestCreate, viewer: ViewerDep, uow: UowDep, context: ContextDep
) -> ContactRequestPublic:
    return _one(
        ContactRequestPublic,
        workspace.send_contact_request(
            uow,
            viewer=viewer,
            to_organization_id=body.to_organization_id,
            message=body.message,
            need_id=body.need_id,
            ttl_days=context.settings.meeting_request_ttl_days,
        ),
    )


@router.get("/contact-requests/{request_id}")
def get_contact_request(request_id: Id, viewer: ViewerDep, uow: UowDep) -> ContactRequestPublic:
    return _one(
        ContactRequestPublic, workspace.get_contact_request(uow, viewer=viewer, request_id=request_id)
    )


@router.post("/contact-requests/{request_id}/respond")
def respond_contact_request(
    request_id: Id, body: ContactAnswer, viewer: ViewerDep, uow: UowDep
) -> ContactRequestPublic:
    return _one(
        ContactRequestPublic,
        workspace.respond_contact_request(
            uow, viewer=viewer, request_id=request_id, accept=body.accept, response=body.response
        ),
    )


@router.delete("/contact-requests/{request_id}", status_code=204)
def withdraw_contact_request(request_id: Id, viewer: ViewerDep, uow: UowDep) -> Response:
    workspace.withdraw_contact_request(uow, viewer=viewer, request_id=request_id)
    return Response(status_code=204)
