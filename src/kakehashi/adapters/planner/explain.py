"""Why-not: for every request left out, the reason in words a person understands, and its code."""

from __future__ import annotations

from collections import Counter

from kakehashi.adapters.planner.problem import Problem, Solution, State
from kakehashi.domain.planning import Reason, Unscheduled


def _name(problem: Problem, pid: str) -> str:
    return problem.instance.participant(pid).name


def _weight(problem: Problem, i: int) -> str:
    w = problem.units[i] / problem.weight_scale
    return str(int(w)) if float(w).is_integer() else f"{w:g}"


def explain_request(problem: Problem, state: State, i: int, *, impossible: str | None = None) -> Unscheduled:
    """The reason request i is not in the schedule held by `state`."""
    inst = problem.instance
    d, h = problem.delegate_of[i], problem.host_of[i]
    mandatory = problem.mandatory[i]
    dn, hn = _name(problem, d), _name(problem, h)

    def out(code: Reason, text: str) -> Unscheduled:
        if impossible:
            text = f"mandatory meeting cannot be placed: {text}"
        return Unscheduled(d, h, text, code.value, mandatory)

    if impossible and impossible.startswith("conflict:"):
        return out(Reason.MANDATORY_CONFLICT, impossible.removeprefix("conflict:"))
    dp, hp = inst.participant(d), inst.participant(h)
    if hp.max_meetings == 0:
        return out(Reason.HOST_MAX_MEETINGS, f"{hn} accepts no meetings (max_meetings is 0)")
    if dp.max_meetings == 0:
        return out(Reason.DELEGATE_MAX_MEETINGS, f"{dn} accepts no meetings (max_meetings is 0)")
    if hp.available is not None and not hp.available:
        return out(Reason.HOST_UNAVAILABLE, f"{hn} is not available in any slot")
    if dp.available is not None and not dp.available:
        return out(Reason.DELEGATE_UNAVAILABLE, f"{dn} is not available in any slot")
    if not problem.feasible[i]:
        return out(
            Reason.NO_COMMON_SLOT,
            f"no common free slot: {dn} and {hn} are never available at the same time",
        )
    if problem.needs_interpreter[i] is not None and not any(
        problem.interp_options.get((i, k)) for k in problem.feasible[i]
    ):
        return out(
            Reason.INTERPRETER_UNAVAILABLE,
            f"interpreter unavailable: no interpreter for {problem.needs_interpreter[i] or 'this meeting'} "
            "is free in any common slot",
        )
    limit_h, limit_d = problem.max_meetings.get(h), problem.max_meetings.get(d)
    if limit_h is not None and state.count[h] >= limit_h:
        return out(
            Reason.HOST_MAX_MEETINGS, f"host reached max meetings: {hn} takes at most {limit_h} meetings"
        )
    if limit_d is not None and state.count[d] >= limit_d:
        return out(
            Reason.DELEGATE_MAX_MEETINGS, f"delegate reached max meetings: {dn} has its {limit_d} meetings"
        )

    blockers: dict[int, str] = {}
    takers: set[int] = set()
    travel_slots = []
    for k in problem.feasible[i]:
        rule = state.blocker(i, k)
        blockers[k] = rule or "none"
        if rule == "one_meeting_per_participant_per_slot":
            # The meeting that holds this slot: the host's if it is busy, else the delegate's.
            j = state.busy.get((h, k), state.busy.get((d, k)))
            if j is not None:
                takers.add(j)
        elif rule == "travel_time":
            travel_slots.append(problem.slot_ids[k])
    counts = Counter(blockers.values())
    n = len(blockers)
    host_busy = sum(1 for k in blockers if (h, k) in state.busy)
    taken = sorted(takers, key=lambda j: (-problem.units[j], problem.slot_ids[state.solution[j][0]]))
    listed = ", ".join(
        f"{_name(problem, problem.delegate_of[j])} with {_name(problem, problem.host_of[j])} "
        f"(weight {_weight(problem, j)}, {problem.slot_ids[state.solution[j][0]]})"
        for j in taken[:6]
    ) + (f" and {len(taken) - 6} more" if len(taken) > 6 else "")
    heavier = taken and all(problem.units[j] >= problem.units[i] for j in taken)
    if counts.get("none"):
        return out(
            Reason.NOT_PLACED,
            "not placed: a slot is free, but placing it was not better overall within the time limit",
        )
    if counts.get("travel_time") == n:
        return out(
            Reason.TRAVEL_IMPOSSIBLE,
            f"travel impossible: {dn} cannot reach {hn}'s venue in time from its other meetings "
            f"in every common slot ({', '.join(travel_slots)})",
        )
    if counts.get("venue_capacity") == n:
        return out(Reason.VENUE_FULL, f"venue full: {hn}'s venue holds no more meetings in the common slots")
    if counts.get("interpreter_capacity") == n:
        return out(
            Reason.INTERPRETER_UNAVAILABLE, "interpreter unavailable: every suitable interpreter is busy"
        )
    delegate_side = sum(
        1
        for k, rule in blockers.items()
        if rule == "travel_time"
        or (rule == "one_meeting_per_participant_per_slot" and (h, k) not in state.busy)
    )
    if counts.get("travel_time") and delegate_side == n:
        prefix = (
            f"travel impossible: in every common slot {dn} is either in another meeting or cannot reach "
            f"{hn}'s venue in time from its other meetings that day ({', '.join(travel_slots)})"
        )
        code = Reason.TRAVEL_IMPOSSIBLE
        return out(code, f"{prefix}; the meetings kept instead: {listed}" if taken else prefix)
    if host_busy == n:
        prefix = f"host full: {hn} is booked in all {n} slots that both sides have free"
        code = Reason.HOST_FULL
    elif counts.get("one_meeting_per_participant_per_slot") == n:
        prefix = f"no common free slot left: in each of the {n} common slots {dn} or {hn} is already booked"
        code = Reason.DELEGATE_FULL if host_busy == 0 else Reason.HOST_FULL
    else:
        parts = ", ".join(f"{rule.replace('_', ' ')} in {c} slot(s)" for rule, c in counts.most_common())
        prefix = f"every common slot is blocked ({parts})"
        code = Reason.TRAVEL_IMPOSSIBLE if counts.most_common(1)[0][0] == "travel_time" else Reason.HOST_FULL
    if heavier:
        return out(
            Reason.LOWER_WEIGHT,
            f"{prefix}; lower weight ({_weight(problem, i)}) than the meetings that took its place: {listed}",
        )
    if taken:
        return out(code, f"{prefix}; taken by {listed}")
    return out(code, prefix)


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
