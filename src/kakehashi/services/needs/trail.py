"""A need's audit trail: who viewed or changed it, for the owning organization's admins and the organizers
it shares with."""

from __future__ import annotations

from kakehashi.domain.access import Role, Viewer, can_view_workspace
from kakehashi.domain.errors import NotFound
from kakehashi.services.audit import MAX_ENTRIES, AuditEntry
from kakehashi.services.sharing import shares_of
from kakehashi.services.unit_of_work import UnitOfWork


def need_trail(uow: UnitOfWork, *, viewer: Viewer, need_id: int, limit: int = 200) -> list[AuditEntry]:
    """Who viewed or changed one need, newest first (reading the trail is not itself logged)."""
    limit = max(1, min(limit, MAX_ENTRIES))
    with uow:
        need = uow.needs.get(need_id)
        if need is None or not can_view_workspace(
            viewer, owner_organization_id=need.organization_id, shares=shares_of(uow, viewer)
        ):
            raise NotFound("no need with id {need_id}", need_id=need_id)
        if not (viewer.is_organizer or viewer.role is Role.ADMIN):
            # Members may see the need but not who else looked at it.
            raise NotFound("no audit trail for need {need_id}", need_id=need_id)
        return uow.needs.audit_trail(entity_type="need", entity_id=need_id, limit=limit)
