"""Fast local search on weight: insert a left-out request by moving the meetings in its way (ejection chains).

Each move is checked with the same incremental rules as the greedy planner, so the schedule stays valid;
it gains weight in seconds where a whole-model search would need minutes, and hands a strong start to CP-SAT.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable

from kakehashi.adapters.planner.problem import Problem, State


def _relocate(state: State, j: int, depth: int, avoid: set[int], rng: random.Random) -> bool:
    """Put request j (currently out) into some slot, moving at most `depth` levels of other meetings."""
    p = state.p
    slots = list(p.feasible[j])
    rng.shuffle(slots)
    options = [k for k in slots if state.blocker(j, k) is None]
    if options:
        state.place(j, min(options, key=lambda k: state.shape_cost(j, k)))
        return True
    if depth <= 0:
        return False
    return any(_insert_at(state, j, k, depth - 1, avoid, rng, accept_drop=None) for k in slots)


def _insert_at(
    state: State,
    i: int,
    k: int,
    depth: int,
    avoid: set[int],
    rng: random.Random,
    *,
    accept_drop: Callable[[int, list[int]], bool] | None,
) -> bool:
    """Place i in slot k by moving the delegate's and the host's meetings of that slot elsewhere."""
    p = state.p
    rule = state.blocker(i, k)
    if rule is None:
        state.place(i, k)
        return True
    if rule != "one_meeting_per_participant_per_slot":
        return False
    movers = {state.busy.get((p.delegate_of[i], k)), state.busy.get((p.host_of[i], k))}
    movers.discard(None)
    if not movers or movers & avoid:
        return False
    mark = state.mark()
    moved = [j for j in movers if j is not None]
    for j in moved:
        state.remove(j)
    if state.blocker(i, k) is not None:
        state.rollback(mark)
        return False
    state.place(i, k)
    avoid = avoid | set(moved) | {i}
    dropped = [j for j in moved if not _relocate(state, j, depth, avoid, rng)]
    if not dropped:
        return True
    if accept_drop is not None and not (set(dropped) & state.required) and accept_drop(i, dropped):
        return True
    state.rollback(mark)
    return False


def _got(problem: Problem, state: State) -> dict[str, int]:
    got: dict[str, int] = defaultdict(int)
    for j in state.solution:
        got[problem.delegate_of[j]] += problem.units[j]
    return got


def improve_weight(
    problem: Problem,
    state: State,
    *,
    deadline: float,
    rng: random.Random,
    locked: set[int] | None = None,
    depth: int = 1,
    floor: dict[str, int] | None = None,
) -> int:
    """Repeatedly insert left-out requests (heaviest first) until no move helps or time is up; returns gains.

    A lighter meeting may be dropped for a heavier one, unless its team would fall below its fairness floor.
    """
    locked = locked or set()
    got = _got(problem, state)

    def accept(i: int, dropped: list[int]) -> bool:
        if problem.units[i] <= sum(problem.units[j] for j in dropped):
            return False
        if floor:
            loss: dict[str, int] = defaultdict(int)
            for j in dropped:
                loss[problem.delegate_of[j]] += problem.units[j]
            loss[problem.delegate_of[i]] -= problem.units[i]
            if any(got[d] - lost < floor.get(d, 0) and lost > 0 for d, lost in loss.items()):
                return False
        return True

    gained = 0
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        out = [i for i in range(len(problem.requests)) if i not in state.solution and problem.feasible[i]]
        rng.shuffle(out)
        out.sort(key=lambda i: -problem.units[i])
        for n, i in enumerate(out):
            if n % 50 == 0 and time.monotonic() >= deadline:
                break
            if i in state.solution:
                continue
            slots = list(problem.feasible[i])
            rng.shuffle(slots)
            before = set(state.solution)
            for k in slots:
                if _insert_at(state, i, k, depth, set(locked), rng, accept_drop=accept):
                    improved = True
                    gained += 1
                    for j in before - set(state.solution):
                        got[problem.delegate_of[j]] -= problem.units[j]
                    got[problem.delegate_of[i]] += problem.units[i]
                    break
    return gained


def improve_fairness(
    problem: Problem,
    state: State,
    *,
    floor: dict[str, int],
    deadline: float,
    rng: random.Random,
    locked: set[int] | None = None,
) -> int:
    """Lift teams below their fairness floor: insert their requests, displacing only teams above the floor."""
    locked = locked or set()
    got = _got(problem, state)
    lifted = 0

    def accept(i: int, dropped: list[int]) -> bool:
        loss: dict[str, int] = defaultdict(int)
        for j in dropped:
            loss[problem.delegate_of[j]] += problem.units[j]
        return all(
            got[d] - lost >= floor.get(d, 0) for d, lost in loss.items() if d != problem.delegate_of[i]
        )

    short = [d for d, need in floor.items() if got[d] < need]
    short.sort(key=lambda d: got[d] / max(1, floor[d]))
    for d in short:
        if time.monotonic() >= deadline:
            break
        wanted = [
            i for i in problem.by_delegate.get(d, []) if i not in state.solution and problem.feasible[i]
        ]
        wanted.sort(key=lambda i: -problem.units[i])
        for i in wanted:
            if got[d] >= floor[d]:
                break
            slots = list(problem.feasible[i])
            rng.shuffle(slots)
            before = set(state.solution)
            for k in slots:
                if _insert_at(state, i, k, 1, set(locked), rng, accept_drop=accept):
                    for j in before - set(state.solution):
                        got[problem.delegate_of[j]] -= problem.units[j]
                    got[d] += problem.units[i]
                    lifted += 1
                    break
    return lifted
