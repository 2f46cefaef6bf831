"""The planning instance: slots, venues, travel, participants, interpreters and requests.

Pure standard-library code. Reading and writing the documented JSON exchange format (with clear messages for
a bad file) is the planner adapter's job (`kakehashi.adapters.planner.instance_codec`); the cross-reference
rules that no JSON Schema can express (unique ids, known venues and slots, slots that do not overlap) live
in `kakehashi.domain.planning.consistency`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any, TypeVar

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.names import one_line, optional_line

# Venues without a `city` that are at most this many minutes apart count as one place (not a city change):
# a walk or a short taxi ride, where the cities of a delegation are an hour or more apart.
SAME_PLACE_MINUTES = 30
T = TypeVar("T")


class Role(StrEnum):
    DELEGATE = "delegate"
    HOST = "host"


class InvalidInstance(InvalidInput):
    """An instance that cannot be planned; `problems` lists each problem in one sentence."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        if len(self.problems) == 1:
            super().__init__("invalid instance: {problem}", problem=self.problems[0])
        elif more:
            super().__init__(
                "invalid instance ({count} problems): {problems}; ... and {more} more",
                count=len(self.problems),
                problems="; ".join(shown),
                more=more,
            )
        else:
            super().__init__(
                "invalid instance ({count} problems): {problems}",
                count=len(self.problems),
                problems="; ".join(shown),
            )


@dataclass(frozen=True, slots=True)
class Slot:
    """A time slot of one day; all participants share the same slot grid."""

    id: str
    day: date
    start: time
    end: time

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.end.hour * 60 + self.end.minute

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }


@dataclass(frozen=True, slots=True)
class Venue:
    """A place where hosts receive; `capacity` = meetings at once. `city` (optional) groups venues."""

    id: str
    name: str
    capacity: int
    city: str | None = None

    def __post_init__(self) -> None:
        # Names are shown on one line (calendars, grids): cleaned here, so every way in is covered.
        object.__setattr__(self, "name", one_line(self.name) or self.id)
        if isinstance(self.city, str):
            object.__setattr__(self, "city", optional_line(self.city))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "capacity": self.capacity}
        if self.city is not None:
            data["city"] = self.city
        return data


@dataclass(frozen=True, slots=True)
class Travel:
    """Minutes to travel between two venues, in either direction."""

    from_venue: str
    to_venue: str
    minutes: int

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_venue, "to": self.to_venue, "minutes": self.minutes}


@dataclass(frozen=True, slots=True)
class Participant:
    """A delegate (a travelling team) or a host (receives at its own venue)."""

    id: str
    name: str
    organization: str
    role: Role
    venue: str | None = None
    available: frozenset[str] | None = None  # None: every slot
    max_meetings: int | None = None

    def __post_init__(self) -> None:
        name = one_line(self.name) or self.id
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "organization", one_line(self.organization) or name)

    @property
    def is_host(self) -> bool:
        return self.role is Role.HOST

    def is_available(self, slot_id: str) -> bool:
        return self.available is None or slot_id in self.available

    def to_dict(self, slot_order: Sequence[str] = ()) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "organization": self.organization,
            "role": self.role.value,
        }
        if self.venue is not None:
            data["venue"] = self.venue
        if self.available is not None:
            order = {s: i for i, s in enumerate(slot_order)}
            data["available"] = sorted(self.available, key=lambda s: (order.get(s, len(order)), s))
        if self.max_meetings is not None:
            data["max_meetings"] = self.max_meetings
        return data


@dataclass(frozen=True, slots=True)
class Interpreter:
    """An interpreter: one meeting at a time, in the slots where available."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    available: frozenset[str] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", one_line(self.name) or self.id)

    def is_available(self, slot_id: str) -> bool:
        return self.available is None or slot_id in self.available

    def can_interpret(self, need: str) -> bool:
        """`need` is "" (any interpreter) or a pair such as "ja-he" (both languages, or the pair itself)."""
        if not need:
            return True
        langs = {lang.lower() for lang in self.languages}
        if need.lower() in langs:
            return True
        parts = [p for p in re.split(r"[-_/ ]+", need.lower()) if p]
        if len(parts) == 2 and f"{parts[1]}-{parts[0]}" in langs:
            return True
        return bool(parts) and all(p in langs for p in parts)

    def to_dict(self, slot_order: Sequence[str] = ()) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "languages": list(self.languages)}
        if self.available is not None:
            order = {s: i for i, s in enumerate(slot_order)}
            data["available"] = sorted(self.available, key=lambda s: (order.get(s, len(order)), s))
        return data


@dataclass(frozen=True, slots=True)
class Request:
    """A delegate's wish to meet a host; weight > 0; `interpreter` None = not needed, "" = any language."""

    delegate: str
    host: str
    weight: float = 1.0
    mandatory: bool = False
    interpreter: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.delegate, self.host)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "delegate": self.delegate,
            "host": self.host,
            "weight": json_number(self.weight),
            "mandatory": self.mandatory,
        }
        if self.interpreter is not None:
            if self.interpreter:
                data["interpreter"] = self.interpreter
            else:
                data["needs_interpreter"] = True
        return data


# --------------------------------------------------------------------------------------------- instance


@dataclass(frozen=True)
class Instance:
    """A planning problem; build it with `from_dict`, which refuses anything inconsistent."""

    name: str
    slots: tuple[Slot, ...]
    venues: tuple[Venue, ...]
    travel: tuple[Travel, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    interpreters: tuple[Interpreter, ...] = ()
    _slot_by_id: dict[str, Slot] = field(default_factory=dict, init=False, repr=False, compare=False)
    _slot_index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _venue_by_id: dict[str, Venue] = field(default_factory=dict, init=False, repr=False, compare=False)
    _participant_by_id: dict[str, Participant] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _travel: dict[tuple[str, str], int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _request_by_key: dict[tuple[str, str], Request] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _place_by_venue: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", one_line(self.name) or "delegation")
        # Slots are kept in time order; indexes below refer to that order.
        ordered = tuple(sorted(self.slots, key=lambda s: (s.day, s.start, s.end, s.id)))
        object.__setattr__(self, "slots", ordered)
        self._slot_by_id.update({s.id: s for s in ordered})
        self._slot_index.update({s.id: i for i, s in enumerate(ordered)})
        self._venue_by_id.update({v.id: v for v in self.venues})
        self._participant_by_id.update({p.id: p for p in self.participants})
        self._request_by_key.update({r.key: r for r in self.requests})
        for t in self.travel:
            self._travel[(t.from_venue, t.to_venue)] = t.minutes
            self._travel[(t.to_venue, t.from_venue)] = t.minutes

    def _places(self) -> dict[str, str]:
        """Venue -> place for city changes: its `city`; without one, venues a short hop apart are one place.

        The exchange format does not require `city`. Counting every venue as its own place would make each
        meeting at another office a "city change"; venues within SAME_PLACE_MINUTES of each other (a pair
        missing from `travel` is 0 minutes) are grouped instead, and the group is named by its first venue.
        """
        places = {v.id: v.city for v in self.venues if v.city}
        loose = sorted(v.id for v in self.venues if not v.city)
        parent = {v: v for v in loose}

        def root(v: str) -> str:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for n, a in enumerate(loose):
            for b in loose[n + 1 :]:
                if self.travel_minutes(a, b) <= SAME_PLACE_MINUTES:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        places.update({v: f"near {root(v)}" for v in loose})
        return places

    # ---- look-ups
    def slot(self, slot_id: str) -> Slot:
        return self._slot_by_id[slot_id]

    def slot_index(self, slot_id: str) -> int:
        return self._slot_index[slot_id]

    def venue(self, venue_id: str) -> Venue:
        return self._venue_by_id[venue_id]

    def participant(self, participant_id: str) -> Participant:
        return self._participant_by_id[participant_id]

    def has_slot(self, slot_id: str) -> bool:
        return slot_id in self._slot_by_id

    def has_venue(self, venue_id: str) -> bool:
        return venue_id in self._venue_by_id

    def has_participant(self, participant_id: str) -> bool:
        return participant_id in self._participant_by_id

    @property
    def delegates(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.role is Role.DELEGATE)

    @property
    def hosts(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.role is Role.HOST)

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(sorted({s.day for s in self.slots}))

    def travel_minutes(self, from_venue: str, to_venue: str) -> int:
        """Minutes between venues; a venue to itself is 0, a pair missing from `travel` is 0 as well."""
        if from_venue == to_venue:
            return 0
        return self._travel.get((from_venue, to_venue), 0)

    def place_of(self, venue_id: str) -> str:
        """What a "city change" compares: the venue's city, else its group of nearby venues (see _places)."""
        if not self._place_by_venue:  # worked out on first use: parsing and validation never need it
            self._place_by_venue.update(self._places())
        return self._place_by_venue.get(venue_id, venue_id)

    def host_venue(self, host_id: str) -> str:
        venue = self.participant(host_id).venue
        assert venue is not None  # from_dict guarantees every host has a venue
        return venue

    def common_slots(self, request: Request) -> list[str]:
        """Slots (in time order) where both sides of the request are available."""
        d, h = self.participant(request.delegate), self.participant(request.host)
        return [s.id for s in self.slots if d.is_available(s.id) and h.is_available(s.id)]

    def can_follow(self, slot_a: str, venue_a: str, slot_b: str, venue_b: str) -> bool:
        """Travel rule for one delegate: two meetings of one day need end(a) + travel <= start(b)."""
        a, b = self.slot(slot_a), self.slot(slot_b)
        if a.day != b.day:
            return True
        if self.slot_index(slot_a) > self.slot_index(slot_b):
            a, b, venue_a, venue_b = b, a, venue_b, venue_a
        return a.end_minute + self.travel_minutes(venue_a, venue_b) <= b.start_minute

    def request(self, delegate: str, host: str) -> Request | None:
        return self._request_by_key.get((delegate, host))

    def replace(
        self,
        *,
        participants: Iterable[Participant] | None = None,
        requests: Iterable[Request] | None = None,
    ) -> Instance:
        """A copy with other participants or requests (used by re-planning)."""
        return Instance(
            name=self.name,
            slots=self.slots,
            venues=self.venues,
            travel=self.travel,
            participants=tuple(participants) if participants is not None else self.participants,
            requests=tuple(requests) if requests is not None else self.requests,
            interpreters=self.interpreters,
        )

    # ---- exchange format (reading it is `consistency.instance_from_dict`, which applies the rules)
    def to_dict(self) -> dict[str, Any]:
        order = [s.id for s in self.slots]
        data: dict[str, Any] = {
            "name": self.name,
            "slots": [s.to_dict() for s in self.slots],
            "venues": [v.to_dict() for v in self.venues],
            "travel": [t.to_dict() for t in self.travel],
            "participants": [p.to_dict(order) for p in self.participants],
            "requests": [r.to_dict() for r in self.requests],
        }
        if self.interpreters:
            data["interpreters"] = [i.to_dict(order) for i in self.interpreters]
        return data


def refuse_empty(data: Any) -> Mapping[str, Any]:
    """One message for something that is not an instance at all, instead of one per missing list."""
    if not isinstance(data, Mapping):
        raise InvalidInstance(
            ["an instance must be a JSON object with slots, venues, participants, requests"]
        )
    if all(not data.get(k) for k in ("slots", "participants", "requests", "venues")):
        raise InvalidInstance(
            ["the instance is empty: it needs slots, venues, participants (delegates and hosts) and requests"]
        )
    return data


def interpreter_need(interpreter: Any, needs_interpreter: Any) -> str | None:
    """`Request.interpreter` from the two fields of the format: a language pair, "" (any), None (none)."""
    if isinstance(interpreter, str) and interpreter.strip():
        return interpreter.strip()
    return "" if interpreter is True or needs_interpreter is True else None


def json_number(value: float) -> float | int:
    """Whole numbers print as integers in JSON (weights are usually integers)."""
    return int(value) if float(value).is_integer() else round(value, 6)
