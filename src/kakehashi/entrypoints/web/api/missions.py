"""Delegation missions: import an instance, plan it, read the schedule, download agendas.

Organizers run missions; organizations that organize or take part in one may read it. The mission services
check both themselves; each route parses, calls one service and shapes the answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response
from pydantic import Field

from kakehashi.entrypoints.web.api.schemas import Input, Page, to_json
from kakehashi.entrypoints.web.api.schemas.jobs import JobPublic, job_public
from kakehashi.entrypoints.web.api.schemas.missions import (
    MissionDetailPublic,
    MissionPublic,
    MissionRequestPublic,
    MissionSchedulePublic,
)
from kakehashi.entrypoints.web.deps import JobQueueDep, UowDep, ViewerDep
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.services import job_kinds, missions

router = APIRouter(prefix="/missions", tags=["missions"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Version = Annotated[int | None, Query(ge=1, le=100_000)]
Key = Annotated[str, Field(min_length=1, max_length=100)]
CALENDAR: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/calendar": {"schema": {"type": "string", "format": "binary"}}},
        "description": "an iCalendar file (RFC 5545)",
    }
}


@router.get("")
def list_missions(
    viewer: ViewerDep,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[MissionPublic]:
    """`{"items", "total"}`: missions the viewer may see, newest first."""
    items = missions.list_missions(uow, viewer=viewer)
    return Page[MissionPublic](
        items=[MissionPublic.model_validate(to_json(m)) for m in items[offset : offset + limit]],
        total=len(items),
    )


@router.post("", status_code=201)
def create_mission(
    viewer: ViewerDep,
    uow: UowDep,
    instance: Annotated[dict[str, Any], Body(description="the mission in the JSON exchange format")],
    name: Annotated[str | None, Query(max_length=300)] = None,
    timezone: Annotated[str, Query(max_length=64)] = missions.DEFAULT_TIMEZONE,
) -> MissionDetailPublic:
    """Import an instance as a new mission (validated first; nothing is stored when it is unsound)."""
    mission_id = missions.import_instance(
        uow,
        viewer=viewer,
        data=instance,
        organizer_organization_id=viewer.organization_id,
        timezone=timezone,
        name=name,
    )
    return _detail(uow, viewer, mission_id)


@router.get("/{mission_id}")
def get_mission(mission_id: Id, viewer: ViewerDep, uow: UowDep) -> MissionDetailPublic:
    """The mission's summary, its instance (exchange format) and its schedule versions."""
    return _detail(uow, viewer, mission_id)


@router.post("/{mission_id}/solve", status_code=202, dependencies=[rate_limited("planner")])
def solve_mission(
    mission_id: Id,
    viewer: ViewerDep,
    uow: UowDep,
    queue: JobQueueDep,
    time_limit: Annotated[float, Query(ge=1, le=300)] = 30.0,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    weight_tolerance: Annotated[
        float,
        Query(ge=0, le=1, description="Fraction of placed weight compact days may cost (0: none)"),
    ] = 0.0,
) -> JobPublic:
    """Queue a planner run (202 with the job; follow `GET /api/v1/jobs/{id}`); its result is a new schedule
    version. While a run of this mission is queued or running, that run's job is answered."""
    job = job_kinds.start_solve(
        uow,
        queue,
        viewer=viewer,
        mission_id=mission_id,
        time_limit=time_limit,
        seed=seed,
        weight_tolerance=weight_tolerance,
    )
    return job_public(job)


@router.get("/{mission_id}/schedule")
def get_schedule(
    mission_id: Id, viewer: ViewerDep, uow: UowDep, version: Version = None
) -> MissionSchedulePublic:
    """The latest schedule (or `version`): meetings, left-out requests with reasons, bound and gap."""
    stored = missions.latest_schedule(uow, viewer=viewer, mission_id=mission_id, version=version)
    return MissionSchedulePublic.model_validate(
        {"version": stored.summary.to_dict(), **stored.schedule.to_dict()}
    )


@router.get("/{mission_id}/agenda.ics", response_class=Response, responses=CALENDAR)
def mission_agenda(mission_id: Id, viewer: ViewerDep, uow: UowDep, version: Version = None) -> Response:
    """Every meeting of the mission as one calendar."""
    plan = missions.plan_view(uow, viewer=viewer, mission_id=mission_id, version=version)
    return _ics(missions.mission_calendar(plan), f"mission-{mission_id}.ics")


@router.get("/{mission_id}/agenda/{participant}.ics", response_class=Response, responses=CALENDAR)
def participant_agenda(
    mission_id: Id,
    participant: Annotated[str, Path(max_length=100)],
    viewer: ViewerDep,
    uow: UowDep,
    version: Version = None,
) -> Response:
    """One participant's agenda (.ics with the venue's time zone); cancelled meetings are marked so."""
    plan = missions.plan_view(uow, viewer=viewer, mission_id=mission_id, version=version)
    return _ics(
        missions.participant_calendar(plan, participant), f"mission-{mission_id}-{_safe(participant)}.ics"
    )


class RepairIn(Input):
    """What happened since the last schedule (late requests go through the instance or the CLI)."""

    cancellations: list[tuple[Key, Key]] = Field(default_factory=list, max_length=10_000)
    dropouts: list[Key] = Field(default_factory=list, max_length=10_000)


@router.post("/{mission_id}/repair", status_code=202, dependencies=[rate_limited("planner")])
def repair_mission(
    mission_id: Id,
    body: RepairIn,
    viewer: ViewerDep,
    uow: UowDep,
    queue: JobQueueDep,
    time_limit: Annotated[float, Query(ge=1, le=300)] = 30.0,
) -> JobPublic:
    """Queue a repair of the latest schedule after cancellations or dropouts, moving as few meetings as
    possible (202 with the job; its result names the new version and what changed)."""
    changes = missions.RepairChanges(cancellations=tuple(body.cancellations), dropouts=tuple(body.dropouts))
    job = job_kinds.start_repair(
        uow, queue, viewer=viewer, mission_id=mission_id, changes=changes, time_limit=time_limit
    )
    return job_public(job)


@router.get("/{mission_id}/requests")
def list_requests(
    mission_id: Id,
    viewer: ViewerDep,
    uow: UowDep,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[MissionRequestPublic]:
    """`{"items", "total"}`: the mission's meeting requests and where each stands (pending ones expire)."""
    items = missions.list_requests(uow, viewer=viewer, mission_id=mission_id, status=status)
    return Page[MissionRequestPublic](
        items=[MissionRequestPublic.model_validate(to_json(r)) for r in items], total=len(items)
    )


def _detail(uow: UowDep, viewer: ViewerDep, mission_id: int) -> MissionDetailPublic:
    detail = missions.mission_detail(uow, viewer=viewer, mission_id=mission_id)
    return MissionDetailPublic.model_validate(
        {
            **to_json(detail.item),
            "instance": detail.instance,
            "versions": [v.to_dict() for v in detail.versions],
        }
    )


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
