"""What a mission looks like to read: schedules, history, the plan view exports render, each team's summary,
and the agendas themselves (iCalendar, printable HTML, XLSX) through the export adapters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

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
from kakehashi.adapters.planner.instance_codec import read_instance
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.planning import Schedule
from kakehashi.services.missions.access import Actor, visible_mission
from kakehashi.services.missions.planning import file_namespace, meeting_uid
from kakehashi.services.missions.results import StoredSchedule, VersionSummary
from kakehashi.services.missions.store import (
    DEFAULT_TIMEZONE,
    check_zone,
    schedule_of,
    summary_of,
    version_of,
)
from kakehashi.services.repositories.missions import MeetingRecord, MissionRecord
from kakehashi.services.unit_of_work import UnitOfWork

Translate = Callable[[str], str]  # a message id to the reader's language (the edge's catalogs)


def latest_schedule(
    uow: UnitOfWork, *, viewer: Actor, mission_id: int, version: int | None = None
) -> StoredSchedule:
    """The latest schedule version (or the one numbered `version`) in the exchange format."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
        stored = version_of(mission, version)
    return StoredSchedule(
        summary=summary_of(mission.id, stored),
        schedule=schedule_of(stored),
        uids={(m.delegate, m.host): m.uid for m in stored.meetings},
    )


def schedule_history(uow: UnitOfWork, *, viewer: Actor, mission_id: int) -> list[VersionSummary]:
    """Every schedule version of the mission, oldest first."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
    return [summary_of(mission.id, v) for v in mission.versions]


def _contact_line(contact: Any) -> str:
    if isinstance(contact, Mapping):
        return " · ".join(str(contact[k]) for k in ("name", "email", "phone") if contact.get(k))
    return str(contact)


def _plan_of(mission: MissionRecord, version: int | None) -> PlanView:
    stored = version_of(mission, version)
    interpreters = {i.key: i.name for i in mission.interpreters}
    withdrawn = {p.key for p in mission.participants if p.status != "active"}
    meetings = [
        MeetingView(
            uid=m.uid,
            delegate=m.delegate,
            host=m.host,
            slot=m.slot,
            venue=m.venue,
            sequence=m.sequence,
            interpreter=interpreters.get(m.interpreter or "", m.interpreter),
        )
        for m in stored.meetings
    ]
    current = {m.uid for m in stored.meetings}
    gone: dict[str, MeetingRecord] = {}
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
                delegate=old.delegate,
                host=old.host,
                slot=old.slot,
                venue=old.venue,
                sequence=old.sequence + 1,
                cancelled=True,
            )
        )
    return PlanView(
        mission_id=mission.id,
        name=mission.name,
        timezone=mission.timezone,
        version=stored.number,
        created_at=stored.created_at,
        participants={
            p.key: PartyView(
                key=p.key,
                name=p.name,
                role=p.role,
                organization=p.organization_name,
                name_ja=p.name_ja,
                venue=p.venue,
                contacts=tuple(_contact_line(c) for c in p.contacts),
            )
            for p in mission.participants
        },
        venues={
            v.key: VenueView(key=v.key, name=v.name, city=v.city, address=v.address, capacity=v.capacity)
            for v in mission.venues
        },
        slots={
            s.key: SlotView(key=s.key, day=s.day, start=s.starts_at, end=s.ends_at) for s in mission.slots
        },
        meetings=tuple(meetings),
        # With the message id and parameters, so that pages and the CLI show the reason in their language.
        unscheduled=tuple(UnscheduledView.from_dict(u) for u in stored.unscheduled),
        requests=tuple(
            RequestView(
                r.delegate,
                r.host,
                r.weight,
                r.mandatory,
                "withdrawn" if r.status == "accepted" and {r.delegate, r.host} & withdrawn else r.status,
            )
            for r in mission.requests
        ),
        withdrawn=frozenset(withdrawn),
        status=stored.status,
        objective=stored.objective,
        bound=stored.bound,
    )


def plan_view(uow: UnitOfWork, *, viewer: Actor, mission_id: int, version: int | None = None) -> PlanView:
    """What exports render: one version's meetings plus meetings earlier versions had and this one dropped."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
    return _plan_of(mission, version)


def planned_view(
    uow: UnitOfWork, *, viewer: Actor, mission_id: int, version: int | None = None
) -> PlanView | None:
    """The plan of a version, or None when the mission has not been planned yet (pages show the mission)."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
    if not mission.versions:
        return None
    return _plan_of(mission, version)


def file_plan_view(*, instance_data: Any, schedule_data: Any, timezone: str = DEFAULT_TIMEZONE) -> PlanView:
    """What exports render, from INSTANCE.json + SCHEDULE.json (no database).

    A schedule written by `schedule repair` carries its repair report: moved meetings get a higher
    SEQUENCE and dropped ones come out as cancellations, so re-imported agendas update in place.
    """
    check_zone(timezone)
    instance = read_instance(instance_data)
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
        unscheduled=tuple(UnscheduledView.of(u) for u in schedule.unscheduled),
        requests=tuple(RequestView(r.delegate, r.host, r.weight, r.mandatory) for r in instance.requests),
        status=schedule.status.value,
        objective=schedule.objective,
        bound=schedule.bound,
    )


def team_summary(
    uow: UnitOfWork, *, viewer: Actor, mission_id: int, version: int | None = None
) -> list[dict[str, Any]]:
    """For each team: what it asked for, what it got, and why not for the rest."""
    return _team_summary(plan_view(uow, viewer=viewer, mission_id=mission_id, version=version))


# --------------------------------------------------------------------------------------------- agendas
# The export adapters are imported on use: iCalendar, openpyxl and Jinja are only needed to write agendas.


def mission_calendar(plan: PlanView) -> bytes:
    """Every meeting of the plan as one iCalendar file."""
    from kakehashi.adapters.exports import agenda_ics

    return agenda_ics.mission_calendar_ics(plan)


def participant_calendar(plan: PlanView, participant: str) -> bytes:
    """One participant's agenda as iCalendar (venue time zone; cancelled meetings marked so)."""
    from kakehashi.adapters.exports import agenda_ics

    return agenda_ics.participant_agenda_ics(plan, participant)


def participant_agenda_page(
    plan: PlanView, participant: str, *, lang: str = "ja", translate: Translate | None = None
) -> str:
    """One participant's printable agenda (HTML) in `lang`; `translate` (a message id to the text in `lang`)
    writes the why-not reasons in that language too (English without it)."""
    from kakehashi.adapters.exports import agenda_html

    return agenda_html.participant_agenda_html(plan, participant, lang=lang, translate=translate)


def grid_page(plan: PlanView, *, lang: str = "ja", translate: Translate | None = None) -> str:
    """The master grid (venues x slots) as a printable page in `lang` (reasons through `translate`)."""
    from kakehashi.adapters.exports import agenda_html

    return agenda_html.master_grid_html(plan, lang=lang, translate=translate)


def grid_workbook(plan: PlanView, *, translate: Translate | None = None) -> bytes:
    """The master grid with one sheet per participant and who got what, as XLSX (reasons through
    `translate`, English without it)."""
    from kakehashi.adapters.exports import agenda_xlsx

    return agenda_xlsx.master_grid_xlsx(plan, translate=translate)
