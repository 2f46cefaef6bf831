"""SQLAlchemy implementation of services.repositories.missions.MissionsRepository."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
from kakehashi.domain.errors import Conflict
from kakehashi.domain.planning import Instance
from kakehashi.services.repositories.missions import (
    InterpreterRecord,
    MeetingRecord,
    MissionItem,
    MissionRecord,
    ParticipantRecord,
    RequestRecord,
    SlotRecord,
    TravelRecord,
    VenueRecord,
    VersionRecord,
)


def _aware(moment: datetime) -> datetime:
    # SQLite gives naive datetimes back; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ordered(ids: frozenset[str] | None, order: Sequence[str]) -> list[str] | None:
    if ids is None:
        return None
    position = {key: i for i, key in enumerate(order)}
    return sorted(ids, key=lambda key: (position.get(key, len(position)), key))


def _participant(p: MissionParticipant) -> ParticipantRecord:
    return ParticipantRecord(
        key=p.key,
        role=p.role,
        name=p.name,
        organization_name=p.organization_name,
        organization_id=p.organization_id,
        name_ja=p.name_ja,
        venue=p.venue.key if p.venue else None,
        available=tuple(p.available) if p.available is not None else None,
        max_meetings=p.max_meetings,
        contacts=tuple(c for c in p.contacts or ()),
        languages=tuple(p.languages or ()),
        needs_interpreter=bool(p.needs_interpreter),
        status=p.status,
    )


def _request(r: MeetingRequest) -> RequestRecord:
    return RequestRecord(
        id=r.id,
        delegate=r.delegate.key,
        host=r.host.key,
        weight=r.weight,
        mandatory=r.mandatory,
        origin=r.origin,
        status=r.status,
        created_at=_aware(r.created_at),
        interpreter=r.interpreter,
        expires_at=_aware(r.expires_at) if r.expires_at else None,
        note=r.note,
    )


def _version(v: ScheduleVersion, numbers: dict[int, int]) -> VersionRecord:
    return VersionRecord(
        number=v.number,
        kind=v.kind,
        status=v.status,
        objective=v.objective,
        bound=v.bound,
        created_at=_aware(v.created_at),
        meetings=tuple(
            MeetingRecord(
                delegate=m.delegate.key,
                host=m.host.key,
                slot=m.slot.key,
                venue=m.venue.key,
                uid=m.uid,
                sequence=m.sequence,
                interpreter=m.interpreter,
            )
            for m in v.meetings
        ),
        parent=numbers.get(v.parent_id) if v.parent_id is not None else None,
        stats=dict(v.stats or {}),
        unscheduled=tuple(dict(u) for u in v.unscheduled or ()),
        changes=dict(v.changes or {}),
    )


class SqlAlchemyMissionsRepository:
    """Missions with their participants, venues, slots, requests and schedule versions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, mission_id: int) -> Mission:
        mission = self.session.get(Mission, mission_id)
        if mission is None:  # services check existence first; this is a programming error
            raise LookupError(f"no mission {mission_id}")
        return mission

    def get(self, mission_id: int) -> MissionRecord | None:
        m = self.session.get(Mission, mission_id)
        if m is None:
            return None
        numbers = {v.id: v.number for v in m.versions}
        return MissionRecord(
            id=m.id,
            name=m.name,
            status=m.status,
            timezone=m.timezone,
            organizer_organization_id=m.organizer_organization_id,
            created_at=_aware(m.created_at),
            slots=tuple(SlotRecord(s.key, s.day.day, s.starts_at, s.ends_at) for s in m.slots),
            venues=tuple(
                VenueRecord(v.key, v.name, v.capacity, city=v.city, address=v.address, name_ja=v.name_ja)
                for v in m.venues
            ),
            travel=tuple(TravelRecord(t.from_venue.key, t.to_venue.key, t.minutes) for t in m.travel),
            interpreters=tuple(
                InterpreterRecord(
                    i.key,
                    i.name,
                    tuple(i.languages or ()),
                    tuple(i.available) if i.available is not None else None,
                )
                for i in m.interpreters
            ),
            participants=tuple(_participant(p) for p in m.participants),
            requests=tuple(_request(r) for r in m.requests),
            versions=tuple(_version(v, numbers) for v in m.versions),
        )

    def list_items(self, *, organization_id: int | None = None) -> list[MissionItem]:
        query = select(Mission).order_by(Mission.id.desc())
        if organization_id is not None:
            participating = select(MissionParticipant.mission_id).where(
                MissionParticipant.organization_id == organization_id
            )
            query = query.where(
                or_(Mission.organizer_organization_id == organization_id, Mission.id.in_(participating))
            )
        return [
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
            for m in self.session.scalars(query).all()
        ]

    def organization_exists(self, organization_id: int) -> bool:
        return self.session.get(Organization, organization_id) is not None

    def add(
        self,
        instance: Instance,
        *,
        name: str,
        organizer_organization_id: int | None,
        timezone: str,
        created_at: datetime,
    ) -> int:
        mission = Mission(
            name=name,
            organizer_organization_id=organizer_organization_id,
            timezone=timezone,
            status="draft",
            extra={},
        )
        self.session.add(mission)
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
                    created_at=created_at,
                )
            )
        self.session.flush()
        return int(mission.id)

    def add_participant(self, mission_id: int, participant: ParticipantRecord) -> None:
        mission = self._row(mission_id)
        venue = next((v for v in mission.venues if v.key == participant.venue), None)
        mission.participants.append(
            MissionParticipant(
                key=participant.key,
                position=len(mission.participants),
                role=participant.role,
                organization_id=participant.organization_id,
                name=participant.name,
                name_ja=participant.name_ja,
                organization_name=participant.organization_name,
                contacts=[dict(c) for c in participant.contacts],
                venue=venue,
                available=list(participant.available) if participant.available is not None else None,
                max_meetings=participant.max_meetings,
                languages=list(participant.languages),
                needs_interpreter=participant.needs_interpreter,
                status=participant.status,
            )
        )
        self.session.flush()

    def set_participant_status(self, mission_id: int, key: str, status: str) -> None:
        for participant in self._row(mission_id).participants:
            if participant.key == key:
                participant.status = status
        self.session.flush()

    def add_request(self, mission_id: int, request: RequestRecord) -> RequestRecord:
        mission = self._row(mission_id)
        people = {p.key: p for p in mission.participants}
        row = MeetingRequest(
            delegate=people[request.delegate],
            host=people[request.host],
            position=len(mission.requests),
            weight=request.weight,
            mandatory=request.mandatory,
            interpreter=request.interpreter,
            origin=request.origin,
            status=request.status,
            created_at=request.created_at,
            expires_at=request.expires_at,
            note=request.note,
        )
        mission.requests.append(row)
        self.session.flush()
        return _request(row)

    def update_request(self, request: RequestRecord) -> None:
        row = self.session.get(MeetingRequest, request.id)
        if row is None:
            raise LookupError(f"no meeting request {request.id}")
        row.status = request.status
        row.origin = request.origin
        row.weight = request.weight
        row.mandatory = request.mandatory
        row.expires_at = request.expires_at
        self.session.flush()

    def pending_requests(self, *, mission_id: int | None = None) -> list[RequestRecord]:
        query = select(MeetingRequest).where(MeetingRequest.status == "pending")
        if mission_id is not None:
            query = query.where(MeetingRequest.mission_id == mission_id)
        return [_request(r) for r in self.session.scalars(query.order_by(MeetingRequest.id))]

    def add_version(self, mission_id: int, version: VersionRecord) -> None:
        mission = self._row(mission_id)
        parent = next((v for v in mission.versions if v.number == version.parent), None)
        row = ScheduleVersion(
            number=version.number,
            kind=version.kind,
            parent_id=parent.id if parent is not None else None,
            status=version.status,
            objective=version.objective,
            bound=version.bound,
            stats=dict(version.stats),
            unscheduled=[dict(u) for u in version.unscheduled],
            changes=dict(version.changes),
            created_at=version.created_at,
        )
        mission.versions.append(row)
        people = {p.key: p for p in mission.participants}
        slots = {s.key: s for s in mission.slots}
        venues = {v.key: v for v in mission.venues}
        requests = {(r.delegate.key, r.host.key): r for r in mission.requests}
        for m in version.meetings:
            request = requests.get((m.delegate, m.host))
            row.meetings.append(
                ScheduledMeeting(
                    request_id=request.id if request is not None else None,
                    delegate=people[m.delegate],
                    host=people[m.host],
                    slot=slots[m.slot],
                    venue=venues[m.venue],
                    interpreter=m.interpreter,
                    uid=m.uid,
                    sequence=m.sequence,
                )
            )
        mission.status = "planned"
        try:
            self.session.flush()
        except IntegrityError:
            # Two runs numbered their versions at the same moment: the later one is told to run again.
            self.session.rollback()
            raise Conflict(
                "another schedule of this mission was saved at the same moment; run it again"
            ) from None
