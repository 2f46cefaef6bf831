"""Who may see and change what in a workspace (domain.access applied to the records the repository reads).

What the viewer may not see is NotFound, so existence never leaks; what they may see but not change is
PermissionDenied.
"""

from __future__ import annotations

from kakehashi.domain.access import Viewer, can_edit_workspace, can_view_need, can_view_workspace
from kakehashi.domain.errors import NotFound, PermissionDenied
from kakehashi.domain.workspace import OrgRef
from kakehashi.services.sharing import shares_of
from kakehashi.services.unit_of_work import UnitOfWork


def require_writer(viewer: Viewer) -> None:
    if not viewer.can_write:
        raise PermissionDenied("your role (viewer) may look but not change anything")


def check_editable(viewer: Viewer, owner_organization_id: int) -> None:
    require_writer(viewer)
    if not can_edit_workspace(viewer, owner_organization_id=owner_organization_id):
        raise PermissionDenied("only the organization that owns this may change it")


def visible(uow: UnitOfWork, viewer: Viewer, owner_organization_id: int) -> bool:
    """Call inside an open unit of work (an organizer's shares are read from it)."""
    return can_view_workspace(
        viewer, owner_organization_id=owner_organization_id, shares=shares_of(uow, viewer)
    )


def owner_scope(uow: UnitOfWork, viewer: Viewer, organization_id: int | None) -> int:
    """Whose workspace a listing shows: one's own, or (organizers only) that of an organization sharing its
    data with them. Call inside an open unit of work."""
    if organization_id is None or organization_id == viewer.organization_id:
        return viewer.organization_id
    if not visible(uow, viewer, organization_id):
        raise NotFound("no organization with id {organization_id}", organization_id=organization_id)
    return organization_id


def existing_organization(uow: UnitOfWork, organization_id: int) -> OrgRef:
    org = uow.workspace.organization(organization_id)
    if org is None:
        raise NotFound("no organization with id {organization_id}", organization_id=organization_id)
    return org


def check_visible_need(uow: UnitOfWork, viewer: Viewer, need_id: int) -> None:
    need = uow.workspace.need_access(need_id)
    if need is None or not can_view_need(
        viewer,
        owner_organization_id=need.organization_id,
        visibility=need.visibility,
        shares=shares_of(uow, viewer),
    ):
        raise NotFound("no need with id {need_id}", need_id=need_id)
