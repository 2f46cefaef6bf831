"""Missions with their participants, venues, slots, requests and schedule versions.

The repository hands out plain frozen records (a whole mission at a time: missions are small) and takes
changes as records too; the services hold every rule about them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol

from kakehashi.domain.planning import Instance


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
class SlotRecord:
    key: str
    day: date
    starts_at: time
    ends_at: time


@dataclass(frozen=True, slots=True)
class VenueRecord:
    key: str
    name: str
    capacity: int
    city: str | None = None
    address: str | None = None
    name_ja: str | None = None


@dataclass(frozen=True, slots=True)
class TravelRecord:
    from_venue: str
    to_venue: str
    minutes: int


@dataclass(frozen=True, slots=True)
class InterpreterRecord:
    key: str
    name: str
    languages: tuple[str, ...] = ()
    available: tuple[str, ...] | None = None  # slot keys; None = every slot


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    """A delegate team or a host; `venue` and `available` hold keys of the same mission."""

    key: str
    role: str  # delegate | host
    name: str
    organization_name: str | None = None
    organization_id: int | None = None
    name_ja: str | None = None
    venue: str | None = None
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None
    contacts: tuple[Mapping[str, str], ...] = ()
    languages: tuple[str, ...] = ()
    needs_interpreter: bool = False
    status: str = "active"  # active | withdrawn


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A wish to meet; `id` is 0 until the repository stored it."""

    id: int
    delegate: str
    host: str
    weight: float
    mandatory: bool
    origin: str
    status: str
    created_at: datetime
    interpreter: str | None = None
    expires_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    delegate: str
    host: str
    slot: str
    venue: str
    uid: str
    sequence: int = 0
    interpreter: str | None = None


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One stored schedule with its meetings; `parent` is the number of the version it repairs."""

    number: int
    kind: str  # solve | repair
    status: str
    objective: float | None
    bound: float | None
    created_at: datetime
    meetings: tuple[MeetingRecord, ...] = ()
    parent: int | None = None
    stats: Mapping[str, Any] = field(default_factory=dict)
    unscheduled: tuple[Mapping[str, Any], ...] = ()
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MissionRecord:
    """A whole mission, positions kept in order (slots, venues, participants, requests), versions oldest first."""

    id: int
    name: str
    status: str
    timezone: str
    organizer_organization_id: int | None
    created_at: datetime
    slots: tuple[SlotRecord, ...] = ()
    venues: tuple[VenueRecord, ...] = ()
    travel: tuple[TravelRecord, ...] = ()
    interpreters: tuple[InterpreterRecord, ...] = ()
    participants: tuple[ParticipantRecord, ...] = ()
    requests: tuple[RequestRecord, ...] = ()
    versions: tuple[VersionRecord, ...] = ()

    def participant(self, key: str) -> ParticipantRecord | None:
        return next((p for p in self.participants if p.key == key), None)

    def request(self, delegate: str, host: str) -> RequestRecord | None:
        return next((r for r in self.requests if (r.delegate, r.host) == (delegate, host)), None)


class MissionsRepository(Protocol):
    """Missions with their participants, venues, slots, requests and schedule versions."""

    def get(self, mission_id: int) -> MissionRecord | None:
        """The whole mission, or None when there is none with that id."""
        ...

    def list_items(self, *, organization_id: int | None = None) -> list[MissionItem]:
        """Missions newest first; with `organization_id`, only those it organizes or takes part in."""
        ...

    def organization_exists(self, organization_id: int) -> bool: ...

    def add(
        self,
        instance: Instance,
        *,
        name: str,
        organizer_organization_id: int | None,
        timezone: str,
        created_at: datetime,
    ) -> int:
        """Store a validated instance as a new draft mission (its requests accepted); returns the new id."""
        ...

    def add_participant(self, mission_id: int, participant: ParticipantRecord) -> None: ...

    def set_participant_status(self, mission_id: int, key: str, status: str) -> None: ...

    def add_request(self, mission_id: int, request: RequestRecord) -> RequestRecord:
        """Store a new request after the others; returns it with its id."""
        ...

    def update_request(self, request: RequestRecord) -> None:
        """Save the status, origin, weight, mandatory flag and expiry of the request with `request.id`."""
        ...

    def pending_requests(self, *, mission_id: int | None = None) -> list[RequestRecord]:
        """Pending requests of one mission, or of every mission."""
        ...

    def add_version(self, mission_id: int, version: VersionRecord) -> None:
        """Store a schedule version (its meetings linked to their requests) and mark the mission planned.

        A version number taken at the same moment by another run is a `Conflict`."""
        ...
