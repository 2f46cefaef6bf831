"""The hard rules of a schedule, each with one name: the CP-SAT builder has one `add_<rule>` function per
name, `check_schedule` reports a broken rule by it, and the why-not reasons speak of the same names.

A rule name is a message id (`Rule.TRAVEL_TIME` is "travel_time"), so a page can show it in Japanese; a
violation's message is a message id with `{placeholders}` and parameters, never formatted text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kakehashi.domain.errors import Msg, render
from kakehashi.domain.planning.model import Instance
from kakehashi.domain.planning.schedule import Meeting


class Rule(StrEnum):
    """The hard rules; each value is also the rule's message id (translated by the catalogs)."""

    ONE_MEETING_PER_SLOT = "one_meeting_per_participant_per_slot"
    BOTH_AVAILABLE = "both_available"
    VENUE_CAPACITY = "venue_capacity"
    TRAVEL_TIME = "travel_time"
    MAX_MEETINGS = "max_meetings"
    REQUEST_AT_MOST_ONCE = "request_at_most_once"
    MANDATORY_PLACED = "mandatory_placed"
    INTERPRETERS = "interpreter_capacity"
    KNOWN_REQUEST = "known_request"

    @property
    def msg(self) -> Msg:
        """The rule name as a parameter that the edge translates (see `kakehashi.domain.errors.Msg`)."""
        return Msg(self.value)


# The names callers used before `Rule` existed; equal to the enum members (a StrEnum is a str).
RULE_ONE_MEETING_PER_SLOT = Rule.ONE_MEETING_PER_SLOT
RULE_BOTH_AVAILABLE = Rule.BOTH_AVAILABLE
RULE_VENUE_CAPACITY = Rule.VENUE_CAPACITY
RULE_TRAVEL_TIME = Rule.TRAVEL_TIME
RULE_MAX_MEETINGS = Rule.MAX_MEETINGS
RULE_REQUEST_AT_MOST_ONCE = Rule.REQUEST_AT_MOST_ONCE
RULE_MANDATORY_PLACED = Rule.MANDATORY_PLACED
RULE_INTERPRETERS = Rule.INTERPRETERS
RULE_KNOWN_REQUEST = Rule.KNOWN_REQUEST
RULES = tuple(Rule)


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule that a schedule breaks, named as the solver names it; `message` is the English text."""

    rule: Rule
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    meetings: tuple[Meeting, ...] = ()

    @property
    def message(self) -> str:
        return render(self.msgid, dict(self.params))


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
                        Rule.ONE_MEETING_PER_SLOT,
                        Msg('"{participant}" has two meetings in slot "{slot}"'),
                        {"participant": pid, "slot": m.slot},
                        (other, m),
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
                    Violation(
                        Rule.BOTH_AVAILABLE,
                        Msg('"{participant}" is not available in slot "{slot}"'),
                        {"participant": pid, "slot": m.slot},
                        (m,),
                    )
                )
    return out


def venue_capacity(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """A venue holds at most `capacity` meetings at once; a meeting is at its host's venue."""
    out: list[Violation] = []
    by_venue_slot: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for m in meetings:
        if m.venue != instance.host_venue(m.host):
            out.append(
                Violation(
                    Rule.VENUE_CAPACITY,
                    Msg('the meeting with "{host}" must be at its venue'),
                    {"host": m.host},
                    (m,),
                )
            )
        by_venue_slot[(m.venue, m.slot)].append(m)
    for (venue, slot), group in by_venue_slot.items():
        capacity = instance.venue(venue).capacity if instance.has_venue(venue) else 0
        if len(group) > capacity:
            out.append(
                Violation(
                    Rule.VENUE_CAPACITY,
                    Msg('venue "{venue}" holds {capacity} meetings at once, {count} in slot "{slot}"'),
                    {"venue": venue, "capacity": capacity, "count": len(group), "slot": slot},
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
                    out.append(
                        Violation(
                            Rule.TRAVEL_TIME,
                            Msg(
                                '"{delegate}" cannot travel from "{from_venue}" (slot "{from_slot}") to "{to_venue}" '
                                '(slot "{to_slot}") in time: {minutes} minutes needed'
                            ),
                            {
                                "delegate": a.delegate,
                                "from_venue": a.venue,
                                "from_slot": a.slot,
                                "to_venue": b.venue,
                                "to_slot": b.slot,
                                "minutes": instance.travel_minutes(a.venue, b.venue),
                            },
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
            out.append(
                Violation(
                    Rule.MAX_MEETINGS,
                    Msg('"{participant}" has {count} meetings, at most {limit} allowed'),
                    {"participant": pid, "count": n, "limit": limit},
                )
            )
    return out


def request_at_most_once(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Each request is placed at most once; a meeting must answer a request."""
    out: list[Violation] = []
    seen: set[tuple[str, str]] = set()
    requested = {r.key for r in instance.requests}
    for m in meetings:
        pair = {"delegate": m.delegate, "host": m.host}
        if m.key not in requested:
            out.append(
                Violation(Rule.KNOWN_REQUEST, Msg('"{delegate}" did not ask to meet "{host}"'), pair, (m,))
            )
        if m.key in seen:
            out.append(
                Violation(
                    Rule.REQUEST_AT_MOST_ONCE, Msg('"{delegate}" meets "{host}" more than once'), pair, (m,)
                )
            )
        seen.add(m.key)
    return out


def mandatory_placed(instance: Instance, meetings: Sequence[Meeting]) -> list[Violation]:
    """Every mandatory request is placed."""
    placed = {m.key for m in meetings}
    return [
        Violation(
            Rule.MANDATORY_PLACED,
            Msg('mandatory meeting "{delegate}" -> "{host}" is not placed'),
            {"delegate": r.delegate, "host": r.host},
        )
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
                Violation(
                    Rule.INTERPRETERS,
                    Msg('"{delegate}" -> "{host}" needs an interpreter'),
                    {"delegate": m.delegate, "host": m.host},
                    (m,),
                )
            )
        elif not interp.can_interpret(request.interpreter) or not interp.is_available(m.slot):
            out.append(
                Violation(
                    Rule.INTERPRETERS,
                    Msg('interpreter "{interpreter}" cannot serve this meeting in "{slot}"'),
                    {"interpreter": interp.id, "slot": m.slot},
                    (m,),
                )
            )
        elif (interp.id, m.slot) in booked:
            out.append(
                Violation(
                    Rule.INTERPRETERS,
                    Msg('interpreter "{interpreter}" has two meetings in slot "{slot}"'),
                    {"interpreter": interp.id, "slot": m.slot},
                    (m,),
                )
            )
        else:
            booked.add((interp.id, m.slot))
    return out


RULE_CHECKS: dict[Rule, Callable[[Instance, Sequence[Meeting]], list[Violation]]] = {
    Rule.ONE_MEETING_PER_SLOT: one_meeting_per_participant_per_slot,
    Rule.BOTH_AVAILABLE: both_available,
    Rule.VENUE_CAPACITY: venue_capacity,
    Rule.TRAVEL_TIME: travel_time,
    Rule.MAX_MEETINGS: max_meetings,
    Rule.REQUEST_AT_MOST_ONCE: request_at_most_once,
    Rule.MANDATORY_PLACED: mandatory_placed,
    Rule.INTERPRETERS: interpreter_capacity,
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
            Rule.KNOWN_REQUEST,
            Msg('meeting "{delegate}" -> "{host}" in "{slot}" names unknown ids'),
            {"delegate": m.delegate, "host": m.host, "slot": m.slot},
            (m,),
        )
        for m in meetings
        if m not in known_set
    ]
    for rule, check in RULE_CHECKS.items():
        if rule is Rule.MANDATORY_PLACED and not include_mandatory:
            continue
        out.extend(check(instance, known))
    return out
