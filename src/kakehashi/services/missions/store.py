"""Missions as stored: import and export the JSON instance, list and read missions, add participants.

Also the conversions every other mission module shares: a stored mission to a planning instance, a stored
version to its summary and its schedule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kakehashi.adapters.planner.instance_codec import read_instance
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.names import one_line, optional_line
from kakehashi.domain.planning import (
    Instance,
    Interpreter,
    Participant,
    Request,
    Role,
    Schedule,
    Slot,
    Travel,
    Venue,
    instance_from_dict,
)
from kakehashi.services.missions.access import (
    Actor,
    check_can_plan,
    plannable_mission,
    visible_mission,
    visible_organization,
)
from kakehashi.services.missions.results import MissionDetail, RequestItem, VersionSummary
from kakehashi.services.repositories.missions import (
    MissionItem,
    MissionRecord,
    ParticipantRecord,
    VersionRecord,
)
from kakehashi.services.unit_of_work import UnitOfWork

DEFAULT_TIMEZONE = "Asia/Jerusalem"


# --------------------------------------------------------------------------------------------- shared helpers


def now_or(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            'unknown time zone "{name}" (use an IANA name such as Asia/Jerusalem)', name=name
        ) from None
    return name


def instance_of(mission: MissionRecord) -> Instance:
    """The planning problem as it stands: active participants and accepted requests only."""
    active = {p.key for p in mission.participants if p.status == "active"}
    return Instance(
        name=mission.name,
        slots=tuple(Slot(s.key, s.day, s.starts_at, s.ends_at) for s in mission.slots),
        venues=tuple(Venue(v.key, v.name, v.capacity, v.city) for v in mission.venues),
        travel=tuple(Travel(t.from_venue, t.to_venue, t.minutes) for t in mission.travel),
        participants=tuple(
            Participant(
                p.key,
                p.name,
                p.organization_name or p.name,
                Role(p.role),
                p.venue,
                frozenset(p.available) if p.available is not None else None,
                p.max_meetings,
            )
            for p in mission.participants
            if p.key in active
        ),
        requests=tuple(
            Request(r.delegate, r.host, r.weight, r.mandatory, r.interpreter)
            for r in mission.requests
            if r.status == "accepted" and r.delegate in active and r.host in active
        ),
        interpreters=tuple(
            Interpreter(
                i.key,
                i.name,
                tuple(i.languages),
                frozenset(i.available) if i.available is not None else None,
            )
            for i in mission.interpreters
        ),
    )


def validated_instance(mission: MissionRecord) -> Instance:
    # Round-trip through the validator: a mission edited since import must still be a sound instance.
    return instance_from_dict(instance_of(mission).to_dict())


def summary_of(mission_id: int, version: VersionRecord) -> VersionSummary:
    return VersionSummary(
        mission_id=mission_id,
        number=version.number,
        kind=version.kind,
        status=version.status,
        objective=float(version.objective or 0.0),
        bound=float(version.bound if version.bound is not None else version.objective or 0.0),
        meetings=len(version.meetings),
        unscheduled=len(version.unscheduled),
        created_at=version.created_at,
        parent_number=version.parent,
        changes=dict(version.changes),
        stats=dict(version.stats),
    )


def schedule_of(version: VersionRecord) -> Schedule:
    data = {
        "status": version.status,
        "objective": version.objective or 0.0,
        "bound": version.bound if version.bound is not None else version.objective or 0.0,
        "meetings": [
            {
                "delegate": m.delegate,
                "host": m.host,
                "slot": m.slot,
                "venue": m.venue,
                **({"interpreter": m.interpreter} if m.interpreter else {}),
            }
            for m in version.meetings
        ],
        "unscheduled": [dict(u) for u in version.unscheduled],
        "stats": dict(version.stats),
    }
    return Schedule.from_dict(data)


def version_of(mission: MissionRecord, number: int | None) -> VersionRecord:
    """The latest version, or the one numbered `number`; NotFound when there is none."""
    if not mission.versions:
        raise NotFound(
            "mission {mission_id} has no schedule yet: run `kakehashi schedule run {mission_id}` first",
            mission_id=mission.id,
        )
    if number is None:
        return mission.versions[-1]
    for version in mission.versions:
        if version.number == number:
            return version
    raise NotFound(
        "mission {mission_id} has no schedule version {number}", mission_id=mission.id, number=number
    )


def item_of(mission: MissionRecord) -> MissionItem:
    active = [p for p in mission.participants if p.status == "active"]
    return MissionItem(
        id=mission.id,
        name=mission.name,
        status=mission.status,
        timezone=mission.timezone,
        delegates=sum(1 for p in active if p.role == "delegate"),
        hosts=sum(1 for p in active if p.role == "host"),
        requests=sum(1 for r in mission.requests if r.status == "accepted"),
        versions=len(mission.versions),
        created_at=mission.created_at,
    )


# --------------------------------------------------------------------------------------------- instance <-> db


def import_instance(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    data: Any,
    organizer_organization_id: int | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    name: str | None = None,
) -> int:
    """Store an instance (the JSON exchange format) as a new mission; validates it first, stores nothing if bad.

    A signed-in organizer's mission is always its own organization's; the command line may name any owner."""
    check_can_plan(viewer)
    if isinstance(viewer, Viewer):
        if organizer_organization_id not in (None, viewer.organization_id):
            raise PermissionDenied("only the organizer that owns this mission may change or plan it")
        organizer_organization_id = viewer.organization_id
    instance = read_instance(data)  # a file or form from a person: every problem named by where it is
    check_zone(timezone)
    with uow:
        if organizer_organization_id is not None and not uow.missions.organization_exists(
            organizer_organization_id
        ):
            raise NotFound("no organization {organization_id}", organization_id=organizer_organization_id)
        mission_id = uow.missions.add(
            instance,
            name=one_line(name or "") or instance.name,  # the instance's own names are cleaned by the domain
            organizer_organization_id=organizer_organization_id,
            timezone=timezone,
            created_at=datetime.now(UTC),
        )
        uow.commit()
    return mission_id


def load_instance(uow: UnitOfWork, *, viewer: Actor, mission_id: int) -> Instance:
    """The mission as a planning instance (active participants, accepted requests)."""
    with uow:
        return instance_of(visible_mission(uow, viewer, mission_id))


def export_instance(uow: UnitOfWork, *, viewer: Actor, mission_id: int) -> dict[str, Any]:
    """The mission in the JSON exchange format (what `schedule solve` reads)."""
    return load_instance(uow, viewer=viewer, mission_id=mission_id).to_dict()


# --------------------------------------------------------------------------------------------- reading


def list_missions(uow: UnitOfWork, *, viewer: Actor) -> list[MissionItem]:
    """Every mission the viewer may see, newest first, with its size."""
    with uow:
        return uow.missions.list_items(organization_id=visible_organization(viewer))


def count_missions(uow: UnitOfWork, *, viewer: Actor) -> int:
    return len(list_missions(uow, viewer=viewer))


def mission_item(uow: UnitOfWork, *, viewer: Actor, mission_id: int) -> MissionItem:
    """One mission as lists show it (NotFound when the viewer may not see it)."""
    with uow:
        return item_of(visible_mission(uow, viewer, mission_id))


def mission_detail(uow: UnitOfWork, *, viewer: Actor, mission_id: int) -> MissionDetail:
    """The mission's summary, its instance (exchange format), its schedule versions and its requests."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
        return MissionDetail(
            item=item_of(mission),
            instance=instance_of(mission).to_dict(),
            versions=[summary_of(mission.id, v) for v in mission.versions],
            requests=[RequestItem.of(r) for r in mission.requests],
        )


# --------------------------------------------------------------------------------------------- editing


def add_participant(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    key: str,
    name: str,
    role: str,
    organization: str | None = None,
    organization_id: int | None = None,
    name_ja: str | None = None,
    venue: str | None = None,
    available: Sequence[str] | None = None,
    max_meetings: int | None = None,
    contacts: Sequence[Mapping[str, str]] = (),
    languages: Sequence[str] = (),
    needs_interpreter: bool = False,
) -> str:
    """Add a delegate team or a host to a mission; returns its id."""
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        key, name = key.strip(), one_line(name)  # names are shown on one line: no line breaks or controls
        if not key or not name:
            raise InvalidInput("a participant needs an id and a name")
        if role not in ("delegate", "host"):
            raise InvalidInput('role must be "delegate" or "host", not {role!r}', role=role)
        if mission.participant(key) is not None:
            raise InvalidInput('participant id "{key}" is already used in this mission', key=key)
        if venue is not None and venue not in {v.key for v in mission.venues}:
            raise InvalidInput('unknown venue "{venue}"', venue=venue)
        if role == "host" and venue is None:
            raise InvalidInput("a host needs a venue")
        if available is not None:
            slot_keys = {s.key for s in mission.slots}
            unknown = [s for s in available if s not in slot_keys]
            if unknown:
                raise InvalidInput('unknown slot "{slot}" in availability', slot=unknown[0])
        if max_meetings is not None and max_meetings < 0:
            raise InvalidInput("max_meetings cannot be negative")
        if organization_id is not None and not uow.missions.organization_exists(organization_id):
            raise NotFound("no organization {organization_id}", organization_id=organization_id)
        uow.missions.add_participant(
            mission_id,
            ParticipantRecord(
                key=key,
                role=role,
                name=name,
                organization_name=optional_line(organization),
                organization_id=organization_id,
                name_ja=optional_line(name_ja),
                venue=venue,
                available=tuple(available) if available is not None else None,
                max_meetings=max_meetings,
                contacts=tuple(dict(c) for c in contacts),
                languages=tuple(languages),
                needs_interpreter=needs_interpreter,
            ),
        )
        uow.commit()
    return key
