"""Who may see and run delegation missions: organizers run them; member organizations see their own."""

from __future__ import annotations

from sqlalchemy import or_, select

from kakehashi.adapters.db.models import Mission, MissionParticipant
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import NotFound, PermissionDenied
from kakehashi.services.unit_of_work import UnitOfWork


def visible_mission_ids(uow: UnitOfWork, *, viewer: Viewer) -> set[int] | None:
    """None when the viewer sees every mission (organizers); otherwise the missions their organization
    organizes or takes part in. Call inside an open unit of work."""
    if viewer.is_organizer:
        return None
    participating = select(MissionParticipant.mission_id).where(
        MissionParticipant.organization_id == viewer.organization_id
    )
    ids = uow.session.scalars(
        select(Mission.id).where(
            or_(Mission.organizer_organization_id == viewer.organization_id, Mission.id.in_(participating))
        )
    ).all()
    return {int(i) for i in ids}


def check_mission_visible(uow: UnitOfWork, *, viewer: Viewer, mission_id: int) -> None:
    """NotFound unless the mission exists and the viewer may see it (existence does not leak)."""
    scope = visible_mission_ids(uow, viewer=viewer)
    if (scope is not None and mission_id not in scope) or uow.session.get(Mission, mission_id) is None:
        raise NotFound(f"no mission with id {mission_id}")


def check_can_plan(viewer: Viewer) -> None:
    """Importing, solving and repairing missions is the organizers' job."""
    if not viewer.is_organizer or not viewer.can_write:
        raise PermissionDenied("only organizers may create and plan missions")
