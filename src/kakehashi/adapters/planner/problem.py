"""Solver-side view of an instance: integer indexes, feasible (request, slot) pairs and travel conflicts."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from kakehashi.domain.planning import Instance, Meeting, Rule

# A placement is (slot index, interpreter id or None); a solution maps request index -> placement.
Placement = tuple[int, str | None]
Solution = dict[int, Placement]


@dataclass(frozen=True, slots=True)
class Weights:
    """Objective coefficients per unit: weight first, then fairness shortfall, idle slots, city changes."""

    weight: int = 60
    shortfall: int = 300
    deep_shortfall: int = 900  # added per unit below `deep_need(floor)`: the worst-served teams come first
    idle: int = 45
    city: int = 45
    mandatory_bonus: int = 0  # only to place as many mandatory meetings as possible when not all can be


WEIGHT_ONLY = Weights(weight=1, shortfall=0, deep_shortfall=0, idle=0, city=0)  # total placed weight alone


class Problem:
    """Integer-indexed instance shared by the greedy planner, the LP bounds, CP-SAT and LNS."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        slots = instance.slots
        self.n_slots = len(slots)
        self.slot_ids = [s.id for s in slots]
        days = instance.days
        self.day_of = [days.index(s.day) for s in slots]
        self.start = [s.start_minute for s in slots]
        self.end = [s.end_minute for s in slots]
        self.day_slots: list[list[int]] = [[] for _ in days]
        for k, d in enumerate(self.day_of):
            self.day_slots[d].append(k)

        self.requests = list(instance.requests)
        self.index = {r.key: i for i, r in enumerate(self.requests)}
        self.delegate_of = [r.delegate for r in self.requests]
        self.host_of = [r.host for r in self.requests]
        self.venue_of = [instance.host_venue(r.host) for r in self.requests]
        scale = 1 if all(float(r.weight).is_integer() for r in self.requests) else 100
        self.weight_scale = scale
        self.units = [max(1, round(r.weight * scale)) for r in self.requests]
        self.mandatory = [r.mandatory for r in self.requests]
        self.needs_interpreter = [r.interpreter for r in self.requests]
        self.capacity = {v.id: v.capacity for v in instance.venues}
        self.max_meetings = {
            p.id: p.max_meetings for p in instance.participants if p.max_meetings is not None
        }
        self.place_of = {v.id: instance.place_of(v.id) for v in instance.venues}

        self.by_delegate: dict[str, list[int]] = defaultdict(list)
        self.by_host: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.requests):
            self.by_delegate[r.delegate].append(i)
            self.by_host[r.host].append(i)
        self.asked_units = {
            d.id: sum(self.units[i] for i in self.by_delegate.get(d.id, [])) for d in instance.delegates
        }

        # Feasible slots: both sides available and allowed any meeting at all.
        self.feasible: list[list[int]] = []
        for r in self.requests:
            dp, hp = instance.participant(r.delegate), instance.participant(r.host)
            if dp.max_meetings == 0 or hp.max_meetings == 0:
                self.feasible.append([])
                continue
            self.feasible.append(
                [k for k, sid in enumerate(self.slot_ids) if dp.is_available(sid) and hp.is_available(sid)]
            )
        # Interpreters who can serve each request, per slot.
        self.interpreters = list(instance.interpreters)
        self.interp_options: dict[tuple[int, int], list[str]] = {}
        for i, need in enumerate(self.needs_interpreter):
            if need is None:
                continue
            able = [it for it in self.interpreters if it.can_interpret(need)]
            for k in self.feasible[i]:
                self.interp_options[(i, k)] = [it.id for it in able if it.is_available(self.slot_ids[k])]

        self._build_travel_classes()

    def _build_travel_classes(self) -> None:
        """Group venues that conflict identically for every gap between two slots of a day (usually cities)."""
        venues = [v.id for v in self.instance.venues]
        gaps = sorted(
            {
                self.start[b] - self.end[a]
                for day in self.day_slots
                for i, a in enumerate(day)
                for b in day[i + 1 :]
            }
        )
        travel = self.instance.travel_minutes
        max_travel = max((t.minutes for t in self.instance.travel), default=0)
        relevant = [g for g in gaps if g < max_travel]
        signature: dict[tuple[tuple[bool, ...], ...], int] = {}
        self.tclass: dict[str, int] = {}
        reps: list[str] = []
        for v in venues:
            sig = tuple(tuple(travel(v, w) > g for w in venues) for g in relevant)
            if sig not in signature:
                signature[sig] = len(reps)
                reps.append(v)
            self.tclass[v] = signature[sig]
        self.n_tclasses = len(reps)
        # conflicts[(a, b)] for slots a < b of one day: class -> set of classes it cannot reach in time.
        self.conflicts: dict[tuple[int, int], dict[int, frozenset[int]]] = {}
        for day in self.day_slots:
            for i, a in enumerate(day):
                for b in day[i + 1 :]:
                    gap = self.start[b] - self.end[a]
                    if gap >= max_travel:
                        continue
                    table = {
                        c1: frozenset(c2 for c2, r2 in enumerate(reps) if travel(r1, r2) > gap)
                        for c1, r1 in enumerate(reps)
                    }
                    table = {c: s for c, s in table.items() if s}
                    if table:
                        self.conflicts[(a, b)] = table
        self.reach: dict[int, list[int]] = defaultdict(list)  # slot -> later slots with some conflict
        for a, b in self.conflicts:
            self.reach[a].append(b)
            self.reach[b].append(a)

    def travel_ok(self, slot_a: int, venue_a: str, slot_b: int, venue_b: str) -> bool:
        if slot_a == slot_b:
            return False
        if slot_a > slot_b:
            slot_a, venue_a, slot_b, venue_b = slot_b, venue_b, slot_a, venue_a
        table = self.conflicts.get((slot_a, slot_b))
        if table is None:
            return True
        return self.tclass[venue_b] not in table.get(self.tclass[venue_a], frozenset())

    # ---- conversions
    def to_meetings(self, solution: Solution) -> list[Meeting]:
        out = [
            Meeting(self.delegate_of[i], self.host_of[i], self.slot_ids[k], self.venue_of[i], interp)
            for i, (k, interp) in solution.items()
        ]
        out.sort(key=lambda m: (self.instance.slot_index(m.slot), m.delegate, m.host))
        return out

    def weight(self, solution: Solution) -> float:
        return sum(self.units[i] for i in solution) / self.weight_scale

    def floor_units(self, share: float) -> dict[str, int]:
        """Per delegate: the placed weight units needed to reach `share` of what it asked."""
        return {d: math.ceil(share * a - 1e-9) for d, a in self.asked_units.items()}

    def evaluate(self, solution: Solution, weights: Weights, floor: dict[str, int]) -> int:
        """The same objective the CP-SAT model maximizes, computed directly (for LNS acceptance)."""
        got: dict[str, int] = defaultdict(int)
        days: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        total = 0
        for i, (k, _interp) in solution.items():
            total += weights.weight * self.units[i] + (weights.mandatory_bonus if self.mandatory[i] else 0)
            d = self.delegate_of[i]
            got[d] += self.units[i]
            days[(d, self.day_of[k])].append((k, self.place_of[self.venue_of[i]]))
        shortfall = sum(max(0, need - got[d]) for d, need in floor.items())
        deep = (
            sum(max(0, deep_need(need) - got[d]) for d, need in floor.items())
            if weights.deep_shortfall
            else 0
        )
        shape = 0
        for day in days.values():
            idle, changes = day_shape(day)
            shape += weights.idle * idle + weights.city * changes
        return total - weights.shortfall * shortfall - weights.deep_shortfall * deep - shape


DEEP_FLOOR = 0.9  # of a team's fairness floor: units short below this cost `Weights.deep_shortfall` more


def deep_need(need: int) -> int:
    """The part of a fairness floor below which a team's shortfall costs more (the penalty is convex, so
    the search lifts the worst-served teams first: the minimum share is what fairness is judged by)."""
    return math.floor(DEEP_FLOOR * need)


def day_shape(meetings: list[tuple[int, str]]) -> tuple[int, int]:
    """Idle slots and the city cost of one team's day, from its meetings as (slot index, place).

    The city cost is the number of places visited after the first plus the place switches between
    back-to-back slots: it counts a zig-zag (Tel Aviv, Jerusalem, Tel Aviv) like the city changes people
    see, and unlike an exact count of changes it has a tight, cheap CP-SAT model (see cpsat._add_cities).
    The first place is free, so a team's only meeting of a day is worth its full weight.
    """
    if not meetings:
        return 0, 0
    ordered = sorted(meetings)
    idle = ordered[-1][0] - ordered[0][0] + 1 - len(ordered)
    switches = sum(1 for (a, p), (b, q) in zip(ordered, ordered[1:], strict=False) if b == a + 1 and p != q)
    return idle, len({p for _k, p in ordered}) - 1 + switches


class State:
    """Incremental bookkeeping of a partial schedule: who is busy when, venue and interpreter use."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.busy: dict[tuple[str, int], int] = {}  # (participant, slot) -> request index
        self.delegate_day: dict[tuple[str, int], list[int]] = defaultdict(list)  # request indices
        self.venue_use: dict[tuple[str, int], int] = defaultdict(int)
        self.count: dict[str, int] = defaultdict(int)
        self.interp_busy: set[tuple[str, int]] = set()
        self.solution: Solution = {}
        self.journal: list[tuple[bool, int, int, str | None]] = []  # (placed?, request, slot, interpreter)
        self.required: set[int] = set()  # mandatory meetings that local search may move but never drop

    def mark(self) -> int:
        """A point to roll back to (local search tries moves and undoes those that do not pay)."""
        return len(self.journal)

    def rollback(self, mark: int) -> None:
        while len(self.journal) > mark:
            placed, i, k, interp = self.journal.pop()
            if placed:
                self._remove(i)
            else:
                self._place(i, k, interp)

    def blocker(self, i: int, k: int) -> Rule | None:
        """Why request i cannot go into slot k now (a rule name), or None when it can."""
        p = self.p
        d, h, v = p.delegate_of[i], p.host_of[i], p.venue_of[i]
        if (d, k) in self.busy or (h, k) in self.busy:
            return Rule.ONE_MEETING_PER_SLOT
        if self.venue_use[(v, k)] >= p.capacity[v]:
            return Rule.VENUE_CAPACITY
        for pid in (d, h):
            limit = p.max_meetings.get(pid)
            if limit is not None and self.count[pid] >= limit:
                return Rule.MAX_MEETINGS
        for j in self.delegate_day[(d, p.day_of[k])]:
            if not p.travel_ok(self.solution[j][0], p.venue_of[j], k, v):
                return Rule.TRAVEL_TIME
        if p.needs_interpreter[i] is not None and self.free_interpreter(i, k) is None:
            return Rule.INTERPRETERS
        return None

    def shape_cost(self, i: int, k: int, weights: Weights = Weights()) -> int:
        """How much placing i in slot k adds to the delegate's idle slots and city changes that day."""
        p = self.p
        day = self.delegate_day.get((p.delegate_of[i], p.day_of[k]))
        if not day:
            return 0
        before = [(self.solution[j][0], p.place_of[p.venue_of[j]]) for j in day]
        idle0, cities0 = day_shape(before)
        idle1, cities1 = day_shape([*before, (k, p.place_of[p.venue_of[i]])])
        return weights.idle * (idle1 - idle0) + weights.city * (cities1 - cities0)

    def free_interpreter(self, i: int, k: int) -> str | None:
        for iid in self.p.interp_options.get((i, k), []):
            if (iid, k) not in self.interp_busy:
                return iid
        return None

    def place(self, i: int, k: int, interp: str | None = None) -> None:
        if self.p.needs_interpreter[i] is not None and interp is None:
            interp = self.free_interpreter(i, k)
        self._place(i, k, interp)
        self.journal.append((True, i, k, interp))

    def remove(self, i: int) -> None:
        k, interp = self.solution[i]
        self._remove(i)
        self.journal.append((False, i, k, interp))

    def _place(self, i: int, k: int, interp: str | None) -> None:
        p = self.p
        d, h, v = p.delegate_of[i], p.host_of[i], p.venue_of[i]
        self.busy[(d, k)] = i
        self.busy[(h, k)] = i
        self.delegate_day[(d, p.day_of[k])].append(i)
        self.venue_use[(v, k)] += 1
        self.count[d] += 1
        self.count[h] += 1
        if interp is not None:
            self.interp_busy.add((interp, k))
        self.solution[i] = (k, interp)

    def _remove(self, i: int) -> None:
        p = self.p
        k, interp = self.solution.pop(i)
        d, h, v = p.delegate_of[i], p.host_of[i], p.venue_of[i]
        del self.busy[(d, k)]
        del self.busy[(h, k)]
        self.delegate_day[(d, p.day_of[k])].remove(i)
        self.venue_use[(v, k)] -= 1
        self.count[d] -= 1
        self.count[h] -= 1
        if interp is not None:
            self.interp_busy.discard((interp, k))
