"""Why-not: for every request left out, the reason in words a person understands, and its code.

A reason is a message id with parameters (`Unscheduled.because`), so that a page or the CLI shows it in the
reader's language; the English text is kept as well, for the schedule file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kakehashi.adapters.planner.problem import Problem, Solution, State
from kakehashi.domain.errors import Listing, Msg, Phrase
from kakehashi.domain.planning import Reason, Rule, Unscheduled


def _name(problem: Problem, pid: str) -> str:
    return problem.instance.participant(pid).name


def _weight(problem: Problem, i: int) -> str:
    w = problem.units[i] / problem.weight_scale
    return str(int(w)) if float(w).is_integer() else f"{w:g}"


# The reasons, as message ids (English with {placeholders}); each is translated in the catalogs, and so is
# each with MANDATORY in front (a mandatory meeting that cannot be placed at all) and each of the blocked
# ones with its tail (REASON_MESSAGES lists them all; a test checks the Japanese catalog has every one).
MANDATORY = "mandatory meeting cannot be placed: "  # a part of the message ids below, never shown alone
NO_MEETINGS = Msg("{name} accepts no meetings (max_meetings is 0)")
NEVER_AVAILABLE = Msg("{name} is not available in any slot")
NO_COMMON_SLOT = Msg("no common free slot: {delegate} and {host} are never available at the same time")
NO_INTERPRETER_FOR = Msg("interpreter unavailable: no interpreter for {languages} is free in any common slot")
NO_INTERPRETER = Msg("interpreter unavailable: no interpreter for this meeting is free in any common slot")
HOST_LIMIT = Msg("host reached max meetings: {host} takes at most {limit} meetings")
DELEGATE_LIMIT = Msg("delegate reached max meetings: {delegate} has its {limit} meetings")
NOT_BETTER = Msg("not placed: a slot is free, but placing it was not better overall within the time limit")
TRAVEL = Msg(
    "travel impossible: {delegate} cannot reach {host}'s venue in time from its other meetings "
    "in every common slot ({slots})"
)
VENUE_FULL = Msg("venue full: {host}'s venue holds no more meetings in the common slots")
INTERPRETERS_BUSY = Msg("interpreter unavailable: every suitable interpreter is busy")
CONFLICT = Msg("it competes with the mandatory meetings {names} for the same slots")
CONFLICT_UNNAMED = Msg("it competes with other mandatory meetings for the same slots")
TRAVEL_OR_BUSY = Msg(
    "travel impossible: in every common slot {delegate} is either in another meeting or cannot reach "
    "{host}'s venue in time from its other meetings that day ({slots})"
)
KEPT_INSTEAD = "; the meetings kept instead: {listed}"  # a part of the message ids below, never shown alone
HOST_BOOKED = Msg("host full: {host} is booked in all {count} slots that both sides have free")
BOTH_BOOKED = Msg(
    "no common free slot left: in each of the {count} common slots {delegate} or {host} is already booked"
)
BLOCKED = Msg("every common slot is blocked ({parts})")
LOWER_WEIGHT = "; lower weight ({weight}) than the meetings that took its place: {listed}"  # a part of the message ids below, never shown alone
TAKEN_BY = "; taken by {listed}"  # a part of the message ids below, never shown alone
# The parts of {parts} and {listed}: phrases of their own, so that a rule name reads in the reader's language.
RULE_IN_SLOTS = Msg("{rule} in {count} slot(s)")
TAKER = Msg("{delegate} with {host} (weight {weight}, {slot})")
AND_MORE = Msg("{meetings} and {count} more")

REASON_MESSAGES = (
    NO_MEETINGS,
    NEVER_AVAILABLE,
    NO_COMMON_SLOT,
    NO_INTERPRETER_FOR,
    NO_INTERPRETER,
    HOST_LIMIT,
    DELEGATE_LIMIT,
    NOT_BETTER,
    TRAVEL,
    VENUE_FULL,
    INTERPRETERS_BUSY,
    CONFLICT,
    CONFLICT_UNNAMED,
    TRAVEL_OR_BUSY,
    TRAVEL_OR_BUSY + KEPT_INSTEAD,
    *(
        blocked + tail
        for blocked in (HOST_BOOKED, BOTH_BOOKED, BLOCKED)
        for tail in ("", LOWER_WEIGHT, TAKEN_BY)
    ),
)
"""Every reason `explain_request` gives; each also comes with MANDATORY in front."""


def explain_request(problem: Problem, state: State, i: int, *, impossible: str | None = None) -> Unscheduled:
    """The reason request i is not in the schedule held by `state`."""
    inst = problem.instance
    d, h = problem.delegate_of[i], problem.host_of[i]
    mandatory = problem.mandatory[i]
    dn, hn = _name(problem, d), _name(problem, h)

    def out(code: Reason, msgid: str, **params: Any) -> Unscheduled:
        if impossible:
            msgid = MANDATORY + msgid
        return Unscheduled.because(d, h, code, msgid, mandatory=mandatory, **params)

    if impossible and impossible.startswith("conflict:"):
        names = impossible.removeprefix("conflict:")
        if names:
            return out(Reason.MANDATORY_CONFLICT, CONFLICT, names=names)
        return out(Reason.MANDATORY_CONFLICT, CONFLICT_UNNAMED)
    dp, hp = inst.participant(d), inst.participant(h)
    if hp.max_meetings == 0:
        return out(Reason.HOST_MAX_MEETINGS, NO_MEETINGS, name=hn)
    if dp.max_meetings == 0:
        return out(Reason.DELEGATE_MAX_MEETINGS, NO_MEETINGS, name=dn)
    if hp.available is not None and not hp.available:
        return out(Reason.HOST_UNAVAILABLE, NEVER_AVAILABLE, name=hn)
    if dp.available is not None and not dp.available:
        return out(Reason.DELEGATE_UNAVAILABLE, NEVER_AVAILABLE, name=dn)
    if not problem.feasible[i]:
        return out(Reason.NO_COMMON_SLOT, NO_COMMON_SLOT, delegate=dn, host=hn)
    if problem.needs_interpreter[i] is not None and not any(
        problem.interp_options.get((i, k)) for k in problem.feasible[i]
    ):
        if problem.needs_interpreter[i]:
            return out(
                Reason.INTERPRETER_UNAVAILABLE, NO_INTERPRETER_FOR, languages=problem.needs_interpreter[i]
            )
        return out(Reason.INTERPRETER_UNAVAILABLE, NO_INTERPRETER)
    limit_h, limit_d = problem.max_meetings.get(h), problem.max_meetings.get(d)
    if limit_h is not None and state.count[h] >= limit_h:
        return out(Reason.HOST_MAX_MEETINGS, HOST_LIMIT, host=hn, limit=limit_h)
    if limit_d is not None and state.count[d] >= limit_d:
        return out(Reason.DELEGATE_MAX_MEETINGS, DELEGATE_LIMIT, delegate=dn, limit=limit_d)

    blockers: dict[int, str] = {}
    takers: set[int] = set()
    travel_slots = []
    for k in problem.feasible[i]:
        rule = state.blocker(i, k)
        blockers[k] = rule or "none"
        if rule == Rule.ONE_MEETING_PER_SLOT:
            # The meeting that holds this slot: the host's if it is busy, else the delegate's.
            j = state.busy.get((h, k), state.busy.get((d, k)))
            if j is not None:
                takers.add(j)
        elif rule == Rule.TRAVEL_TIME:
            travel_slots.append(problem.slot_ids[k])
    counts = Counter(blockers.values())
    n = len(blockers)
    host_busy = sum(1 for k in blockers if (h, k) in state.busy)
    taken = sorted(takers, key=lambda j: (-problem.units[j], problem.slot_ids[state.solution[j][0]]))
    shown = Listing(
        Phrase(
            TAKER,
            delegate=_name(problem, problem.delegate_of[j]),
            host=_name(problem, problem.host_of[j]),
            weight=_weight(problem, j),
            slot=problem.slot_ids[state.solution[j][0]],
        )
        for j in taken[:6]
    )
    listed: Listing | Phrase = (
        Phrase(AND_MORE, meetings=shown, count=len(taken) - 6) if len(taken) > 6 else shown
    )
    heavier = taken and all(problem.units[j] >= problem.units[i] for j in taken)
    if counts.get("none"):
        return out(Reason.NOT_PLACED, NOT_BETTER)
    slots = ", ".join(travel_slots)
    if counts.get(Rule.TRAVEL_TIME) == n:
        return out(Reason.TRAVEL_IMPOSSIBLE, TRAVEL, delegate=dn, host=hn, slots=slots)
    if counts.get(Rule.VENUE_CAPACITY) == n:
        return out(Reason.VENUE_FULL, VENUE_FULL, host=hn)
    if counts.get(Rule.INTERPRETERS) == n:
        return out(Reason.INTERPRETER_UNAVAILABLE, INTERPRETERS_BUSY)
    delegate_side = sum(
        1
        for k, rule in blockers.items()
        if rule == Rule.TRAVEL_TIME or (rule == Rule.ONE_MEETING_PER_SLOT and (h, k) not in state.busy)
    )
    if counts.get(Rule.TRAVEL_TIME) and delegate_side == n:
        if taken:
            return out(
                Reason.TRAVEL_IMPOSSIBLE,
                TRAVEL_OR_BUSY + KEPT_INSTEAD,
                delegate=dn,
                host=hn,
                slots=slots,
                listed=listed,
            )
        return out(Reason.TRAVEL_IMPOSSIBLE, TRAVEL_OR_BUSY, delegate=dn, host=hn, slots=slots)
    params: dict[str, Any] = {"count": n, "delegate": dn, "host": hn}
    if host_busy == n:
        prefix = HOST_BOOKED
        code = Reason.HOST_FULL
    elif counts.get(Rule.ONE_MEETING_PER_SLOT) == n:
        prefix = BOTH_BOOKED
        code = Reason.DELEGATE_FULL if host_busy == 0 else Reason.HOST_FULL
    else:
        prefix = BLOCKED
        # Each rule by name (a message id: "travel time" in English, 移動時間 in Japanese) and how often.
        params["parts"] = Listing(
            Phrase(RULE_IN_SLOTS, rule=Msg(rule), count=c) for rule, c in counts.most_common()
        )
        code = (
            Reason.TRAVEL_IMPOSSIBLE if counts.most_common(1)[0][0] == Rule.TRAVEL_TIME else Reason.HOST_FULL
        )
    if heavier:
        return out(
            Reason.LOWER_WEIGHT, prefix + LOWER_WEIGHT, weight=_weight(problem, i), listed=listed, **params
        )
    if taken:
        return out(code, prefix + TAKEN_BY, listed=listed, **params)
    return out(code, prefix, **params)


def explain_unscheduled(
    problem: Problem,
    solution: Solution,
    *,
    impossible: dict[int, str] | None = None,
    skip: set[int] | None = None,
) -> list[Unscheduled]:
    """Reasons for every request that `solution` leaves out (mandatory ones first)."""
    state = State(problem)
    for i, (k, interp) in solution.items():
        state.place(i, k, interp)
    impossible = impossible or {}
    out = [
        explain_request(problem, state, i, impossible=impossible.get(i))
        for i in range(len(problem.requests))
        if i not in solution and (skip is None or i not in skip)
    ]
    out.sort(key=lambda u: (not u.mandatory, u.delegate, u.host))
    return out
