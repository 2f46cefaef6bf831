"""Who may see and run delegation missions: the owning organizer runs one; organizations taking part see it.

Every mission service checks here itself, inside its own unit of work, so no route can forget it.
"""

from __future__ import annotations

from kakehashi.domain.access import SystemActor, Viewer, can_plan_mission, can_view_mission
from kakehashi.domain.errors import NotFound, PermissionDenied
from kakehashi.services.repositories.missions import MissionRecord
from kakehashi.services.unit_of_work import UnitOfWork

Actor = Viewer | SystemActor


def can_plan(actor: Actor) -> bool:
    """Importing, solving and repairing missions is the organizers' (writers') job."""
    return isinstance(actor, SystemActor) or (actor.is_organizer and actor.can_write)


def check_can_plan(actor: Actor) -> None:
    """PermissionDenied unless the actor may create and plan missions."""
    if not can_plan(actor):
        raise PermissionDenied("only organizers may create and plan missions")


def may_see(actor: Actor, mission: MissionRecord) -> bool:
    """An organization sees the missions it owns or takes part in (domain.access.can_view_mission); organizers
    do not see each other's missions."""
    if isinstance(actor, SystemActor):
        return True
    return can_view_mission(
        actor,
        owner_organization_id=mission.organizer_organization_id,
        participant_organization_ids=(p.organization_id for p in mission.participants),
    )


def visible_mission(uow: UnitOfWork, actor: Actor, mission_id: int) -> MissionRecord:
    """The mission, or NotFound when it does not exist or the actor may not see it (existence does not leak).

    Call inside an open unit of work."""
    mission = uow.missions.get(mission_id)
    if mission is None or not may_see(actor, mission):
        raise NotFound("no mission {mission_id}", mission_id=mission_id)
    return mission


def plannable_mission(uow: UnitOfWork, actor: Actor, mission_id: int) -> MissionRecord:
    """The mission, for an actor who may plan it: PermissionDenied for a non-organizer, NotFound for a mission
    the actor cannot see, PermissionDenied for one it sees but does not own (an invited organizer)."""
    check_can_plan(actor)
    mission = visible_mission(uow, actor, mission_id)
    if not isinstance(actor, SystemActor) and not can_plan_mission(
        actor, owner_organization_id=mission.organizer_organization_id
    ):
        raise PermissionDenied("only the organizer that owns this mission may change or plan it")
    return mission


def visible_organization(actor: Actor) -> int | None:
    """None when the actor sees every mission (the command line); otherwise the organization whose owned and
    joined missions it sees."""
    if isinstance(actor, SystemActor):
        return None
    return actor.organization_id
