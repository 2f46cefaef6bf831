"""Fast local search on weight: insert a left-out request by moving the meetings in its way (ejection chains).

Each move is checked with the same incremental rules as the greedy planner, so the schedule stays valid;
it gains weight in seconds where a whole-model search would need minutes, and hands a strong start to CP-SAT.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from kakehashi.adapters.planner.problem import Problem, State, Weights, day_shape
from kakehashi.domain.planning import Rule


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
    if rule != Rule.ONE_MEETING_PER_SLOT:
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


def improve_weight(
    problem: Problem,
    state: State,
    *,
    deadline: float,
    rng: random.Random,
    locked: set[int] | None = None,
    depth: int = 1,
) -> int:
    """Repeatedly insert left-out requests (heaviest first) until no move helps or time is up; returns gains.

    A lighter meeting may be dropped for a heavier one.
    """
    locked = locked or set()

    def accept(i: int, dropped: list[int]) -> bool:
        return problem.units[i] > sum(problem.units[j] for j in dropped)

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
            for k in slots:
                if _insert_at(state, i, k, depth, set(locked), rng, accept_drop=accept):
                    improved = True
                    gained += 1
                    break
    return gained


def _day_cost(state: State, d: str, day: int, weights: Weights) -> int:
    """Idle slots and city changes of one team's day, priced like the objective."""
    p = state.p
    items = state.delegate_day.get((d, day))
    if not items:
        return 0
    idle, changes = day_shape([(state.solution[j][0], p.place_of[p.venue_of[j]]) for j in items])
    return weights.idle * idle + weights.city * changes


def improve_shape(
    problem: Problem,
    state: State,
    *,
    weights: Weights,
    deadline: float,
    rng: random.Random,
    locked: set[int] | None = None,
) -> int:
    """Compact days and fewer cities without losing any meeting: move a meeting to a better slot, or swap
    the slots of two meetings of the same team, whenever that lowers the team's idle slots and cities."""
    locked = locked or set()
    moves = 0
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        delegates = list(problem.by_delegate)
        rng.shuffle(delegates)
        for d in delegates:
            if time.monotonic() >= deadline:
                break
            mine = [j for j in problem.by_delegate[d] if j in state.solution and j not in locked]
            for j in mine:
                k0, interp = state.solution[j]
                day0 = problem.day_of[k0]
                with_j = _day_cost(state, d, day0, weights)
                state.remove(j)
                without_j = _day_cost(state, d, day0, weights)
                best_k, best_gain = k0, 0
                for k in problem.feasible[j]:
                    if k == k0 or state.blocker(j, k) is not None:
                        continue
                    day = problem.day_of[k]
                    other_before = 0 if day == day0 else _day_cost(state, d, day, weights)
                    state.place(j, k)
                    if day == day0:
                        gain = with_j - _day_cost(state, d, day0, weights)
                    else:
                        gain = (with_j + other_before) - (without_j + _day_cost(state, d, day, weights))
                    state.remove(j)
                    if gain > best_gain:
                        best_k, best_gain = k, gain
                state.place(j, best_k, interp if best_k == k0 else None)
                if best_k != k0:
                    moves += 1
                    improved = True
            # Swaps: two meetings of the team exchange slots (both hosts free at the other slot).
            for a_index, a in enumerate(mine):
                for b in mine[a_index + 1 :]:
                    ka, kb = state.solution[a][0], state.solution[b][0]
                    if problem.day_of[ka] != problem.day_of[kb] or kb not in problem.feasible[a]:
                        continue
                    if ka not in problem.feasible[b]:
                        continue
                    day = problem.day_of[ka]
                    before = _day_cost(state, d, day, weights)
                    mark = state.mark()
                    state.remove(a)
                    state.remove(b)
                    if state.blocker(a, kb) is None:
                        state.place(a, kb)
                        if state.blocker(b, ka) is None:
                            state.place(b, ka)
                            if _day_cost(state, d, day, weights) < before:
                                moves += 1
                                improved = True
                                continue
                    state.rollback(mark)
    return moves
