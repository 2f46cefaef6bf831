"""Delegation missions: import an instance, plan it, read the schedule, download agendas.

Organizers run missions; organizations that organize or take part in one may read it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response
from pydantic import Field

from kakehashi.adapters.exports.agenda_ics import mission_calendar_ics, participant_agenda_ics
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.entrypoints.web.api.schemas import Input, to_json
from kakehashi.entrypoints.web.deps import UowDep, ViewerDep
from kakehashi.services import missions
from kakehashi.services.mission_access import check_can_plan, check_mission_visible, visible_mission_ids
from kakehashi.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/missions", tags=["missions"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Version = Annotated[int | None, Query(ge=1, le=100_000)]
Key = Annotated[str, Field(min_length=1, max_length=100)]


@router.get("")
def list_missions(
    viewer: ViewerDep,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """`{"items", "total"}`: missions the viewer may see, newest first."""
    with uow:
        scope = visible_mission_ids(uow, viewer=viewer)
        items = [m for m in missions.list_missions(uow) if scope is None or m.id in scope]
    return {
        "items": to_json([m for m in items[offset : offset + limit]]),
        "total": len(items),
    }


@router.post("", status_code=201)
def create_mission(
    viewer: ViewerDep,
    uow: UowDep,
    instance: Annotated[dict[str, Any], Body(description="the mission in the JSON exchange format")],
    name: Annotated[str | None, Query(max_length=300)] = None,
    timezone: Annotated[str, Query(max_length=64)] = missions.DEFAULT_TIMEZONE,
) -> dict[str, Any]:
    """Import an instance as a new mission (validated first; nothing is stored when it is unsound)."""
    check_can_plan(viewer)
    with uow:
        mission_id = missions.import_instance(
            uow, data=instance, organizer_organization_id=viewer.organization_id, timezone=timezone, name=name
        )
    return _detail(uow, viewer, mission_id)


@router.get("/{mission_id}")
def get_mission(mission_id: Id, viewer: ViewerDep, uow: UowDep) -> dict[str, Any]:
    """The mission's summary, its instance (exchange format) and its schedule versions."""
    return _detail(uow, viewer, mission_id)


@router.post("/{mission_id}/solve")
def solve_mission(
    mission_id: Id,
    viewer: ViewerDep,
    uow: UowDep,
    time_limit: Annotated[float, Query(ge=1, le=300)] = 30.0,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> dict[str, Any]:
    """Plan the mission from scratch; the result is stored as a new schedule version."""
    check_can_plan(viewer)
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        summary = missions.solve_mission(uow, mission_id=mission_id, time_limit=time_limit, seed=seed)
    return summary.to_dict()


@router.get("/{mission_id}/schedule")
def get_schedule(mission_id: Id, viewer: ViewerDep, uow: UowDep, version: Version = None) -> dict[str, Any]:
    """The latest schedule (or `version`): meetings, left-out requests with reasons, bound and gap."""
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        stored = missions.latest_schedule(uow, mission_id=mission_id, version=version)
    return {"version": stored.summary.to_dict(), **stored.schedule.to_dict()}


@router.get("/{mission_id}/agenda.ics")
def mission_agenda(mission_id: Id, viewer: ViewerDep, uow: UowDep, version: Version = None) -> Response:
    """Every meeting of the mission as one calendar."""
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        plan = missions.plan_view(uow, mission_id=mission_id, version=version)
    return _ics(mission_calendar_ics(plan), f"mission-{mission_id}.ics")


@router.get("/{mission_id}/agenda/{participant}.ics")
def participant_agenda(
    mission_id: Id,
    participant: Annotated[str, Path(max_length=100)],
    viewer: ViewerDep,
    uow: UowDep,
    version: Version = None,
) -> Response:
    """One participant's agenda (.ics with the venue's time zone); cancelled meetings are marked so."""
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        plan = missions.plan_view(uow, mission_id=mission_id, version=version)
    return _ics(participant_agenda_ics(plan, participant), f"mission-{mission_id}-{_safe(participant)}.ics")


class RepairIn(Input):
    """What happened since the last schedule (late requests go through the instance or the CLI)."""

    cancellations: list[tuple[Key, Key]] = Field(default_factory=list, max_length=10_000)
    dropouts: list[Key] = Field(default_factory=list, max_length=10_000)


@router.post("/{mission_id}/repair")
def repair_mission(
    mission_id: Id,
    body: RepairIn,
    viewer: ViewerDep,
    uow: UowDep,
    time_limit: Annotated[float, Query(ge=1, le=300)] = 30.0,
) -> dict[str, Any]:
    """Repair the latest schedule after cancellations or dropouts, moving as few meetings as possible."""
    check_can_plan(viewer)
    changes = missions.RepairChanges(cancellations=tuple(body.cancellations), dropouts=tuple(body.dropouts))
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        outcome = missions.repair_mission(uow, mission_id=mission_id, changes=changes, time_limit=time_limit)
    return {
        "version": outcome.summary.to_dict() if outcome.summary else None,
        "changes": outcome.report.to_dict(),
        **outcome.schedule.to_dict(),
    }


@router.get("/{mission_id}/requests")
def list_requests(
    mission_id: Id,
    viewer: ViewerDep,
    uow: UowDep,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    """`{"items", "total"}`: the mission's meeting requests and where each stands (pending ones expire)."""
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        items = missions.list_requests(uow, mission_id=mission_id, status=status)
    return {"items": to_json(items), "total": len(items)}


def _detail(uow: UnitOfWork, viewer: Viewer, mission_id: int) -> dict[str, Any]:
    with uow:
        check_mission_visible(uow, viewer=viewer, mission_id=mission_id)
        item = next((m for m in missions.list_missions(uow) if m.id == mission_id), None)
        if item is None:
            raise InvalidInput(f"mission {mission_id} could not be read")
        instance = missions.export_instance(uow, mission_id=mission_id)
        versions = [v.to_dict() for v in missions.schedule_history(uow, mission_id=mission_id)]
    return {**to_json(item), "instance": instance, "versions": versions}


def _safe(text: str) -> str:
    return (
        "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in text)[:60] or "agenda"
    )


def _ics(data: bytes, filename: str) -> Response:
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
