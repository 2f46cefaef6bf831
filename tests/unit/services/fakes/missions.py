"""In-memory stand-in for services.repositories.missions (service unit tests only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kakehashi.domain.errors import Conflict
from kakehashi.domain.planning import Instance
from kakehashi.services.repositories.missions import (
    InterpreterRecord,
    MissionItem,
    MissionRecord,
    ParticipantRecord,
    RequestRecord,
    SlotRecord,
    TravelRecord,
    VenueRecord,
    VersionRecord,
)


class FakeMissionsRepository:
    """Whole missions kept as records in a dict; every change replaces the record, as a commit would."""

    def __init__(self) -> None:
        self.missions: dict[int, MissionRecord] = {}
        self.organizations: set[int] = set()
        self._next_request_id = 1

    # --- test helpers --------------------------------------------------------------------------------------

    def _put(self, mission: MissionRecord) -> None:
        self.missions[mission.id] = mission

    def _mission_of_request(self, request_id: int) -> MissionRecord:
        for mission in self.missions.values():
            if any(r.id == request_id for r in mission.requests):
                return mission
        raise LookupError(f"no meeting request {request_id}")

    # --- the protocol --------------------------------------------------------------------------------------

    def get(self, mission_id: int) -> MissionRecord | None:
        return self.missions.get(mission_id)

    def list_items(self, *, organization_id: int | None = None) -> list[MissionItem]:
        items = []
        for m in sorted(self.missions.values(), key=lambda m: -m.id):
            if organization_id is not None and not (
                m.organizer_organization_id == organization_id
                or any(p.organization_id == organization_id for p in m.participants)
            ):
                continue
            active = [p for p in m.participants if p.status == "active"]
            items.append(
                MissionItem(
                    id=m.id,
                    name=m.name,
                    status=m.status,
                    timezone=m.timezone,
                    delegates=sum(1 for p in active if p.role == "delegate"),
                    hosts=sum(1 for p in active if p.role == "host"),
                    requests=sum(1 for r in m.requests if r.status == "accepted"),
                    versions=len(m.versions),
                    created_at=m.created_at,
                )
            )
        return items

    def organization_exists(self, organization_id: int) -> bool:
        return organization_id in self.organizations

    def add(
        self,
        instance: Instance,
        *,
        name: str,
        organizer_organization_id: int | None,
        timezone: str,
        created_at: datetime,
    ) -> int:
        mission_id = max(self.missions, default=0) + 1
        requests = []
        for r in instance.requests:
            requests.append(
                RequestRecord(
                    id=self._next_request_id,
                    delegate=r.delegate,
                    host=r.host,
                    weight=r.weight,
                    mandatory=r.mandatory,
                    origin="organizer",
                    status="accepted",
                    created_at=created_at,
                    interpreter=r.interpreter,
                )
            )
            self._next_request_id += 1
        slot_order = {s.id: i for i, s in enumerate(instance.slots)}
        self._put(
            MissionRecord(
                id=mission_id,
                name=name,
                status="draft",
                timezone=timezone,
                organizer_organization_id=organizer_organization_id,
                created_at=created_at,
                slots=tuple(SlotRecord(s.id, s.day, s.start, s.end) for s in instance.slots),
                venues=tuple(VenueRecord(v.id, v.name, v.capacity, city=v.city) for v in instance.venues),
                travel=tuple(TravelRecord(t.from_venue, t.to_venue, t.minutes) for t in instance.travel),
                interpreters=tuple(
                    InterpreterRecord(
                        i.id,
                        i.name,
                        tuple(i.languages),
                        tuple(sorted(i.available, key=slot_order.__getitem__))
                        if i.available is not None
                        else None,
                    )
                    for i in instance.interpreters
                ),
                participants=tuple(
                    ParticipantRecord(
                        key=p.id,
                        role=p.role.value,
                        name=p.name,
                        organization_name=p.organization,
                        venue=p.venue,
                        available=tuple(sorted(p.available, key=slot_order.__getitem__))
                        if p.available is not None
                        else None,
                        max_meetings=p.max_meetings,
                    )
                    for p in instance.participants
                ),
                requests=tuple(requests),
            )
        )
        return mission_id

    def add_participant(self, mission_id: int, participant: ParticipantRecord) -> None:
        mission = self.missions[mission_id]
        self._put(replace(mission, participants=(*mission.participants, participant)))

    def set_participant_status(self, mission_id: int, key: str, status: str) -> None:
        mission = self.missions[mission_id]
        self._put(
            replace(
                mission,
                participants=tuple(
                    replace(p, status=status) if p.key == key else p for p in mission.participants
                ),
            )
        )

    def add_request(self, mission_id: int, request: RequestRecord) -> RequestRecord:
        mission = self.missions[mission_id]
        stored = replace(request, id=self._next_request_id)
        self._next_request_id += 1
        self._put(replace(mission, requests=(*mission.requests, stored)))
        return stored

    def update_request(self, request: RequestRecord) -> None:
        mission = self._mission_of_request(request.id)
        self._put(
            replace(
                mission,
                requests=tuple(
                    replace(
                        r,
                        status=request.status,
                        origin=request.origin,
                        weight=request.weight,
                        mandatory=request.mandatory,
                        expires_at=request.expires_at,
                    )
                    if r.id == request.id
                    else r
                    for r in mission.requests
                ),
            )
        )

    def pending_requests(self, *, mission_id: int | None = None) -> list[RequestRecord]:
        return sorted(
            (
                r
                for m in self.missions.values()
                if mission_id is None or m.id == mission_id
                for r in m.requests
                if r.status == "pending"
            ),
            key=lambda r: r.id,
        )

    def add_version(self, mission_id: int, version: VersionRecord) -> None:
        mission = self.missions[mission_id]
        if any(v.number == version.number for v in mission.versions):
            raise Conflict("another schedule of this mission was saved at the same moment; run it again")
        self._put(replace(mission, status="planned", versions=(*mission.versions, version)))
