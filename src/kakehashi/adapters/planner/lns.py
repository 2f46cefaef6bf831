"""Large-neighbourhood search: free a few related teams and hosts, re-optimise them with CP-SAT, repeat.

A plain time-indexed model of a whole delegation is too big to close in a minute; small sub-models with
everything else fixed are solved to optimality in a fraction of a second, and only better (or equal)
schedules are accepted, so the schedule never gets worse.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from kakehashi.adapters.planner.cpsat import build, make_solver, read_solution
from kakehashi.adapters.planner.problem import Problem, Solution, Weights


@dataclass
class SearchState:
    """The incumbent and the settings the search adapts as it goes."""

    solution: Solution
    weights: Weights
    floor: dict[str, int] | None = None
    size: float = 120.0  # target number of free requests per neighbourhood
    sub_limit: float = 1.0
    iterations: int = 0
    improvements: int = 0
    value: int = 0
    window_share: float = 0.5  # share of time windows; of the rest 70 % team-days, 30 % related teams
    last_kind: str = ""
    workers: int = 2
    window: set[int] | None = None  # slots the freed requests may use (time-window neighbourhoods)
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # kind -> [tries, seconds, improvements]

    def rescore(self, problem: Problem) -> None:
        self.value = problem.evaluate(self.solution, self.weights, self.floor or {})


def neighbourhood(
    problem: Problem, state: SearchState, rng: random.Random, locked: set[int] | None = None
) -> set[int]:
    """Requests to free: around an unplaced request, an under-served team, or a random group of teams."""
    solution = state.solution
    state.window = None
    target = int(state.size)
    unplaced = [i for i in range(len(problem.requests)) if i not in solution and problem.feasible[i]]
    roll = rng.random()
    if roll < state.window_share:
        # A window of one or two consecutive slots: every meeting in it and every left-out request are free,
        # which re-solves who meets whom there as an exact matching-like problem, in milliseconds.
        width = 1 if rng.random() < 0.8 else 2
        day = problem.day_slots[rng.randrange(len(problem.day_slots))]
        start = rng.randrange(max(1, len(day) - width + 1))
        window = set(day[start : start + width])
        in_window = {i for i, (k, _x) in solution.items() if k in window} | {
            i for i in unplaced if not window.isdisjoint(problem.feasible[i])
        }
        state.last_kind = f"window{width}"
        state.window = window
        return in_window - locked if locked else in_window
    roll = (roll - state.window_share) / max(1e-9, 1 - state.window_share)
    if roll < 0.7:
        # A few teams' whole day: re-route them (compact, one city) around the hosts' other meetings.
        day_index = rng.randrange(len(problem.day_slots))
        teams = rng.sample(list(problem.by_delegate), min(4, len(problem.by_delegate)))
        chosen = {
            i
            for d in teams
            for i in problem.by_delegate[d]
            if (i in solution and problem.day_of[solution[i][0]] == day_index)
            or (i not in solution and problem.feasible[i])
        }
        state.last_kind = "team-day"
        return chosen - locked if locked else chosen
    state.last_kind = "related"
    roll = rng.random()
    delegates: set[str] = set()
    hosts: set[str] = set()
    if roll < 0.35 and state.floor:
        got: dict[str, int] = {}
        for i in solution:
            got[problem.delegate_of[i]] = got.get(problem.delegate_of[i], 0) + problem.units[i]
        short = [d for d, need in state.floor.items() if need > got.get(d, 0) and problem.by_delegate.get(d)]
        # The worst-served teams decide the minimum share: work on one of the three worst.
        short.sort(key=lambda d: got.get(d, 0) / max(1, problem.asked_units[d]))
        if short:
            delegates.add(rng.choice(short[:3]))
    if not delegates and roll < 0.75 and unplaced:
        seed = rng.choices(unplaced, weights=[problem.units[i] for i in unplaced])[0]
        delegates.add(problem.delegate_of[seed])
        hosts.add(problem.host_of[seed])
    if not delegates and not hosts:
        delegates.add(rng.choice(list(problem.by_delegate)))
    free: set[int] = set()
    for d in delegates:
        free.update(problem.by_delegate[d])
    for h in hosts:
        free.update(problem.by_host[h])
    frontier_d = list(delegates)
    frontier_h = list(hosts)
    # Grow through the request graph: hosts of the freed teams, teams of the freed hosts, ...
    while len(free) < target and (frontier_d or frontier_h):
        if frontier_d and (not frontier_h or rng.random() < 0.5):
            d = frontier_d.pop(rng.randrange(len(frontier_d)))
            options = [problem.host_of[i] for i in problem.by_delegate[d] if problem.host_of[i] not in hosts]
            rng.shuffle(options)
            for h in options[:2]:
                hosts.add(h)
                free.update(problem.by_host[h])
                frontier_h.append(h)
        else:
            h = frontier_h.pop(rng.randrange(len(frontier_h)))
            options = [
                problem.delegate_of[i] for i in problem.by_host[h] if problem.delegate_of[i] not in delegates
            ]
            rng.shuffle(options)
            for d in options[:2]:
                delegates.add(d)
                free.update(problem.by_delegate[d])
                frontier_d.append(d)
        if not frontier_d and not frontier_h and len(free) < target:
            d = rng.choice(list(problem.by_delegate))
            if d not in delegates:
                delegates.add(d)
                free.update(problem.by_delegate[d])
                frontier_d.append(d)
    return free - locked if locked else free


def search(
    problem: Problem,
    state: SearchState,
    *,
    deadline: float,
    rng: random.Random,
    on_iteration: Callable[[SearchState], None] | None = None,
    workers: int = 2,
    locked: set[int] | None = None,
    required: set[int] | None = None,
) -> SearchState:
    """Improve `state.solution` until `deadline` (time.monotonic()); never accepts a worse schedule."""
    state.rescore(problem)
    while True:
        left = deadline - time.monotonic()
        if left < 0.15:
            break
        built_at = time.monotonic()
        free = neighbourhood(problem, state, rng, locked)
        sub = build(
            problem,
            free=free,
            solution=state.solution,
            weights=state.weights,
            floor=state.floor,
            required=required,
        )
        limit = min(0.5 if state.last_kind == "window1" else state.sub_limit, left - 0.05)
        # Small neighbourhoods close in milliseconds: a second worker would only add overhead.
        small = state.last_kind in ("window1", "team-day")
        solver = make_solver(limit, seed=rng.randrange(1 << 30), workers=1 if small else state.workers)
        started = time.monotonic()
        status = solver.solve(sub.model)
        spent = time.monotonic() - started
        state.iterations += 1
        tally = state.by_kind.setdefault(state.last_kind, [0, 0.0, 0])
        tally[0] += 1
        tally[1] += time.monotonic() - built_at
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            candidate = {i: p for i, p in state.solution.items() if i not in free}
            candidate.update(read_solution(sub, solver))
            value = problem.evaluate(candidate, state.weights, state.floor or {})
            if value >= state.value:
                if value > state.value:
                    state.improvements += 1
                    tally[2] += 1
                state.solution, state.value = candidate, value
        # Related neighbourhoods solved to optimality quickly can grow; those that time out shrink.
        if state.last_kind == "related":
            if status == cp_model.OPTIMAL and spent < 0.5 * limit:
                state.size = min(state.size * 1.1, 2000.0)
            elif status != cp_model.OPTIMAL:
                state.size = max(state.size * 0.85, 20.0)
        if on_iteration is not None:
            on_iteration(state)
    return state
