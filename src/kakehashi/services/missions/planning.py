"""Planning: solve and repair missions (stored as new schedule versions) and instance files (no database).

The planner adapter is imported on use: CP-SAT is heavy and only planning needs it.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from kakehashi.adapters.planner.instance_codec import read_instance
from kakehashi.domain.errors import InvalidInput, KakehashiError, Msg, NotFound, Phrase
from kakehashi.domain.planning import (
    Instance,
    Meeting,
    Reason,
    Schedule,
    Unscheduled,
    instance_from_dict,
    min_share,
)
from kakehashi.services.missions.access import Actor, plannable_mission
from kakehashi.services.missions.results import (
    ChangesRefused,
    Finding,
    MoveReport,
    RepairChanges,
    RepairOutcome,
    VersionSummary,
)
from kakehashi.services.missions.store import (
    instance_of,
    schedule_of,
    summary_of,
    validated_instance,
    version_of,
)
from kakehashi.services.repositories.missions import (
    MeetingRecord,
    MissionRecord,
    RequestRecord,
    VersionRecord,
)
from kakehashi.services.unit_of_work import UnitOfWork

Progress = Callable[[str, float], None]


def meeting_uid(mission_id: int | str, delegate: str, host: str) -> str:
    """Stable UID of the meeting between a delegate and a host in a mission: it survives any repair."""
    digest = hashlib.sha256(f"{delegate}\x1f{host}".encode()).hexdigest()[:20]
    prefix = f"m{mission_id}" if isinstance(mission_id, int) else mission_id
    return f"{prefix}-{digest}"


def file_namespace(instance: Instance) -> str:
    """UID prefix for schedules kept in files: derived from the instance name, so repairs keep it."""
    return "f" + hashlib.sha256(instance.name.encode()).hexdigest()[:10]


def _solver() -> Any:
    try:
        return importlib.import_module("kakehashi.adapters.planner.solver")
    except ModuleNotFoundError as exc:
        raise KakehashiError(
            "the meeting planner is not available ({module} is missing)", module=exc.name
        ) from None


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


def _check_time_limit(time_limit: float) -> None:
    if not time_limit > 0:
        raise InvalidInput(
            "the time limit must be a positive number of seconds, not {time_limit}", time_limit=time_limit
        )


def _check_weight_tolerance(weight_tolerance: float) -> None:
    if not 0 <= weight_tolerance <= 1:
        raise InvalidInput(
            "the weight tolerance must be a fraction between 0 and 1, not {weight_tolerance}",
            weight_tolerance=weight_tolerance,
        )


# --------------------------------------------------------------------------------------------- files


def solve_instance(
    *,
    data: Any,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Progress | None = None,
    started: float | None = None,
    weight_tolerance: float = 0.0,
) -> tuple[Instance, Schedule]:
    """Validate an instance (JSON exchange format) and plan it; no database involved.

    With `started` (a time.monotonic() value), the limit counts from then: parsing is inside it.
    `weight_tolerance`: the fraction of placed weight compact days and few city changes may cost (0: none).
    """
    instance = read_instance(data)
    _check_time_limit(time_limit)
    _check_weight_tolerance(weight_tolerance)
    if started is not None:
        time_limit = max(0.5, time_limit - (time.monotonic() - started))
    schedule = _solver().solve(
        instance, time_limit=time_limit, seed=seed, progress=progress, weight_tolerance=weight_tolerance
    )
    assert isinstance(schedule, Schedule)
    return instance, schedule


def validate_instance(*, data: Any) -> Instance:
    """Parse and validate an instance from a person; raises InvalidInput listing every problem by place."""
    return read_instance(data)


# What `instance_findings` says, as message ids (the CLI and pages show them in the reader's language).
NOWHERE = Msg('"{participant}" ({name}) is not available in any slot')
IMPOSSIBLE_MANDATORY = Msg('mandatory meeting "{delegate}" -> "{host}" is impossible: {problem}')
IMPOSSIBLE_REQUEST = Msg('request "{delegate}" -> "{host}" is impossible: {problem}')
NEVER_AVAILABLE = Msg("{name} is not available in any slot")
NEVER_TOGETHER = Msg("{delegate} and {host} are never available at the same time")
TAKES_NONE = Msg("{name} takes no meetings (max_meetings 0)")


def instance_findings(instance: Instance) -> list[Finding]:
    """Requests that can never happen (nobody is free at the same time, a host with no slot, max 0)."""
    findings: list[Finding] = []
    for p in instance.participants:
        if p.available is not None and not p.available:
            findings.append(Finding.of("warning", NOWHERE, participant=p.id, name=p.name))
    for r in instance.requests:
        delegate, host = instance.participant(r.delegate), instance.participant(r.host)
        problem = None
        if not instance.common_slots(r):
            if host.available is not None and not host.available:
                problem = Phrase(NEVER_AVAILABLE, name=host.name)
            elif delegate.available is not None and not delegate.available:
                problem = Phrase(NEVER_AVAILABLE, name=delegate.name)
            else:
                problem = Phrase(NEVER_TOGETHER, delegate=delegate.name, host=host.name)
        elif host.max_meetings == 0 or delegate.max_meetings == 0:
            problem = Phrase(TAKES_NONE, name=host.name if host.max_meetings == 0 else delegate.name)
        if problem is not None:
            findings.append(
                Finding.of(
                    "error" if r.mandatory else "warning",
                    IMPOSSIBLE_MANDATORY if r.mandatory else IMPOSSIBLE_REQUEST,
                    delegate=r.delegate,
                    host=r.host,
                    problem=problem,
                )
            )
    return findings


def schedule_min_share(instance: Instance, schedule: Schedule) -> float:
    """The worst-served team's share of the weight it asked for."""
    return min_share(instance, list(schedule.meetings))


# --------------------------------------------------------------------------------------------- versions


def _new_version(
    mission: MissionRecord,
    schedule: Schedule,
    *,
    kind: str,
    parent: VersionRecord | None,
    changes: dict[str, Any],
) -> VersionRecord:
    """The next version of the mission; SEQUENCE grows each time a meeting changes, so calendars replace the
    old event instead of adding one."""
    last_seen: dict[str, tuple[str, str, int]] = {}
    for earlier in mission.versions:
        for old in earlier.meetings:
            last_seen[old.uid] = (old.slot, old.venue, old.sequence)
    in_parent = {old.uid for old in parent.meetings} if parent is not None else set()
    meetings = []
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
        meetings.append(MeetingRecord(m.delegate, m.host, m.slot, m.venue, uid, sequence, m.interpreter))
    return VersionRecord(
        number=max((v.number for v in mission.versions), default=0) + 1,
        kind=kind,
        status=schedule.status.value,
        objective=_json_safe(schedule.objective),
        bound=_json_safe(schedule.bound),
        created_at=datetime.now(UTC),
        meetings=tuple(meetings),
        parent=parent.number if parent is not None else None,
        stats=_json_safe(dict(schedule.stats)),
        unscheduled=tuple(_json_safe([u.to_dict() for u in schedule.unscheduled])),
        changes=changes,
    )


def solve_mission(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Progress | None = None,
    weight_tolerance: float = 0.0,
) -> VersionSummary:
    """Plan the mission from scratch and store the result as a new schedule version.

    `weight_tolerance`: the fraction of placed weight compact days and few city changes may cost (0: none).
    """
    _check_time_limit(time_limit)
    _check_weight_tolerance(weight_tolerance)
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        instance = validated_instance(mission)
        schedule = _solver().solve(
            instance, time_limit=time_limit, seed=seed, progress=progress, weight_tolerance=weight_tolerance
        )
        parent = mission.versions[-1] if mission.versions else None
        version = _new_version(mission, schedule, kind="solve", parent=parent, changes={})
        uow.missions.add_version(mission_id, version)
        uow.commit()
    return summary_of(mission_id, version)


def check_plannable(uow: UnitOfWork, *, viewer: Actor, mission_id: int, needs_schedule: bool = False) -> None:
    """Refuse a run before it starts: the viewer may plan, the mission is sound (and already has a schedule)."""
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        validated_instance(mission)
        if needs_schedule and not mission.versions:
            raise InvalidInput("Run the planner once before repairing the schedule.")


# --------------------------------------------------------------------------------------------- repair


def apply_changes(instance: Instance, changes: RepairChanges) -> Instance:
    """The instance after cancellations, dropouts and late requests; unknown ids are refused by name."""
    data = instance.to_dict()
    requests: list[dict[str, Any]] = list(data["requests"])
    keys = {(r["delegate"], r["host"]) for r in requests}
    problems: list[InvalidInput] = []
    for delegate, host in changes.cancellations:
        if (delegate, host) not in keys:
            problems.append(
                InvalidInput(
                    'cannot cancel "{delegate}" -> "{host}": there is no such request',
                    delegate=delegate,
                    host=host,
                )
            )
    cancelled = set(changes.cancellations)
    known = {p["id"]: p for p in data["participants"]}
    for pid in changes.dropouts:
        if pid not in known:
            problems.append(
                InvalidInput('cannot drop "{participant}": there is no such participant', participant=pid)
            )
    gone = set(changes.dropouts)
    for r in changes.late_requests:
        if (r.delegate, r.host) in keys and (r.delegate, r.host) not in cancelled:
            problems.append(
                InvalidInput(
                    '"{delegate}" -> "{host}" is already requested', delegate=r.delegate, host=r.host
                )
            )
        if r.delegate in gone or r.host in gone:
            problems.append(
                InvalidInput(
                    '"{delegate}" -> "{host}" names a participant who drops out',
                    delegate=r.delegate,
                    host=r.host,
                )
            )
    if problems:
        raise ChangesRefused(problems)
    data["participants"] = [p for p in data["participants"] if p["id"] not in gone]
    requests = [
        r
        for r in requests
        if (r["delegate"], r["host"]) not in cancelled and r["delegate"] not in gone and r["host"] not in gone
    ]
    requests += [r.to_dict() for r in changes.late_requests]
    data["requests"] = requests
    return instance_from_dict(data)


# Why a meeting of the previous schedule is not in the repaired one (message ids, shown translated).
CANCELLED = Msg("cancelled")
DROPPED_OUT = Msg('"{participant}" dropped out')
WITHDRAWN = Msg("the request was withdrawn")
SLOT_GONE = Msg('slot "{slot}" no longer exists')
VENUE_GONE = Msg('venue "{venue}" no longer exists')
NOT_KEPT = Msg("could not be kept in the repaired schedule")


def _dropped_reason(
    meeting: Meeting, changes: RepairChanges, instance: Instance
) -> tuple[str, dict[str, Any]]:
    """(message id, parameters) of why the meeting is gone; NOT_KEPT when none of the changes explains it."""
    if (meeting.delegate, meeting.host) in set(changes.cancellations):
        return CANCELLED, {}
    for pid in (meeting.delegate, meeting.host):
        if pid in changes.dropouts or not instance.has_participant(pid):
            return DROPPED_OUT, {"participant": pid}
    if instance.request(meeting.delegate, meeting.host) is None:
        return WITHDRAWN, {}
    if not instance.has_slot(meeting.slot):
        return SLOT_GONE, {"slot": meeting.slot}
    if not instance.has_venue(meeting.venue):
        return VENUE_GONE, {"venue": meeting.venue}
    return NOT_KEPT, {}


def _same_place(a: Meeting, b: Meeting) -> bool:
    return (a.slot, a.venue) == (b.slot, b.venue)


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
    reasons = {(u.delegate, u.host): u for u in current.unscheduled}
    dropped = []
    dropped_from = []
    for key, m in before.items():
        if key in after:
            continue
        msgid, params = _dropped_reason(m, changes, instance)
        if msgid != NOT_KEPT:
            dropped.append(Unscheduled.because(m.delegate, m.host, Reason.CANCELLED, msgid, **params))
        elif key in reasons and reasons[key].reason:
            # The planner's own why-not, with its message id when it has one.
            why = reasons[key]
            dropped.append(
                Unscheduled(
                    m.delegate, m.host, why.reason, Reason.NOT_PLACED.value, False, why.msgid, why.params
                )
            )
        else:
            dropped.append(Unscheduled.because(m.delegate, m.host, Reason.NOT_PLACED, NOT_KEPT))
        dropped_from.append(m)
    return MoveReport(
        kept=kept, moved=moved, added=added, dropped=tuple(dropped), dropped_from=tuple(dropped_from)
    )


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
    instance = read_instance(new_instance_data if new_instance_data is not None else instance_data)
    if not isinstance(schedule_data, Mapping) or not isinstance(schedule_data.get("meetings"), list):
        raise InvalidInput('the schedule file is not a schedule: it needs a "meetings" list')
    previous = Schedule.from_dict(schedule_data)
    old_instance = read_instance(instance_data)
    unknown = [
        m
        for m in previous.meetings
        if not (old_instance.has_participant(m.delegate) and old_instance.has_participant(m.host))
        or not old_instance.has_slot(m.slot)
    ]
    if unknown:
        m = unknown[0]
        raise InvalidInput(
            'the schedule does not belong to this instance: meeting "{delegate}" -> "{host}" '
            'in slot "{slot}" names unknown ids',
            delegate=m.delegate,
            host=m.host,
            slot=m.slot,
        )
    instance = apply_changes(instance, changes)
    schedule = _repair(instance, previous, time_limit)
    return RepairOutcome(
        summary=None,
        schedule=schedule,
        report=compare_schedules(previous, schedule, instance=instance, changes=changes),
    )


def _record_changes(uow: UnitOfWork, mission: MissionRecord, changes: RepairChanges) -> None:
    """Cancellations, dropouts and late requests, stored before the repair plans around them."""
    for delegate, host in changes.cancellations:
        request = mission.request(delegate, host)
        assert request is not None  # apply_changes refused unknown pairs
        uow.missions.update_request(replace(request, status="cancelled"))
    for pid in changes.dropouts:
        uow.missions.set_participant_status(mission.id, pid, "withdrawn")
    for late in changes.late_requests:
        existing = mission.request(late.delegate, late.host)
        if existing is not None:
            uow.missions.update_request(
                replace(existing, status="accepted", weight=late.weight, mandatory=late.mandatory)
            )
            continue
        for pid, role in ((late.delegate, "delegate"), (late.host, "host")):
            participant = mission.participant(pid)
            if participant is None:
                raise NotFound(
                    'no participant "{participant}" in mission {mission_id}',
                    participant=pid,
                    mission_id=mission.id,
                )
            if participant.role != role:
                raise InvalidInput(
                    '"{participant}" is a {actual}, not a {role}',
                    participant=pid,
                    actual=participant.role,
                    role=role,
                )
        uow.missions.add_request(
            mission.id,
            RequestRecord(
                id=0,
                delegate=late.delegate,
                host=late.host,
                weight=late.weight,
                mandatory=late.mandatory,
                interpreter=late.interpreter,
                origin="organizer",
                status="accepted",
                created_at=datetime.now(UTC),
            ),
        )


def repair_mission(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    changes: RepairChanges,
    time_limit: float = 30.0,
) -> RepairOutcome:
    """Record cancellations, dropouts and late requests, then repair the latest schedule into a new version."""
    _check_time_limit(time_limit)
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        parent = version_of(mission, None)
        previous = schedule_of(parent)
        apply_changes(instance_of(mission), changes)  # refuses unknown ids before anything is written
        _record_changes(uow, mission, changes)
        changed = uow.missions.get(mission_id)
        assert changed is not None
        instance = validated_instance(changed)
        schedule = _repair(instance, previous, time_limit)
        report = compare_schedules(previous, schedule, instance=instance, changes=changes)
        version = _new_version(changed, schedule, kind="repair", parent=parent, changes=report.to_dict())
        uow.missions.add_version(mission_id, version)
        uow.commit()
    return RepairOutcome(summary=summary_of(mission_id, version), schedule=schedule, report=report)
