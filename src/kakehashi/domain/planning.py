"""Delegation planning: the instance (who wants to meet whom, when, where) and the schedule, with named rules.

Pure standard-library code. The exchange format is documented in docs/planner.md and
docs/schemas/{instance,schedule}.schema.json; every rule has one name, used by the solver that enforces it
and by `check_schedule` that explains a violation, so a person reads the same words everywhere.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any

from kakehashi.domain.errors import InvalidInput

# Rule names: the CP-SAT builder has one `add_<rule>` function per name, `check_schedule` reports them.
RULE_ONE_MEETING_PER_SLOT = "one_meeting_per_participant_per_slot"
RULE_BOTH_AVAILABLE = "both_available"
RULE_VENUE_CAPACITY = "venue_capacity"
RULE_TRAVEL_TIME = "travel_time"
RULE_MAX_MEETINGS = "max_meetings"
RULE_REQUEST_AT_MOST_ONCE = "request_at_most_once"
RULE_MANDATORY_PLACED = "mandatory_placed"
RULE_INTERPRETERS = "interpreter_capacity"
RULE_KNOWN_REQUEST = "known_request"
# Venues without a `city` that are at most this many minutes apart count as one place (not a city change):
# a walk or a short taxi ride, where the cities of a delegation are an hour or more apart.
SAME_PLACE_MINUTES = 30
RULES = (
    RULE_ONE_MEETING_PER_SLOT,
    RULE_BOTH_AVAILABLE,
    RULE_VENUE_CAPACITY,
    RULE_TRAVEL_TIME,
    RULE_MAX_MEETINGS,
    RULE_REQUEST_AT_MOST_ONCE,
    RULE_MANDATORY_PLACED,
    RULE_INTERPRETERS,
    RULE_KNOWN_REQUEST,
)


class Reason(StrEnum):
    """Why a request was left out: a stable code; `Unscheduled.reason` carries the sentence for people."""

    NO_COMMON_SLOT = "no_common_free_slot"
    HOST_UNAVAILABLE = "host_unavailable"
    DELEGATE_UNAVAILABLE = "delegate_unavailable"
    HOST_FULL = "host_full"
    DELEGATE_FULL = "delegate_full"
    VENUE_FULL = "venue_full"
    TRAVEL_IMPOSSIBLE = "travel_impossible"
    HOST_MAX_MEETINGS = "host_max_meetings"
    DELEGATE_MAX_MEETINGS = "delegate_max_meetings"
    INTERPRETER_UNAVAILABLE = "interpreter_unavailable"
    LOWER_WEIGHT = "lower_weight"
    MANDATORY_CONFLICT = "mandatory_conflict"
    NOT_PLACED = "not_placed"
    CANCELLED = "cancelled"


class Role(StrEnum):
    DELEGATE = "delegate"
    HOST = "host"


class ScheduleStatus(StrEnum):
    OPTIMAL = "optimal"  # the placed weight equals a proven upper bound
    FEASIBLE = "feasible"  # every hard rule holds; the gap to the bound is reported
    INFEASIBLE = "infeasible"  # some mandatory meetings cannot all be placed (named in `unscheduled`)


class InvalidInstance(InvalidInput):
    """An instance that cannot be planned; `problems` lists each problem in one sentence."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        if len(self.problems) == 1:
            message = f"invalid instance: {self.problems[0]}"
        else:
            message = f"invalid instance ({len(self.problems)} problems): " + "; ".join(shown)
            if more:
                message += f"; ... and {more} more"
        super().__init__(message)


# --------------------------------------------------------------------------------------------- value types


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
            "weight": _number(self.weight),
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

    # ---- codec
    @classmethod
    def from_dict(cls, data: Any) -> Instance:
        """Parse and validate the JSON exchange format; raises InvalidInstance listing every problem."""
        return _InstanceParser(data).parse()

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


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class _InstanceParser:
    """Collects every problem in one pass so that a person can fix the file in one go."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []
        self.declared_slots: set[str] = set()  # ids of slots given, valid or not (no second message)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def list_of(self, key: str, *, required: bool = True) -> list[Mapping[str, Any]]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(f'"{key}" is missing')
            return []
        if not isinstance(value, list):
            self.problem(f'"{key}" must be a list')
            return []
        items: list[Mapping[str, Any]] = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                items.append(item)
            else:
                self.problem(f"{key}[{i}] must be an object")
        return items

    def text(self, item: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(f'{where}: "{key}" is missing')
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(f'{where}: "{key}" must be a string')
            return None
        return str(value).strip()

    def integer(self, item: Mapping[str, Any], key: str, where: str, *, minimum: int) -> int | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            self.problem(f'{where}: "{key}" must be a whole number, not {value!r}')
            return None
        if value < minimum:
            self.problem(f'{where}: "{key}" must be at least {minimum}, not {value!r}')
            return None
        return int(value)

    def slot_ids(
        self, item: Mapping[str, Any], where: str, known: Mapping[str, Slot]
    ) -> frozenset[str] | None:
        value = item.get("available")
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(f'{where}: "available" must be a list of slot ids')
            return None
        ids: set[str] = set()
        for raw in value:
            sid = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
            if sid is None:
                self.problem(f'{where}: "available" must hold slot ids, not {raw!r}')
            elif sid not in known:
                if sid not in self.declared_slots:
                    self.problem(f'{where}: unknown slot "{sid}" in "available"')
            else:
                ids.add(sid)
        return frozenset(ids)

    def parse(self) -> Instance:
        if not isinstance(self.data, Mapping):
            raise InvalidInstance(
                ["an instance must be a JSON object with slots, venues, participants, requests"]
            )
        lists = ("slots", "participants", "requests", "venues")
        if all(not self.data.get(k) for k in lists):
            raise InvalidInstance(
                [
                    "the instance is empty: it needs slots, venues, participants (delegates and hosts) and requests"
                ]
            )
        name = self.data.get("name")
        name = str(name).strip() if isinstance(name, str | int) and str(name).strip() else "delegation"
        slots = self.parse_slots()
        venues = self.parse_venues()
        travel = self.parse_travel(venues)
        participants = self.parse_participants(slots, venues)
        interpreters = self.parse_interpreters(slots)
        requests = self.parse_requests(participants)
        if not self.declared_slots and "slots" in self.data:
            self.problem("the instance has no slots")
        if not [p for p in participants.values() if p.role is Role.DELEGATE] and participants:
            self.problem("the instance has no delegates")
        if not [p for p in participants.values() if p.role is Role.HOST] and participants:
            self.problem("the instance has no hosts")
        if not participants and "participants" in self.data:
            self.problem("the instance has no participants")
        if self.problems:
            raise InvalidInstance(self.problems)
        return Instance(
            name=name,
            slots=tuple(slots.values()),
            venues=tuple(venues.values()),
            travel=tuple(travel),
            participants=tuple(participants.values()),
            requests=tuple(requests),
            interpreters=tuple(interpreters),
        )

    def parse_time(self, value: Any, where: str, key: str) -> time | None:
        match = _TIME.match(value.strip()) if isinstance(value, str) else None
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            self.problem(f'{where}: "{key}" must be a time HH:MM, not {value!r}')
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def parse_slots(self) -> dict[str, Slot]:
        slots: dict[str, Slot] = {}
        for i, item in enumerate(self.list_of("slots")):
            sid = self.text(item, "id", f"slot #{i + 1}")
            if sid is not None:
                self.declared_slots.add(sid)
            where = f'slot "{sid}"' if sid else f"slot #{i + 1}"
            raw_day = item.get("day")
            day: date | None = None
            try:
                day = date.fromisoformat(raw_day) if isinstance(raw_day, str) else None
            except ValueError:
                day = None
            if day is None:
                self.problem(f'{where}: "day" must be a date YYYY-MM-DD, not {raw_day!r}')
            start = self.parse_time(item.get("start"), where, "start")
            end = self.parse_time(item.get("end"), where, "end")
            if start and end and end <= start:
                self.problem(f"{where}: ends at {end:%H:%M}, not after its start {start:%H:%M}")
                continue
            if sid is None or day is None or start is None or end is None:
                continue
            if sid in slots:
                self.problem(f'duplicate slot id "{sid}"')
                continue
            slots[sid] = Slot(sid, day, start, end)
        by_day: dict[date, list[Slot]] = defaultdict(list)
        for s in slots.values():
            by_day[s.day].append(s)
        for day_slots in by_day.values():
            day_slots.sort(key=lambda s: (s.start, s.end))
            for a, b in zip(day_slots, day_slots[1:], strict=False):
                if (a.start, a.end) == (b.start, b.end):
                    self.problem(
                        f'slots "{a.id}" and "{b.id}" are the same time ({a.day} {a.start:%H:%M}-{a.end:%H:%M})'
                    )
                elif b.start < a.end:
                    self.problem(
                        f'slots "{a.id}" ({a.start:%H:%M}-{a.end:%H:%M}) and "{b.id}" '
                        f"({b.start:%H:%M}-{b.end:%H:%M}) overlap on {a.day}"
                    )
        return slots

    def parse_venues(self) -> dict[str, Venue]:
        venues: dict[str, Venue] = {}
        for i, item in enumerate(self.list_of("venues")):
            vid = self.text(item, "id", f"venue #{i + 1}")
            where = f'venue "{vid}"' if vid else f"venue #{i + 1}"
            capacity = self.integer(item, "capacity", where, minimum=1)
            if item.get("capacity") is None:
                capacity = 1
            if vid is None or capacity is None:
                continue
            if vid in venues:
                self.problem(f'duplicate venue id "{vid}"')
                continue
            name = self.text(item, "name", where, required=False) or vid
            city = self.text(item, "city", where, required=False)
            venues[vid] = Venue(vid, name, capacity, city)
        return venues

    def parse_travel(self, venues: Mapping[str, Venue]) -> list[Travel]:
        seen: dict[frozenset[str], int] = {}
        travel: list[Travel] = []
        for i, item in enumerate(self.list_of("travel", required=False)):
            a = self.text(item, "from", f"travel #{i + 1}")
            b = self.text(item, "to", f"travel #{i + 1}")
            where = f'travel "{a}" -> "{b}"'
            minutes = self.integer(item, "minutes", where, minimum=0)
            if item.get("minutes") is None:
                self.problem(f'{where}: "minutes" is missing')
            if a is None or b is None or minutes is None:
                continue
            bad = [v for v in (a, b) if v not in venues]
            if bad:
                self.problem(f'{where}: unknown venue "{bad[0]}"')
                continue
            if a == b:
                if minutes != 0:
                    self.problem(f"{where}: a venue to itself is 0 minutes, not {minutes}")
                continue
            key = frozenset((a, b))
            if key in seen:
                if seen[key] != minutes:
                    self.problem(
                        f"{where}: given twice with different times ({seen[key]} and {minutes} minutes)"
                    )
                continue
            seen[key] = minutes
            travel.append(Travel(a, b, minutes))
        return travel

    def parse_participants(
        self, slots: Mapping[str, Slot], venues: Mapping[str, Venue]
    ) -> dict[str, Participant]:
        participants: dict[str, Participant] = {}
        for i, item in enumerate(self.list_of("participants")):
            pid = self.text(item, "id", f"participant #{i + 1}")
            where = f'participant "{pid}"' if pid else f"participant #{i + 1}"
            raw_role = item.get("role")
            role = Role(raw_role) if raw_role in ("delegate", "host") else None
            if role is None:
                self.problem(f'{where}: "role" must be "delegate" or "host", not {raw_role!r}')
            venue = self.text(item, "venue", where, required=False)
            if role is Role.HOST and venue is None:
                self.problem(f'{where}: a host needs a "venue"')
            if venue is not None and venue not in venues:
                self.problem(f'{where}: unknown venue "{venue}"')
                venue = None
            available = self.slot_ids(item, where, slots)
            max_meetings = self.integer(item, "max_meetings", where, minimum=0)
            if pid is None or role is None:
                continue
            if pid in participants:
                self.problem(f'duplicate participant id "{pid}"')
                continue
            name = self.text(item, "name", where, required=False) or pid
            organization = self.text(item, "organization", where, required=False) or name
            participants[pid] = Participant(pid, name, organization, role, venue, available, max_meetings)
        return participants

    def parse_interpreters(self, slots: Mapping[str, Slot]) -> list[Interpreter]:
        interpreters: dict[str, Interpreter] = {}
        for i, item in enumerate(self.list_of("interpreters", required=False)):
            iid = self.text(item, "id", f"interpreter #{i + 1}")
            where = f'interpreter "{iid}"' if iid else f"interpreter #{i + 1}"
            raw_langs = item.get("languages", [])
            if isinstance(raw_langs, str):
                raw_langs = [raw_langs]
            if not isinstance(raw_langs, list) or not all(isinstance(x, str) for x in raw_langs):
                self.problem(f'{where}: "languages" must be a list of language codes')
                raw_langs = []
            available = self.slot_ids(item, where, slots)
            if iid is None:
                continue
            if iid in interpreters:
                self.problem(f'duplicate interpreter id "{iid}"')
                continue
            name = self.text(item, "name", where, required=False) or iid
            interpreters[iid] = Interpreter(iid, name, tuple(x.strip() for x in raw_langs), available)
        return list(interpreters.values())

    def parse_requests(self, participants: Mapping[str, Participant]) -> list[Request]:
        requests: dict[tuple[str, str], Request] = {}
        for i, item in enumerate(self.list_of("requests")):
            d = self.text(item, "delegate", f"request #{i + 1}")
            h = self.text(item, "host", f"request #{i + 1}")
            where = f'request "{d}" -> "{h}"'
            weight: float = 1.0
            raw_weight = item.get("weight", 1)
            if (
                isinstance(raw_weight, bool)
                or not isinstance(raw_weight, int | float)
                or not math.isfinite(raw_weight)
            ):
                self.problem(f'{where}: "weight" must be a number, not {raw_weight!r}')
            elif raw_weight <= 0:
                self.problem(f'{where}: "weight" must be positive, not {raw_weight!r}')
            else:
                weight = float(raw_weight)
            raw_mandatory = item.get("mandatory", False)
            if not isinstance(raw_mandatory, bool):
                self.problem(f'{where}: "mandatory" must be true or false, not {raw_mandatory!r}')
                raw_mandatory = False
            interpreter: str | None = None
            raw_interp = item.get("interpreter")
            if isinstance(raw_interp, str) and raw_interp.strip():
                interpreter = raw_interp.strip()
            elif raw_interp is True or item.get("needs_interpreter") is True:
                interpreter = ""
            if d is None or h is None:
                continue
            ok = True
            for pid, role in ((d, Role.DELEGATE), (h, Role.HOST)):
                if pid not in participants:
                    self.problem(f'{where}: unknown participant "{pid}"')
                    ok = False
                elif participants[pid].role is not role:
                    self.problem(f'{where}: "{pid}" is a {participants[pid].role.value}, not a {role.value}')
                    ok = False
            if not ok:
                continue
            if (d, h) in requests:
                self.problem(f"{where}: the same request appears twice")
                continue
            requests[(d, h)] = Request(d, h, weight, raw_mandatory, interpreter)
        return list(requests.values())


# --------------------------------------------------------------------------------------------- schedule


@dataclass(frozen=True, slots=True)
class Meeting:
    """A placed request: the delegate meets the host in a slot, at the host's venue."""

    delegate: str
    host: str
    slot: str
    venue: str
    interpreter: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.delegate, self.host)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "delegate": self.delegate,
            "host": self.host,
            "slot": self.slot,
            "venue": self.venue,
        }
        if self.interpreter is not None:
            data["interpreter"] = self.interpreter
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meeting:
        interp = data.get("interpreter")
        return cls(
            str(data["delegate"]),
            str(data["host"]),
            str(data["slot"]),
            str(data["venue"]),
            str(interp) if interp is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A request left out, with a reason a person understands and its stable code."""

    delegate: str
    host: str
    reason: str
    code: str = Reason.NOT_PLACED.value
    mandatory: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "delegate": self.delegate,
            "host": self.host,
            "reason": self.reason,
            "code": self.code,
            "mandatory": self.mandatory,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unscheduled:
        return cls(
            str(data["delegate"]),
            str(data["host"]),
            str(data.get("reason", "")),
            str(data.get("code", Reason.NOT_PLACED.value)),
            bool(data.get("mandatory", False)),
        )


@dataclass(frozen=True, slots=True)
class TeamSummary:
    """What one delegate (team) asked for and got."""

    delegate: str
    name: str
    asked: float  # total requested weight
    got: float  # placed weight
    requested: tuple[str, ...]  # hosts asked for
    scheduled: tuple[str, ...]  # hosts met

    @property
    def share(self) -> float:
        return self.got / self.asked if self.asked > 0 else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "delegate": self.delegate,
            "name": self.name,
            "asked": _number(self.asked),
            "got": _number(self.got),
            "share": round(self.share, 6),
            "requested": list(self.requested),
            "scheduled": list(self.scheduled),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TeamSummary:
        return cls(
            str(data["delegate"]),
            str(data.get("name", data["delegate"])),
            float(data.get("asked", 0)),
            float(data.get("got", 0)),
            tuple(str(x) for x in data.get("requested", ())),
            tuple(str(x) for x in data.get("scheduled", ())),
        )


@dataclass(frozen=True)
class Schedule:
    """A solver answer: meetings, left-out requests with reasons, the weight bound and statistics."""

    status: ScheduleStatus
    objective: float
    bound: float
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    teams: tuple[TeamSummary, ...] = ()

    @property
    def gap(self) -> float:
        """Relative distance to the bound: 0 means proven optimal."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "objective": _number(self.objective),
            "bound": _number(self.bound),
            "gap": round(self.gap, 6),
            "meetings": [m.to_dict() for m in self.meetings],
            "unscheduled": [u.to_dict() for u in self.unscheduled],
            "stats": dict(self.stats),
            "teams": [t.to_dict() for t in self.teams],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        """Read a SCHEDULE.json; raises InvalidInput with one message when it is not one."""
        if not isinstance(data, Mapping):
            raise InvalidInput("a schedule must be a JSON object with status and meetings")
        try:
            status = ScheduleStatus(data.get("status", "feasible"))
        except ValueError:
            raise InvalidInput(
                f'schedule: "status" must be optimal, feasible or infeasible, not {data.get("status")!r}'
            ) from None
        try:
            meetings = tuple(Meeting.from_dict(m) for m in data.get("meetings") or ())
            unscheduled = tuple(Unscheduled.from_dict(u) for u in data.get("unscheduled") or ())
            teams = tuple(TeamSummary.from_dict(t) for t in data.get("teams") or ())
            objective = float(data.get("objective", 0.0))
            bound = float(data.get("bound", objective))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(f"schedule: a meeting or unscheduled entry is incomplete ({exc})") from None
        stats = data.get("stats")
        return cls(
            status,
            objective,
            bound,
            meetings,
            unscheduled,
            dict(stats) if isinstance(stats, Mapping) else {},
            teams,
        )


def _number(value: float) -> float | int:
    """Whole numbers print as integers in JSON (weights are usually integers)."""
    return int(value) if float(value).is_integer() else round(value, 6)


# --------------------------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule that a schedule breaks, named as the solver names it."""

    rule: str
    message: str
    meetings: tuple[Meeting, ...] = ()


def one_meeting_per_participant_per_slot(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Nobody is in two meetings at once."""
    seen: dict[tuple[str, str], Meeting] = {}
    out: list[Violation] = []
    for m in meetings:
        for pid in (m.delegate, m.host):
            other = seen.get((pid, m.slot))
            if other is not None:
                out.append(
                    Violation(
                        RULE_ONE_MEETING_PER_SLOT, f'"{pid}" has two meetings in slot "{m.slot}"', (other, m)
                    )
                )
            else:
                seen[(pid, m.slot)] = m
    return out


def both_available(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Both the delegate and the host are available in the meeting's slot."""
    out: list[Violation] = []
    for m in meetings:
        for pid in (m.delegate, m.host):
            if not instance.participant(pid).is_available(m.slot):
                out.append(
                    Violation(RULE_BOTH_AVAILABLE, f'"{pid}" is not available in slot "{m.slot}"', (m,))
                )
    return out


def venue_capacity(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """A venue holds at most `capacity` meetings at once; a meeting is at its host's venue."""
    out: list[Violation] = []
    by_venue_slot: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for m in meetings:
        if m.venue != instance.host_venue(m.host):
            out.append(
                Violation(RULE_VENUE_CAPACITY, f'the meeting with "{m.host}" must be at its venue', (m,))
            )
        by_venue_slot[(m.venue, m.slot)].append(m)
    for (venue, slot), group in by_venue_slot.items():
        capacity = instance.venue(venue).capacity if instance.has_venue(venue) else 0
        if len(group) > capacity:
            out.append(
                Violation(
                    RULE_VENUE_CAPACITY,
                    f'venue "{venue}" holds {capacity} meetings at once, {len(group)} in slot "{slot}"',
                    tuple(group),
                )
            )
    return out


def travel_time(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """A delegate has time to travel between two meetings of one day: end(a) + travel <= start(b)."""
    out: list[Violation] = []
    by_delegate: dict[str, list[Meeting]] = defaultdict(list)
    for m in meetings:
        by_delegate[m.delegate].append(m)
    for group in by_delegate.values():
        group.sort(key=lambda m: instance.slot_index(m.slot))
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if instance.slot(a.slot).day != instance.slot(b.slot).day:
                    break
                if not instance.can_follow(a.slot, a.venue, b.slot, b.venue):
                    minutes = instance.travel_minutes(a.venue, b.venue)
                    out.append(
                        Violation(
                            RULE_TRAVEL_TIME,
                            f'"{a.delegate}" cannot travel from "{a.venue}" (slot "{a.slot}") to "{b.venue}" '
                            f'(slot "{b.slot}") in time: {minutes} minutes needed',
                            (a, b),
                        )
                    )
    return out


def max_meetings(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Nobody has more meetings than their `max_meetings`."""
    counts: dict[str, int] = defaultdict(int)
    for m in meetings:
        counts[m.delegate] += 1
        counts[m.host] += 1
    out: list[Violation] = []
    for pid, n in counts.items():
        limit = instance.participant(pid).max_meetings
        if limit is not None and n > limit:
            out.append(Violation(RULE_MAX_MEETINGS, f'"{pid}" has {n} meetings, at most {limit} allowed'))
    return out


def request_at_most_once(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Each request is placed at most once; a meeting must answer a request."""
    out: list[Violation] = []
    seen: set[tuple[str, str]] = set()
    requested = {r.key for r in instance.requests}
    for m in meetings:
        if m.key not in requested:
            out.append(Violation(RULE_KNOWN_REQUEST, f'"{m.delegate}" did not ask to meet "{m.host}"', (m,)))
        if m.key in seen:
            out.append(
                Violation(RULE_REQUEST_AT_MOST_ONCE, f'"{m.delegate}" meets "{m.host}" more than once', (m,))
            )
        seen.add(m.key)
    return out


def mandatory_placed(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Every mandatory request is placed."""
    placed = {m.key for m in meetings}
    return [
        Violation(RULE_MANDATORY_PLACED, f'mandatory meeting "{r.delegate}" -> "{r.host}" is not placed')
        for r in instance.requests
        if r.mandatory and r.key not in placed
    ]


def interpreter_capacity(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """A meeting that needs an interpreter has one who speaks the pair, is available, and is not double-booked."""
    out: list[Violation] = []
    by_id = {i.id: i for i in instance.interpreters}
    booked: set[tuple[str, str]] = set()
    for m in meetings:
        request = instance.request(m.delegate, m.host)
        if request is None or request.interpreter is None:
            continue
        interp = by_id.get(m.interpreter or "")
        if interp is None:
            out.append(
                Violation(RULE_INTERPRETERS, f'"{m.delegate}" -> "{m.host}" needs an interpreter', (m,))
            )
        elif not interp.can_interpret(request.interpreter) or not interp.is_available(m.slot):
            out.append(
                Violation(
                    RULE_INTERPRETERS,
                    f'interpreter "{interp.id}" cannot serve this meeting in "{m.slot}"',
                    (m,),
                )
            )
        elif (interp.id, m.slot) in booked:
            out.append(
                Violation(
                    RULE_INTERPRETERS, f'interpreter "{interp.id}" has two meetings in slot "{m.slot}"', (m,)
                )
            )
        else:
            booked.add((interp.id, m.slot))
    return out


RULE_CHECKS = {
    RULE_ONE_MEETING_PER_SLOT: one_meeting_per_participant_per_slot,
    RULE_BOTH_AVAILABLE: both_available,
    RULE_VENUE_CAPACITY: venue_capacity,
    RULE_TRAVEL_TIME: travel_time,
    RULE_MAX_MEETINGS: max_meetings,
    RULE_REQUEST_AT_MOST_ONCE: request_at_most_once,
    RULE_MANDATORY_PLACED: mandatory_placed,
    RULE_INTERPRETERS: interpreter_capacity,
}


def check_schedule(
    instance: Instance, meetings: Sequence[Meeting], *, include_mandatory: bool = True
) -> list[Violation]:
    """Every hard rule the meetings break (empty when the schedule is valid)."""
    known = [
        m
        for m in meetings
        if instance.has_participant(m.delegate)
        and instance.has_participant(m.host)
        and instance.has_slot(m.slot)
        and instance.participant(m.host).is_host
        and not instance.participant(m.delegate).is_host
    ]
    known_set = set(known)
    out = [
        Violation(
            RULE_KNOWN_REQUEST, f'meeting "{m.delegate}" -> "{m.host}" in "{m.slot}" names unknown ids', (m,)
        )
        for m in meetings
        if m not in known_set
    ]
    for rule, check in RULE_CHECKS.items():
        if rule == RULE_MANDATORY_PLACED and not include_mandatory:
            continue
        out.extend(check(instance, known))
    return out


# --------------------------------------------------------------------------------------------- metrics


@dataclass(frozen=True, slots=True)
class ScheduleMetrics:
    """Quality figures a person compares schedules by."""

    weight: float
    meetings: int
    min_share: float
    idle_slots: int
    city_changes: int


def idle_slots(instance: Instance, meetings: Sequence[Meeting]) -> int:
    """Empty slots between a delegate's first and last meeting of a day, summed over delegates and days."""
    used: dict[tuple[str, date], list[int]] = defaultdict(list)
    for m in meetings:
        used[(m.delegate, instance.slot(m.slot).day)].append(instance.slot_index(m.slot))
    return sum(max(idx) - min(idx) + 1 - len(set(idx)) for idx in used.values())


def city_changes(instance: Instance, meetings: Sequence[Meeting]) -> int:
    """Times a delegate moves to another city (see Instance.place_of) between meetings of a day."""
    by_day: dict[tuple[str, date], list[Meeting]] = defaultdict(list)
    for m in meetings:
        by_day[(m.delegate, instance.slot(m.slot).day)].append(m)
    changes = 0
    for group in by_day.values():
        group.sort(key=lambda m: instance.slot_index(m.slot))
        places = [instance.place_of(m.venue) for m in group]
        changes += sum(1 for a, b in zip(places, places[1:], strict=False) if a != b)
    return changes


def team_summaries(instance: Instance, meetings: Sequence[Meeting]) -> tuple[TeamSummary, ...]:
    """Per delegate: requested weight and hosts, placed weight and hosts."""
    placed = {m.key for m in meetings}
    asked: dict[str, list[Request]] = defaultdict(list)
    for r in instance.requests:
        asked[r.delegate].append(r)
    out = []
    for d in instance.delegates:
        reqs = asked.get(d.id, [])
        got = [r for r in reqs if r.key in placed]
        out.append(
            TeamSummary(
                d.id,
                d.name,
                sum(r.weight for r in reqs),
                sum(r.weight for r in got),
                tuple(r.host for r in reqs),
                tuple(r.host for r in got),
            )
        )
    return tuple(out)


def min_share(instance: Instance, meetings: Sequence[Meeting]) -> float:
    """The worst-served team's share of its requested weight (teams that asked nothing are ignored)."""
    shares = [t.share for t in team_summaries(instance, meetings) if t.asked > 0]
    return min(shares) if shares else 1.0


def schedule_metrics(instance: Instance, meetings: Sequence[Meeting]) -> ScheduleMetrics:
    weights = {r.key: r.weight for r in instance.requests}
    return ScheduleMetrics(
        weight=sum(weights.get(m.key, 0.0) for m in meetings),
        meetings=len(meetings),
        min_share=min_share(instance, meetings),
        idle_slots=idle_slots(instance, meetings),
        city_changes=city_changes(instance, meetings),
    )
