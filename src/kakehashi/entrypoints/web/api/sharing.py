"""The organizer scope over JSON: which organizer organizations may read this organization's private data
(needs, shortlists, notes, pipeline, meeting requests). Sharing and withdrawing is an administrator's act."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from kakehashi.entrypoints.web.api.schemas import Page
from kakehashi.entrypoints.web.api.schemas.workspace import OrgRefPublic
from kakehashi.entrypoints.web.deps import UowDep, ViewerDep
from kakehashi.services import sharing

router = APIRouter(prefix="/sharing", tags=["sharing"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("")
def shared_organizers(viewer: ViewerDep, uow: UowDep) -> Page[OrgRefPublic]:
    """The organizer organizations this organization shares its private data with."""
    found = sharing.list_shared_organizers(uow, viewer=viewer)
    return Page[OrgRefPublic](
        items=[OrgRefPublic(id=o.id, name=o.name, kind=o.kind.value) for o in found], total=len(found)
    )


@router.put("/{organizer_id}")
def share(organizer_id: Id, viewer: ViewerDep, uow: UowDep) -> OrgRefPublic:
    """Let one organizer organization read this organization's private data (administrators only)."""
    organizer = sharing.share_with_organizer(uow, viewer=viewer, organizer_organization_id=organizer_id)
    return OrgRefPublic(id=organizer.id, name=organizer.name, kind=organizer.kind.value)


@router.delete("/{organizer_id}", status_code=204, response_class=Response)
def stop_sharing(organizer_id: Id, viewer: ViewerDep, uow: UowDep) -> None:
    """Withdraw the share: the organizer no longer reads anything private of this organization."""
    sharing.stop_sharing(uow, viewer=viewer, organizer_organization_id=organizer_id)
