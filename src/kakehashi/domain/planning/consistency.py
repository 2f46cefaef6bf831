"""The cross-reference rules of an instance that no JSON Schema can express: unique ids, known venues, slots
and participants, slots of one day that do not overlap, requests from a delegate to a host.

`assemble` applies them to well-typed parts (from the instance file reader or from `instance_from_dict`) and
reports every problem at once, together with those the reader already found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, time
from typing import Any, TypeVar

from kakehashi.domain.planning.model import (
    Instance,
    Interpreter,
    InvalidInstance,
    Participant,
    Request,
    Role,
    Slot,
    Travel,
    Venue,
    interpreter_need,
    refuse_empty,
)

T = TypeVar("T")


def assemble(
    name: str,
    *,
    slots: Sequence[Slot],
    venues: Sequence[Venue],
    travel: Sequence[Travel],
    participants: Sequence[Participant],
    interpreters: Sequence[Interpreter],
    requests: Sequence[Request],
    declared_slots: Iterable[str] = (),
    declared_ids: Iterable[str] = (),
    problems: Sequence[str] = (),
    present: Iterable[str] = ("slots", "participants"),
) -> Instance:
    """Apply the cross-reference rules to well-typed parts; raises InvalidInstance listing every problem.

    `problems` are those already found in the file (a reader passes them so that a person sees all at
    once); `declared_slots` are slot ids given in the file whose slot was refused, so that a participant
    available in one is not reported a second time (`declared_ids`: the same for venues, participants);
    `present` names the lists the file had (a missing
    list is already one problem, an empty one is another).
    """
    given = set(present)
    found = _Problems(problems, declared_slots, declared_ids)
    slot_by_id = found.unique_slots(slots)
    venue_by_id = found.venues(venues)
    kept_travel = found.travel(travel, venue_by_id)
    people = found.participants(participants, slot_by_id, venue_by_id)
    kept_interpreters = found.interpreters(interpreters, slot_by_id)
    kept_requests = found.requests(requests, people)
    if "slots" in given and not found.declared:
        found.add("the instance has no slots")
    complete = not found.refused  # a refused participant may be the missing delegate or host
    if complete and people and not any(p.role is Role.DELEGATE for p in people.values()):
        found.add("the instance has no delegates")
    if complete and people and not any(p.role is Role.HOST for p in people.values()):
        found.add("the instance has no hosts")
    if "participants" in given and not people:
        found.add("the instance has no participants")
    if found.problems:
        raise InvalidInstance(found.problems)
    return Instance(
        name=name,
        slots=tuple(slot_by_id.values()),
        venues=tuple(venue_by_id.values()),
        travel=tuple(kept_travel),
        participants=tuple(people.values()),
        requests=tuple(kept_requests),
        interpreters=tuple(kept_interpreters),
    )


class _Problems:
    """The cross-reference rules, collecting every problem in one pass."""

    def __init__(
        self, problems: Sequence[str], declared_slots: Iterable[str], declared_ids: Iterable[str]
    ) -> None:
        self.problems = list(problems)
        self.declared = set(declared_slots)
        self.refused = set(
            declared_ids
        )  # ids of venues and participants given but refused: no second message

    def add(self, text: str) -> None:
        self.problems.append(text)

    def venues(self, venues: Sequence[Venue]) -> dict[str, Venue]:
        out: dict[str, Venue] = {}
        for v in venues:
            if v.id in out:
                self.add(f'duplicate venue id "{v.id}"')
            else:
                out[v.id] = v
        return out

    def unique_slots(self, slots: Sequence[Slot]) -> dict[str, Slot]:
        out: dict[str, Slot] = {}
        for s in slots:
            self.declared.add(s.id)
            if s.id in out:
                self.add(f'duplicate slot id "{s.id}"')
            else:
                out[s.id] = s
        by_day: dict[date, list[Slot]] = defaultdict(list)
        for s in out.values():
            by_day[s.day].append(s)
        for day_slots in by_day.values():
            day_slots.sort(key=lambda s: (s.start, s.end))
            for a, b in zip(day_slots, day_slots[1:], strict=False):
                if (a.start, a.end) == (b.start, b.end):
                    self.add(
                        f'slots "{a.id}" and "{b.id}" are the same time ({a.day} {a.start:%H:%M}-{a.end:%H:%M})'
                    )
                elif b.start < a.end:
                    self.add(
                        f'slots "{a.id}" ({a.start:%H:%M}-{a.end:%H:%M}) and "{b.id}" '
                        f"({b.start:%H:%M}-{b.end:%H:%M}) overlap on {a.day}"
                    )
        return out

    def travel(self, travel: Sequence[Travel], venues: Mapping[str, Venue]) -> list[Travel]:
        seen: dict[frozenset[str], int] = {}
        out: list[Travel] = []
        for t in travel:
            where = f'travel "{t.from_venue}" -> "{t.to_venue}"'
            bad = [v for v in (t.from_venue, t.to_venue) if v not in venues]
            unknown = [v for v in bad if v not in self.refused]
            if unknown:
                self.add(f'{where}: unknown venue "{unknown[0]}"')
            if bad:
                continue
            if t.from_venue == t.to_venue:
                if t.minutes != 0:
                    self.add(f"{where}: a venue to itself is 0 minutes, not {t.minutes}")
                continue
            key = frozenset((t.from_venue, t.to_venue))
            if key in seen:
                if seen[key] != t.minutes:
                    self.add(
                        f"{where}: given twice with different times ({seen[key]} and {t.minutes} minutes)"
                    )
                continue
            seen[key] = t.minutes
            out.append(t)
        return out

    def available(self, where: str, available: frozenset[str] | None, slots: Mapping[str, Slot]) -> None:
        for sid in sorted(available or ()):
            if sid not in slots and sid not in self.declared:
                self.add(f'{where}: unknown slot "{sid}" in "available"')

    def participants(
        self, participants: Sequence[Participant], slots: Mapping[str, Slot], venues: Mapping[str, Venue]
    ) -> dict[str, Participant]:
        out: dict[str, Participant] = {}
        for p in participants:
            where = f'participant "{p.id}"'
            venue = p.venue
            if p.is_host and venue is None:
                self.add(f'{where}: a host needs a "venue"')
            if venue is not None and venue not in venues:
                if venue not in self.refused:
                    self.add(f'{where}: unknown venue "{venue}"')
                venue = None
            self.available(where, p.available, slots)
            if p.id in out:
                self.add(f'duplicate participant id "{p.id}"')
                continue
            available = None if p.available is None else frozenset(s for s in p.available if s in slots)
            out[p.id] = Participant(p.id, p.name, p.organization, p.role, venue, available, p.max_meetings)
        return out

    def interpreters(
        self, interpreters: Sequence[Interpreter], slots: Mapping[str, Slot]
    ) -> list[Interpreter]:
        out: dict[str, Interpreter] = {}
        for i in interpreters:
            self.available(f'interpreter "{i.id}"', i.available, slots)
            if i.id in out:
                self.add(f'duplicate interpreter id "{i.id}"')
                continue
            available = None if i.available is None else frozenset(s for s in i.available if s in slots)
            out[i.id] = Interpreter(i.id, i.name, i.languages, available)
        return list(out.values())

    def requests(self, requests: Sequence[Request], people: Mapping[str, Participant]) -> list[Request]:
        out: dict[tuple[str, str], Request] = {}
        for r in requests:
            where = f'request "{r.delegate}" -> "{r.host}"'
            ok = True
            for pid, role in ((r.delegate, Role.DELEGATE), (r.host, Role.HOST)):
                if pid not in people:
                    if pid not in self.refused:
                        self.add(f'{where}: unknown participant "{pid}"')
                    ok = False
                elif people[pid].role is not role:
                    self.add(f'{where}: "{pid}" is a {people[pid].role.value}, not a {role.value}')
                    ok = False
            if not ok:
                continue
            if r.key in out:
                self.add(f"{where}: the same request appears twice")
                continue
            out[r.key] = r
        return list(out.values())


def instance_from_dict(data: Any) -> Instance:
    """An instance from the exchange format as this program writes it (`to_dict`, the database).

    Files from people go through `kakehashi.adapters.planner.instance_codec.read_instance`, which checks
    the documented JSON Schema and names the path of each problem; this reader trusts the structure and
    only applies the cross-reference rules of `assemble`.
    """
    refuse_empty(data)
    problems: list[str] = []

    def read(key: str, make: Callable[[Any], T]) -> list[T]:
        """Each item of one list; an item that cannot be read is one problem naming its place."""
        out: list[T] = []
        for index, item in enumerate(data.get(key) or ()):
            try:
                out.append(make(item))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                problems.append(f"{key}[{index}] does not follow docs/schemas/instance.schema.json ({exc!r})")
        return out

    return assemble(
        str(data.get("name") or "delegation"),
        present=[key for key in ("slots", "participants") if key in data],
        slots=read(
            "slots",
            lambda s: Slot(str(s["id"]), date.fromisoformat(s["day"]), _clock(s["start"]), _clock(s["end"])),
        ),
        venues=read(
            "venues",
            lambda v: Venue(
                str(v["id"]), str(v.get("name") or v["id"]), int(v.get("capacity", 1)), v.get("city")
            ),
        ),
        travel=read("travel", lambda t: Travel(str(t["from"]), str(t["to"]), int(t["minutes"]))),
        participants=read("participants", _participant),
        interpreters=read(
            "interpreters",
            lambda i: Interpreter(
                str(i["id"]),
                str(i.get("name") or i["id"]),
                tuple(str(x) for x in i.get("languages") or ()),
                _slot_set(i.get("available")),
            ),
        ),
        requests=read("requests", _request),
        problems=problems,
    )


def _clock(value: str) -> time:
    hours, minutes = value.strip().split(":")
    return time(int(hours), int(minutes))


def _slot_set(value: Any) -> frozenset[str] | None:
    return None if value is None else frozenset(str(x) for x in value)


def _participant(data: Mapping[str, Any]) -> Participant:
    name = str(data.get("name") or data["id"])
    max_meetings = data.get("max_meetings")
    return Participant(
        str(data["id"]),
        name,
        str(data.get("organization") or name),
        Role(data["role"]),
        data.get("venue"),
        _slot_set(data.get("available")),
        int(max_meetings) if max_meetings is not None else None,
    )


def _request(data: Mapping[str, Any]) -> Request:
    return Request(
        str(data["delegate"]),
        str(data["host"]),
        float(data.get("weight", 1)),
        bool(data.get("mandatory", False)),
        interpreter_need(data.get("interpreter"), data.get("needs_interpreter")),
    )
