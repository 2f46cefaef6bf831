"""Delegation missions: import/export the JSON instance, plan and re-plan schedules, keep their history,
manage participants and meeting requests, and tell each team what it asked for and got.

Services take an entered unit of work (`with context.uow() as uow: ...`) and commit it themselves.
The file-to-file functions (`solve_instance`, `repair_instance`) need no database at all.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kakehashi.adapters.db.models import (
    MeetingRequest,
    Mission,
    MissionDay,
    MissionInterpreter,
    MissionParticipant,
    MissionSlot,
    MissionTravel,
    MissionVenue,
    Organization,
    ScheduledMeeting,
    ScheduleVersion,
)
from kakehashi.adapters.exports.plan_view import (
    MeetingView,
    PartyView,
    PlanView,
    RequestView,
    SlotView,
    UnscheduledView,
    VenueView,
)
from kakehashi.adapters.exports.plan_view import team_summary as _team_summary
from kakehashi.domain.errors import InvalidInput, KakehashiError, NotFound
from kakehashi.domain.planning import (
    Instance,
    Interpreter,
    Meeting,
    Participant,
    Reason,
    Request,
    Role,
    Schedule,
    Slot,
    Travel,
    Unscheduled,
    Venue,
    min_share,
)
from kakehashi.services.unit_of_work import UnitOfWork

Progress = Callable[[str, float], None]

DEFAULT_TIMEZONE = "Asia/Jerusalem"
ORIGINS = ("delegate", "host", "mutual", "organizer")
REQUEST_STATUSES = ("pending", "accepted", "declined", "expired", "cancelled")


# --------------------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class MissionItem:
    """A mission as lists show it."""

    id: int
    name: str
    status: str
    timezone: str
    delegates: int
    hosts: int
    requests: int
    versions: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """One stored schedule version: how good it is and what changed from its parent."""

    mission_id: int
    number: int
    kind: str  # solve | repair
    status: str
    objective: float
    bound: float
    meetings: int
    unscheduled: int
    created_at: datetime
    parent_number: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mission_id": self.mission_id,
            "version": self.number,
            "kind": self.kind,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": round(self.gap, 6),
            "meetings": self.meetings,
            "unscheduled": self.unscheduled,
            "created_at": self.created_at.isoformat(),
            "parent": self.parent_number,
            "changes": self.changes,
        }


@dataclass(frozen=True, slots=True)
class StoredSchedule:
    """The latest (or a chosen) version with its schedule in the exchange format."""

    summary: VersionSummary
    schedule: Schedule
    uids: dict[tuple[str, str], str]  # (delegate, host) -> stable meeting UID


@dataclass(frozen=True, slots=True)
class RepairChanges:
    """What happened since the last schedule: cancelled requests, participants gone, requests added late."""

    cancellations: tuple[tuple[str, str], ...] = ()  # (delegate, host)
    dropouts: tuple[str, ...] = ()  # participant ids (usually hosts) who can no longer take part
    late_requests: tuple[Request, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.cancellations or self.dropouts or self.late_requests)


@dataclass(frozen=True, slots=True)
class MoveReport:
    """How a repaired schedule differs from the one it repairs; every unaffected meeting is `kept`."""

    kept: tuple[Meeting, ...]
    moved: tuple[tuple[Meeting, Meeting], ...]  # (before, after)
    added: tuple[Meeting, ...]
    dropped: tuple[Unscheduled, ...]
    dropped_from: tuple[Meeting, ...] = ()  # where each dropped meeting was, in the same order

    def to_dict(self) -> dict[str, Any]:
        """The planner's RepairReport shape; dropped entries also say the slot and venue they had."""
        places = {m.key: m for m in self.dropped_from}
        dropped = []
        for u in self.dropped:
            entry = u.to_dict()
            if (u.delegate, u.host) in places:
                entry["slot"] = places[(u.delegate, u.host)].slot
                entry["venue"] = places[(u.delegate, u.host)].venue
            dropped.append(entry)
        return {
            "kept": [m.to_dict() for m in self.kept],
            "moved": [{"from": before.to_dict(), "to": after.to_dict()} for before, after in self.moved],
            "added": [m.to_dict() for m in self.added],
            "dropped": dropped,
        }


@dataclass(frozen=True, slots=True)
class RepairOutcome:
    summary: VersionSummary | None  # None for file-to-file repairs
    schedule: Schedule
    report: MoveReport


@dataclass(frozen=True, slots=True)
class RequestItem:
    """A meeting request as the organizer and both sides see it."""

    id: int
    delegate: str
    host: str
    weight: float
    mandatory: bool
    origin: str
    status: str
    created_at: datetime
    expires_at: datetime | None
    note: str | None


# --------------------------------------------------------------------------------------------- helpers


def meeting_uid(mission_id: int | str, delegate: str, host: str) -> str:
    """Stable UID of the meeting between a delegate and a host in a mission: it survives any repair."""
    digest = hashlib.sha256(f"{delegate}\x1f{host}".encode()).hexdigest()[:20]
    prefix = f"m{mission_id}" if isinstance(mission_id, int) else mission_id
    return f"{prefix}-{digest}"


def file_namespace(instance: Instance) -> str:
    """UID prefix for schedules kept in files: derived from the instance name, so repairs keep it."""
    return "f" + hashlib.sha256(instance.name.encode()).hexdigest()[:10]


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite gives naive datetimes back; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _mission(uow: UnitOfWork, mission_id: int) -> Mission:
    mission = uow.session.get(Mission, mission_id)
    if mission is None:
        raise NotFound(f"no mission {mission_id}")
    assert isinstance(mission, Mission)
    return mission


def _participant(mission: Mission, key: str, *, role: str | None = None) -> MissionParticipant:
    for participant in mission.participants:
        if participant.key == key:
            if role is not None and participant.role != role:
                raise InvalidInput(f'"{key}" is a {participant.role}, not a {role}')
            return participant
    raise NotFound(f'no participant "{key}" in mission {mission.id}')


def _request(mission: Mission, delegate: str, host: str) -> MeetingRequest | None:
    for request in mission.requests:
        if request.delegate.key == delegate and request.host.key == host:
            return request
    return None


def _id(row: MeetingRequest | None) -> int | None:
    return row.id if row is not None else None


def _summary(version: ScheduleVersion) -> VersionSummary:
    parent = version.parent_id
    parent_number = None
    if parent is not None:
        parent_number = next((v.number for v in version.mission.versions if v.id == parent), None)
    return VersionSummary(
        mission_id=version.mission_id,
        number=version.number,
        kind=version.kind,
        status=version.status,
        objective=float(version.objective or 0.0),
        bound=float(version.bound if version.bound is not None else version.objective or 0.0),
        meetings=len(version.meetings),
        unscheduled=len(version.unscheduled or []),
        created_at=_aware(version.created_at),
        parent_number=parent_number,
        changes=dict(version.changes or {}),
        stats=dict(version.stats or {}),
    )


def _schedule_of(version: ScheduleVersion) -> Schedule:
    data = {
        "status": version.status,
        "objective": version.objective or 0.0,
        "bound": version.bound if version.bound is not None else version.objective or 0.0,
        "meetings": [
            {
                "delegate": m.delegate.key,
                "host": m.host.key,
                "slot": m.slot.key,
                "venue": m.venue.key,
                **({"interpreter": m.interpreter} if m.interpreter else {}),
            }
            for m in version.meetings
        ],
        "unscheduled": list(version.unscheduled or []),
        "stats": dict(version.stats or {}),
    }
    return Schedule.from_dict(data)


def _version(mission: Mission, number: int | None) -> ScheduleVersion:
    if not mission.versions:
        raise NotFound(
            f"mission {mission.id} has no schedule yet: run `kakehashi schedule run {mission.id}` first"
        )
    if number is None:
        return mission.versions[-1]
    for version in mission.versions:
        if version.number == number:
            return version
    raise NotFound(f"mission {mission.id} has no schedule version {number}")


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f'unknown time zone "{name}" (use an IANA name such as Asia/Jerusalem)') from None
    return name


# --------------------------------------------------------------------------------------------- instance <-> db


def import_instance(
    uow: UnitOfWork,
    *,
    data: Any,
    organizer_organization_id: int | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    name: str | None = None,
) -> int:
    """Store an instance (the JSON exchange format) as a new mission; validates it first, stores nothing if bad."""
    instance = Instance.from_dict(data)
    _zone(timezone)
    if (
        organizer_organization_id is not None
        and uow.session.get(Organization, organizer_organization_id) is None
    ):
        raise NotFound(f"no organization {organizer_organization_id}")
    mission = Mission(
        name=name or instance.name,
        organizer_organization_id=organizer_organization_id,
        timezone=timezone,
        status="draft",
        extra={},
    )
    uow.session.add(mission)
    days: dict[Any, MissionDay] = {}
    for day in instance.days:
        days[day] = MissionDay(day=day)
        mission.days.append(days[day])
    for position, slot in enumerate(instance.slots):
        mission.slots.append(
            MissionSlot(
                key=slot.id, position=position, day=days[slot.day], starts_at=slot.start, ends_at=slot.end
            )
        )
    venues: dict[str, MissionVenue] = {}
    for position, venue in enumerate(instance.venues):
        venues[venue.id] = MissionVenue(
            key=venue.id, position=position, name=venue.name, city=venue.city, capacity=venue.capacity
        )
        mission.venues.append(venues[venue.id])
    for position, travel in enumerate(instance.travel):
        mission.travel.append(
            MissionTravel(
                position=position,
                from_venue=venues[travel.from_venue],
                to_venue=venues[travel.to_venue],
                minutes=travel.minutes,
            )
        )
    slot_order = [s.id for s in instance.slots]
    for position, interp in enumerate(instance.interpreters):
        mission.interpreters.append(
            MissionInterpreter(
                key=interp.id,
                position=position,
                name=interp.name,
                languages=list(interp.languages),
                available=_ordered(interp.available, slot_order),
            )
        )
    people: dict[str, MissionParticipant] = {}
    for position, p in enumerate(instance.participants):
        people[p.id] = MissionParticipant(
            key=p.id,
            position=position,
            role=p.role.value,
            name=p.name,
            organization_name=p.organization,
            venue=venues[p.venue] if p.venue else None,
            available=_ordered(p.available, slot_order),
            max_meetings=p.max_meetings,
            contacts=[],
            languages=[],
            status="active",
        )
        mission.participants.append(people[p.id])
    created = datetime.now(UTC)
    for position, r in enumerate(instance.requests):
        mission.requests.append(
            MeetingRequest(
                delegate=people[r.delegate],
                host=people[r.host],
                position=position,
                weight=r.weight,
                mandatory=r.mandatory,
                interpreter=r.interpreter,
                origin="organizer",
                status="accepted",
                created_at=created,
            )
        )
    uow.session.flush()
    mission_id = int(mission.id)
    uow.commit()
    return mission_id


def _ordered(ids: frozenset[str] | None, order: Sequence[str]) -> list[str] | None:
    if ids is None:
        return None
    position = {key: i for i, key in enumerate(order)}
    return sorted(ids, key=lambda key: (position.get(key, len(position)), key))


def _instance(mission: Mission) -> Instance:
    """The planning problem as it stands: active participants and accepted requests only."""
    active = {p.key for p in mission.participants if p.status == "active"}
    return Instance(
        name=mission.name,
        slots=tuple(Slot(s.key, s.day.day, s.starts_at, s.ends_at) for s in mission.slots),
        venues=tuple(Venue(v.key, v.name, v.capacity, v.city) for v in mission.venues),
        travel=tuple(Travel(t.from_venue.key, t.to_venue.key, t.minutes) for t in mission.travel),
        participants=tuple(
            Participant(
                p.key,
                p.name,
                p.organization_name or p.name,
                Role(p.role),
                p.venue.key if p.venue else None,
                frozenset(p.available) if p.available is not None else None,
                p.max_meetings,
            )
            for p in mission.participants
            if p.key in active
        ),
        requests=tuple(
            Request(r.delegate.key, r.host.key, r.weight, r.mandatory, r.interpreter)
            for r in mission.requests
            if r.status == "accepted" and r.delegate.key in active and r.host.key in active
        ),
        interpreters=tuple(
            Interpreter(
                i.key,
                i.name,
                tuple(i.languages or ()),
                frozenset(i.available) if i.available is not None else None,
            )
            for i in mission.interpreters
        ),
    )


def load_instance(uow: UnitOfWork, *, mission_id: int) -> Instance:
    """The mission as a planning instance (active participants, accepted requests)."""
    return _instance(_mission(uow, mission_id))


def export_instance(uow: UnitOfWork, *, mission_id: int) -> dict[str, Any]:
    """The mission in the JSON exchange format (what `schedule solve` reads)."""
    return load_instance(uow, mission_id=mission_id).to_dict()


# --------------------------------------------------------------------------------------------- solving


def _solver() -> Any:
    # Imported on use: CP-SAT is heavy and only planning commands need it.
    try:
        return importlib.import_module("kakehashi.adapters.planner.solver")
    except ModuleNotFoundError as exc:
        raise KakehashiError(f"the meeting planner is not available ({exc.name} is missing)") from None


def _json_safe(value: Any) -> Any:
    """Stats as JSON both databases accept: no NaN or infinity, only plain types."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def solve_instance(
    *,
    data: Any,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Progress | None = None,
    started: float | None = None,
) -> tuple[Instance, Schedule]:
    """Validate an instance (JSON exchange format) and plan it; no database involved.

    With `started` (a time.monotonic() value), the limit counts from then: parsing is inside it.
    """
    instance = Instance.from_dict(data)
    _check_time_limit(time_limit)
    if started is not None:
        time_limit = max(0.5, time_limit - (time.monotonic() - started))
    schedule = _solver().solve(instance, time_limit=time_limit, seed=seed, progress=progress)
    assert isinstance(schedule, Schedule)
    return instance, schedule


def validate_instance(*, data: Any) -> Instance:
    """Parse and validate an instance; raises InvalidInput listing every problem."""
    return Instance.from_dict(data)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a valid instance makes impossible: an error for a mandatory meeting, else a warning."""

    severity: str  # error | warning
    message: str


def instance_findings(instance: Instance) -> list[Finding]:
    """Requests that can never happen (nobody is free at the same time, a host with no slot, max 0)."""
    findings: list[Finding] = []
    for p in instance.participants:
        if p.available is not None and not p.available:
            findings.append(Finding("warning", f'"{p.id}" ({p.name}) is not available in any slot'))
    for r in instance.requests:
        delegate, host = instance.participant(r.delegate), instance.participant(r.host)
        problem = None
        if not instance.common_slots(r):
            if host.available is not None and not host.available:
                problem = f"{host.name} is not available in any slot"
            elif delegate.available is not None and not delegate.available:
                problem = f"{delegate.name} is not available in any slot"
            else:
                problem = f"{delegate.name} and {host.name} are never available at the same time"
        elif host.max_meetings == 0 or delegate.max_meetings == 0:
            problem = (
                f"{host.name if host.max_meetings == 0 else delegate.name} takes no meetings (max_meetings 0)"
            )
        if problem is not None:
            kind = "mandatory meeting" if r.mandatory else "request"
            findings.append(
                Finding(
                    "error" if r.mandatory else "warning",
                    f'{kind} "{r.delegate}" -> "{r.host}" is impossible: {problem}',
                )
            )
    return findings


def _check_time_limit(time_limit: float) -> None:
    if not time_limit > 0:
        raise InvalidInput(f"the time limit must be a positive number of seconds, not {time_limit}")


def schedule_min_share(instance: Instance, schedule: Schedule) -> float:
    """The worst-served team's share of the weight it asked for."""
    return min_share(instance, list(schedule.meetings))


def _store_version(
    uow: UnitOfWork,
    mission: Mission,
    schedule: Schedule,
    *,
    kind: str,
    parent: ScheduleVersion | None,
    changes: dict[str, Any],
) -> ScheduleVersion:
    number = (max((v.number for v in mission.versions), default=0)) + 1
    version = ScheduleVersion(
        number=number,
        kind=kind,
        parent_id=parent.id if parent is not None else None,
        status=schedule.status.value,
        objective=_json_safe(schedule.objective),
        bound=_json_safe(schedule.bound),
        stats=_json_safe(dict(schedule.stats)),
        unscheduled=_json_safe([u.to_dict() for u in schedule.unscheduled]),
        changes=changes,
        created_at=datetime.now(UTC),
    )
    mission.versions.append(version)
    people = {p.key: p for p in mission.participants}
    slots = {s.key: s for s in mission.slots}
    venues = {v.key: v for v in mission.venues}
    uow.session.flush()  # late requests need their ids
    requests = {(r.delegate.key, r.host.key): r for r in mission.requests}
    # SEQUENCE grows each time a meeting changes, so calendars replace the old event instead of adding one.
    last_seen: dict[str, tuple[str, str, int]] = {}
    for earlier in mission.versions[:-1]:
        for old in earlier.meetings:
            last_seen[old.uid] = (old.slot.key, old.venue.key, old.sequence)
    in_parent = {old.uid for old in parent.meetings} if parent is not None else set()
    for m in schedule.meetings:
        uid = meeting_uid(mission.id, m.delegate, m.host)
        sequence = 0
        if uid in last_seen:
            slot_key, venue_key, previous = last_seen[uid]
            if uid not in in_parent:
                sequence = previous + 2  # agendas saw it cancelled at previous + 1
            elif (slot_key, venue_key) != (m.slot, m.venue):
                sequence = previous + 1
            else:
                sequence = previous
        version.meetings.append(
            ScheduledMeeting(
                request_id=_id(requests.get((m.delegate, m.host))),
                delegate=people[m.delegate],
                host=people[m.host],
                slot=slots[m.slot],
                venue=venues[m.venue],
                interpreter=m.interpreter,
                uid=uid,
                sequence=sequence,
            )
        )
    mission.status = "planned"
    try:
        uow.session.flush()
    except IntegrityError:
        uow.rollback()
        raise InvalidInput(
            "another schedule of this mission was saved at the same moment; run it again"
        ) from None
    return version


def solve_mission(
    uow: UnitOfWork,
    *,
    mission_id: int,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> VersionSummary:
    """Plan the mission from scratch and store the result as a new schedule version."""
    _check_time_limit(time_limit)
    mission = _mission(uow, mission_id)
    instance = _validated(mission)
    schedule = _solver().solve(instance, time_limit=time_limit, seed=seed, progress=progress)
    parent = mission.versions[-1] if mission.versions else None
    version = _store_version(uow, mission, schedule, kind="solve", parent=parent, changes={})
    summary = _summary(version)
    uow.commit()
    return summary


def _validated(mission: Mission) -> Instance:
    # Round-trip through the validator: a mission edited since import must still be a sound instance.
    return Instance.from_dict(_instance(mission).to_dict())


# --------------------------------------------------------------------------------------------- repair


def apply_changes(instance: Instance, changes: RepairChanges) -> Instance:
    """The instance after cancellations, dropouts and late requests; unknown ids are refused by name."""
    data = instance.to_dict()
    requests: list[dict[str, Any]] = list(data["requests"])
    keys = {(r["delegate"], r["host"]) for r in requests}
    problems: list[str] = []
    for delegate, host in changes.cancellations:
        if (delegate, host) not in keys:
            problems.append(f'cannot cancel "{delegate}" -> "{host}": there is no such request')
    cancelled = set(changes.cancellations)
    known = {p["id"]: p for p in data["participants"]}
    for pid in changes.dropouts:
        if pid not in known:
            problems.append(f'cannot drop "{pid}": there is no such participant')
    gone = set(changes.dropouts)
    for r in changes.late_requests:
        if (r.delegate, r.host) in keys and (r.delegate, r.host) not in cancelled:
            problems.append(f'"{r.delegate}" -> "{r.host}" is already requested')
        if r.delegate in gone or r.host in gone:
            problems.append(f'"{r.delegate}" -> "{r.host}" names a participant who drops out')
    if problems:
        raise InvalidInput("; ".join(problems))
    data["participants"] = [p for p in data["participants"] if p["id"] not in gone]
    requests = [
        r
        for r in requests
        if (r["delegate"], r["host"]) not in cancelled and r["delegate"] not in gone and r["host"] not in gone
    ]
    requests += [r.to_dict() for r in changes.late_requests]
    data["requests"] = requests
    return Instance.from_dict(data)


def _dropped_reason(meeting: Meeting, changes: RepairChanges, instance: Instance) -> str:
    if (meeting.delegate, meeting.host) in set(changes.cancellations):
        return "cancelled"
    for pid in (meeting.delegate, meeting.host):
        if pid in changes.dropouts or not instance.has_participant(pid):
            return f'"{pid}" dropped out'
    if instance.request(meeting.delegate, meeting.host) is None:
        return "the request was withdrawn"
    if not instance.has_slot(meeting.slot):
        return f'slot "{meeting.slot}" no longer exists'
    if not instance.has_venue(meeting.venue):
        return f'venue "{meeting.venue}" no longer exists'
    return "could not be kept in the repaired schedule"


def compare_schedules(
    previous: Schedule, current: Schedule, *, instance: Instance, changes: RepairChanges | None = None
) -> MoveReport:
    """Which meetings stayed, moved, were added or dropped between two schedules of the same mission."""
    changes = changes or RepairChanges()
    before = {m.key: m for m in previous.meetings}
    after = {m.key: m for m in current.meetings}
    kept = tuple(m for key, m in after.items() if key in before and _same_place(before[key], m))
    moved = tuple(
        (before[key], m) for key, m in after.items() if key in before and not _same_place(before[key], m)
    )
    added = tuple(m for key, m in after.items() if key not in before)
    reasons = {(u.delegate, u.host): u.reason for u in current.unscheduled}
    dropped = []
    dropped_from = []
    for key, m in before.items():
        if key in after:
            continue
        reason = _dropped_reason(m, changes, instance)
        code = Reason.NOT_PLACED.value if reason.startswith("could not") else Reason.CANCELLED.value
        if reason.startswith("could not") and key in reasons and reasons[key]:
            reason = reasons[key]
        dropped.append(Unscheduled(m.delegate, m.host, reason, code))
        dropped_from.append(m)
    return MoveReport(
        kept=kept, moved=moved, added=added, dropped=tuple(dropped), dropped_from=tuple(dropped_from)
    )


def _same_place(a: Meeting, b: Meeting) -> bool:
    return (a.slot, a.venue) == (b.slot, b.venue)


def _repair(instance: Instance, previous: Schedule, time_limit: float) -> Schedule:
    # Meetings whose request, slot or venue no longer exists cannot be kept; the solver repairs the rest.
    still = [
        m
        for m in previous.meetings
        if instance.request(m.delegate, m.host) is not None
        and instance.has_slot(m.slot)
        and instance.has_venue(m.venue)
    ]
    pruned = Schedule(
        previous.status,
        previous.objective,
        previous.bound,
        tuple(still),
        previous.unscheduled,
        previous.stats,
    )
    result = _solver().repair(instance, pruned, time_limit=time_limit)
    schedule = result[0] if isinstance(result, tuple) else result
    assert isinstance(schedule, Schedule)
    return schedule


def repair_instance(
    *,
    instance_data: Any,
    schedule_data: Any,
    changes: RepairChanges | None = None,
    new_instance_data: Any | None = None,
    time_limit: float = 30.0,
) -> RepairOutcome:
    """Re-plan a file-based schedule after changes, keeping every unaffected meeting where it is."""
    _check_time_limit(time_limit)
    changes = changes or RepairChanges()
    instance = Instance.from_dict(new_instance_data if new_instance_data is not None else instance_data)
    if not isinstance(schedule_data, Mapping) or not isinstance(schedule_data.get("meetings"), list):
        raise InvalidInput('the schedule file is not a schedule: it needs a "meetings" list')
    previous = Schedule.from_dict(schedule_data)
    old_instance = Instance.from_dict(instance_data)
    unknown = [
        m
        for m in previous.meetings
        if not (old_instance.has_participant(m.delegate) and old_instance.has_participant(m.host))
        or not old_instance.has_slot(m.slot)
    ]
    if unknown:
        m = unknown[0]
        raise InvalidInput(
            f'the schedule does not belong to this instance: meeting "{m.delegate}" -> "{m.host}" '
            f'in slot "{m.slot}" names unknown ids'
        )
    instance = apply_changes(instance, changes)
    schedule = _repair(instance, previous, time_limit)
    return RepairOutcome(
        summary=None,
        schedule=schedule,
        report=compare_schedules(previous, schedule, instance=instance, changes=changes),
    )


def repair_mission(
    uow: UnitOfWork,
    *,
    mission_id: int,
    changes: RepairChanges,
    time_limit: float = 30.0,
) -> RepairOutcome:
    """Record cancellations, dropouts and late requests, then repair the latest schedule into a new version."""
    _check_time_limit(time_limit)
    mission = _mission(uow, mission_id)
    parent = _version(mission, None)
    previous = _schedule_of(parent)
    before_instance = _instance(mission)
    apply_changes(before_instance, changes)  # refuses unknown ids before anything is written
    for delegate, host in changes.cancellations:
        request = _request(mission, delegate, host)
        assert request is not None
        request.status = "cancelled"
    for pid in changes.dropouts:
        _participant(mission, pid).status = "withdrawn"
    for position, late in enumerate(changes.late_requests, start=len(mission.requests)):
        existing = _request(mission, late.delegate, late.host)
        if existing is not None:
            existing.status = "accepted"
            existing.weight = late.weight
            existing.mandatory = late.mandatory
            continue
        mission.requests.append(
            MeetingRequest(
                delegate=_participant(mission, late.delegate, role="delegate"),
                host=_participant(mission, late.host, role="host"),
                position=position,
                weight=late.weight,
                mandatory=late.mandatory,
                interpreter=late.interpreter,
                origin="organizer",
                status="accepted",
                created_at=datetime.now(UTC),
            )
        )
    uow.session.flush()
    instance = _validated(mission)
    schedule = _repair(instance, previous, time_limit)
    report = compare_schedules(previous, schedule, instance=instance, changes=changes)
    version = _store_version(uow, mission, schedule, kind="repair", parent=parent, changes=report.to_dict())
    summary = _summary(version)
    uow.commit()
    return RepairOutcome(summary=summary, schedule=schedule, report=report)


# --------------------------------------------------------------------------------------------- reading


def list_missions(uow: UnitOfWork) -> list[MissionItem]:
    """Every mission, newest first, with its size."""
    missions = uow.session.scalars(select(Mission).order_by(Mission.id.desc())).all()
    items = []
    for m in missions:
        items.append(
            MissionItem(
                id=m.id,
                name=m.name,
                status=m.status,
                timezone=m.timezone,
                delegates=sum(1 for p in m.participants if p.role == "delegate" and p.status == "active"),
                hosts=sum(1 for p in m.participants if p.role == "host" and p.status == "active"),
                requests=sum(1 for r in m.requests if r.status == "accepted"),
                versions=len(m.versions),
                created_at=_aware(m.created_at),
            )
        )
    return items


def latest_schedule(uow: UnitOfWork, *, mission_id: int, version: int | None = None) -> StoredSchedule:
    """The latest schedule version (or the one numbered `version`) in the exchange format."""
    mission = _mission(uow, mission_id)
    stored = _version(mission, version)
    return StoredSchedule(
        summary=_summary(stored),
        schedule=_schedule_of(stored),
        uids={(m.delegate.key, m.host.key): m.uid for m in stored.meetings},
    )


def schedule_history(uow: UnitOfWork, *, mission_id: int) -> list[VersionSummary]:
    """Every schedule version of the mission, oldest first."""
    return [_summary(v) for v in _mission(uow, mission_id).versions]


def plan_view(uow: UnitOfWork, *, mission_id: int, version: int | None = None) -> PlanView:
    """What exports render: one version's meetings plus meetings earlier versions had and this one dropped."""
    mission = _mission(uow, mission_id)
    stored = _version(mission, version)
    interpreters = {i.key: i.name for i in mission.interpreters}
    withdrawn = {p.key for p in mission.participants if p.status != "active"}
    meetings = [
        MeetingView(
            uid=m.uid,
            delegate=m.delegate.key,
            host=m.host.key,
            slot=m.slot.key,
            venue=m.venue.key,
            sequence=m.sequence,
            interpreter=interpreters.get(m.interpreter or "", m.interpreter),
        )
        for m in stored.meetings
    ]
    current = {m.uid for m in stored.meetings}
    gone: dict[str, ScheduledMeeting] = {}
    for earlier in mission.versions:
        if earlier.number >= stored.number:
            break
        for old in earlier.meetings:
            if old.uid not in current:
                previous = gone.get(old.uid)
                gone[old.uid] = old if previous is None or old.sequence >= previous.sequence else previous
    for old in gone.values():
        meetings.append(
            MeetingView(
                uid=old.uid,
                delegate=old.delegate.key,
                host=old.host.key,
                slot=old.slot.key,
                venue=old.venue.key,
                sequence=old.sequence + 1,
                cancelled=True,
            )
        )
    return PlanView(
        mission_id=mission.id,
        name=mission.name,
        timezone=mission.timezone,
        version=stored.number,
        created_at=_aware(stored.created_at),
        participants={
            p.key: PartyView(
                key=p.key,
                name=p.name,
                role=p.role,
                organization=p.organization_name,
                name_ja=p.name_ja,
                venue=p.venue.key if p.venue else None,
                contacts=tuple(_contact_line(c) for c in p.contacts or ()),
            )
            for p in mission.participants
        },
        venues={
            v.key: VenueView(key=v.key, name=v.name, city=v.city, address=v.address, capacity=v.capacity)
            for v in mission.venues
        },
        slots={
            s.key: SlotView(key=s.key, day=s.day.day, start=s.starts_at, end=s.ends_at) for s in mission.slots
        },
        meetings=tuple(meetings),
        unscheduled=tuple(
            UnscheduledView(str(u.get("delegate")), str(u.get("host")), str(u.get("reason", "")))
            for u in stored.unscheduled or ()
        ),
        requests=tuple(
            RequestView(
                r.delegate.key,
                r.host.key,
                r.weight,
                r.mandatory,
                "withdrawn"
                if r.status == "accepted" and {r.delegate.key, r.host.key} & withdrawn
                else r.status,
            )
            for r in mission.requests
        ),
        withdrawn=frozenset(withdrawn),
        status=stored.status,
        objective=stored.objective,
        bound=stored.bound,
    )


def file_plan_view(*, instance_data: Any, schedule_data: Any, timezone: str = DEFAULT_TIMEZONE) -> PlanView:
    """What exports render, from INSTANCE.json + SCHEDULE.json (no database).

    A schedule written by `schedule repair` carries its repair report: moved meetings get a higher
    SEQUENCE and dropped ones come out as cancellations, so re-imported agendas update in place.
    """
    _zone(timezone)
    instance = Instance.from_dict(instance_data)
    if not isinstance(schedule_data, Mapping) or not isinstance(schedule_data.get("meetings"), list):
        raise InvalidInput('the schedule file is not a schedule: it needs a "meetings" list')
    schedule = Schedule.from_dict(schedule_data)
    namespace = file_namespace(instance)
    raw_report = schedule_data.get("repair")
    report: Mapping[str, Any] = raw_report if isinstance(raw_report, Mapping) else {}
    moved = {
        (str(item["to"]["delegate"]), str(item["to"]["host"]))
        for item in report.get("moved", [])
        if isinstance(item, Mapping) and isinstance(item.get("to"), Mapping)
    }
    meetings = [
        MeetingView(
            uid=meeting_uid(namespace, m.delegate, m.host),
            delegate=m.delegate,
            host=m.host,
            slot=m.slot,
            venue=m.venue,
            sequence=1 if m.key in moved else 0,
            interpreter=m.interpreter,
        )
        for m in schedule.meetings
    ]
    known = {p.id for p in instance.participants}
    parties = {
        p.id: PartyView(key=p.id, name=p.name, role=p.role.value, organization=p.organization, venue=p.venue)
        for p in instance.participants
    }
    current = {m.key for m in schedule.meetings}
    for item in report.get("dropped", []):
        # A dropped meeting is listed with the slot and venue it had, so agendas can cancel that event.
        if not isinstance(item, Mapping):
            continue
        key = (str(item.get("delegate")), str(item.get("host")))
        slot, venue = str(item.get("slot")), str(item.get("venue"))
        if key in current or not (instance.has_slot(slot) and instance.has_venue(venue)):
            continue
        for pid, role in zip(key, ("delegate", "host"), strict=True):
            if pid not in known:
                # Someone who dropped out of the new instance still needs the cancellation in their agenda.
                parties[pid] = PartyView(key=pid, name=pid, role=role)
        meetings.append(
            MeetingView(
                uid=meeting_uid(namespace, *key),
                delegate=key[0],
                host=key[1],
                slot=slot,
                venue=venue,
                sequence=1,
                cancelled=True,
            )
        )
    return PlanView(
        mission_id=0,
        name=instance.name,
        timezone=timezone,
        version=None,
        created_at=datetime.now(UTC),
        participants=parties,
        venues={
            v.id: VenueView(key=v.id, name=v.name, city=v.city, capacity=v.capacity) for v in instance.venues
        },
        slots={s.id: SlotView(key=s.id, day=s.day, start=s.start, end=s.end) for s in instance.slots},
        meetings=tuple(meetings),
        unscheduled=tuple(UnscheduledView(u.delegate, u.host, u.reason) for u in schedule.unscheduled),
        requests=tuple(RequestView(r.delegate, r.host, r.weight, r.mandatory) for r in instance.requests),
        status=schedule.status.value,
        objective=schedule.objective,
        bound=schedule.bound,
    )


def _contact_line(contact: Any) -> str:
    if isinstance(contact, Mapping):
        return " · ".join(str(contact[k]) for k in ("name", "email", "phone") if contact.get(k))
    return str(contact)


def team_summary(uow: UnitOfWork, *, mission_id: int, version: int | None = None) -> list[dict[str, Any]]:
    """For each team: what it asked for, what it got, and why not for the rest."""
    return _team_summary(plan_view(uow, mission_id=mission_id, version=version))


# --------------------------------------------------------------------------------------------- editing


def add_participant(
    uow: UnitOfWork,
    *,
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
    mission = _mission(uow, mission_id)
    key = key.strip()
    if not key or not name.strip():
        raise InvalidInput("a participant needs an id and a name")
    if role not in ("delegate", "host"):
        raise InvalidInput(f'role must be "delegate" or "host", not {role!r}')
    if any(p.key == key for p in mission.participants):
        raise InvalidInput(f'participant id "{key}" is already used in this mission')
    venue_row = None
    if venue is not None:
        venue_row = next((v for v in mission.venues if v.key == venue), None)
        if venue_row is None:
            raise InvalidInput(f'unknown venue "{venue}"')
    if role == "host" and venue_row is None:
        raise InvalidInput("a host needs a venue")
    slot_keys = {s.key for s in mission.slots}
    if available is not None:
        unknown = [s for s in available if s not in slot_keys]
        if unknown:
            raise InvalidInput(f'unknown slot "{unknown[0]}" in availability')
    if max_meetings is not None and max_meetings < 0:
        raise InvalidInput("max_meetings cannot be negative")
    if organization_id is not None and uow.session.get(Organization, organization_id) is None:
        raise NotFound(f"no organization {organization_id}")
    mission.participants.append(
        MissionParticipant(
            key=key,
            position=len(mission.participants),
            role=role,
            organization_id=organization_id,
            name=name.strip(),
            name_ja=name_ja,
            organization_name=organization,
            contacts=[dict(c) for c in contacts],
            venue=venue_row,
            available=list(available) if available is not None else None,
            max_meetings=max_meetings,
            languages=list(languages),
            needs_interpreter=needs_interpreter,
            status="active",
        )
    )
    uow.commit()
    return key


def _request_item(r: MeetingRequest) -> RequestItem:
    return RequestItem(
        id=r.id,
        delegate=r.delegate.key,
        host=r.host.key,
        weight=r.weight,
        mandatory=r.mandatory,
        origin=r.origin,
        status=r.status,
        created_at=_aware(r.created_at),
        expires_at=_aware(r.expires_at) if r.expires_at else None,
        note=r.note,
    )


def list_requests(uow: UnitOfWork, *, mission_id: int, status: str | None = None) -> list[RequestItem]:
    """The mission's meeting requests, optionally of one status."""
    mission = _mission(uow, mission_id)
    return [_request_item(r) for r in mission.requests if status is None or r.status == status]


def add_request(
    uow: UnitOfWork,
    *,
    mission_id: int,
    delegate: str,
    host: str,
    weight: float = 1.0,
    mandatory: bool = False,
    origin: str = "organizer",
    note: str | None = None,
    ttl_days: int = 14,
    now: datetime | None = None,
) -> RequestItem:
    """Record a wish to meet. The organizer's and mutual wishes are accepted at once; a wish from one side
    waits for the other side until it expires, and the same wish from both sides becomes mutual."""
    if origin not in ORIGINS:
        raise InvalidInput(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    if not (weight > 0):
        raise InvalidInput(f"the weight must be positive, not {weight}")
    mission = _mission(uow, mission_id)
    delegate_row = _participant(mission, delegate, role="delegate")
    host_row = _participant(mission, host, role="host")
    moment = _now(now)
    existing = _request(mission, delegate, host)
    if existing is not None:
        answering = existing.status == "pending" and {existing.origin, origin} == {"delegate", "host"}
        if not answering:
            raise InvalidInput(f'"{delegate}" -> "{host}" is already requested ({existing.status})')
        existing.origin = "mutual"
        existing.status = "accepted"
        existing.weight = max(existing.weight, weight)
        existing.mandatory = existing.mandatory or mandatory
        existing.expires_at = None
        uow.commit()
        return _request_item(existing)
    accepted = origin in ("organizer", "mutual")
    request = MeetingRequest(
        delegate=delegate_row,
        host=host_row,
        position=len(mission.requests),
        weight=weight,
        mandatory=mandatory,
        origin=origin,
        status="accepted" if accepted else "pending",
        created_at=moment,
        expires_at=None if accepted else moment + timedelta(days=ttl_days),
        note=note,
    )
    mission.requests.append(request)
    uow.session.flush()
    item = _request_item(request)
    uow.commit()
    return item


def respond_to_request(
    uow: UnitOfWork, *, mission_id: int, delegate: str, host: str, accept: bool, now: datetime | None = None
) -> RequestItem:
    """The other side accepts or declines a pending request; an expired one can no longer be answered."""
    mission = _mission(uow, mission_id)
    request = _request(mission, delegate, host)
    if request is None:
        raise NotFound(f'no request "{delegate}" -> "{host}"')
    moment = _now(now)
    if (
        request.status == "pending"
        and request.expires_at is not None
        and _aware(request.expires_at) <= moment
    ):
        request.status = "expired"
        uow.commit()
        raise InvalidInput(f'the request "{delegate}" -> "{host}" expired; ask again')
    if request.status != "pending":
        raise InvalidInput(f'the request "{delegate}" -> "{host}" is {request.status}, not pending')
    request.status = "accepted" if accept else "declined"
    request.expires_at = None
    uow.commit()
    return _request_item(request)


def expire_requests(
    uow: UnitOfWork, *, mission_id: int | None = None, ttl_days: int = 14, now: datetime | None = None
) -> int:
    """Mark pending requests older than their expiry (or `ttl_days` when none was set) as expired."""
    moment = _now(now)
    query = select(MeetingRequest).where(MeetingRequest.status == "pending")
    if mission_id is not None:
        query = query.where(MeetingRequest.mission_id == mission_id)
    expired = 0
    for request in uow.session.scalars(query):
        deadline = (
            _aware(request.expires_at)
            if request.expires_at is not None
            else _aware(request.created_at) + timedelta(days=ttl_days)
        )
        if deadline <= moment:
            request.status = "expired"
            expired += 1
    uow.commit()
    return expired


def count_missions(uow: UnitOfWork) -> int:
    return int(uow.session.scalar(select(func.count(Mission.id))) or 0)
