"""Large-neighbourhood search: free a few related teams and hosts, re-optimise them with CP-SAT, repeat.

A plain time-indexed model of a whole delegation is too big to close in a minute; small sub-models with
everything else fixed are solved to optimality in a fraction of a second, and only better (or equal)
schedules are accepted, so the schedule never gets worse.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from kakehashi.adapters.planner.cpsat import build, make_solver, read_solution
from kakehashi.adapters.planner.fairness import got_units, keeps_share
from kakehashi.adapters.planner.problem import Problem, Solution, State, Weights

KINDS = ("window1", "team-day", "holes", "short", "related")
MIN_SHARE = 0.05
RATE_MEMORY = 0.1


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
    # Adaptive choice of neighbourhood kind: each kind's recent objective gain per second of search
    rate: dict[str, float] = field(default_factory=lambda: {k: 1.0 for k in KINDS})
    last_kind: str = ""
    window: set[int] | None = None  # the slots of a time-window neighbourhood (None for other kinds)
    # kind -> [tries, seconds, improvements, objective gained]
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    # Weight first: no accepted schedule places less weight than (1 - tolerance) x the heaviest one accepted
    # so far, whatever the day-shape or fairness terms would pay for a meeting. None: the objective decides.
    weight_tolerance: float | None = 0.0
    best_weight: int = 0
    # Never below greedy on the worst share: per team, the units that reach greedy's worst share of what it
    # asked; no accepted schedule lets a team fall below min(what it has, these units). None: no guarantee.
    keep: dict[str, int] | None = None
    caps: dict[str, int] = field(default_factory=dict)  # per team: what it could place alone (fairness)

    def pick(self, rng: random.Random) -> str:
        """A kind drawn so that each kind's share of search time follows its recent gain per second.

        A try of a slow kind takes several tries' time of a fast one, so the draw divides by the kind's mean
        seconds per try; every kind keeps a 5 % floor of tries.
        """
        per_try = {k: self.rate[k] / self.seconds_per_try(k) for k in KINDS}
        total = sum(per_try.values())
        shares = [max(per_try[k] / total if total > 0 else 0.0, MIN_SHARE) for k in KINDS]
        return rng.choices(KINDS, weights=shares)[0]

    def seconds_per_try(self, kind: str) -> float:
        tries, seconds = self.by_kind.get(kind, [0, 0.0])[:2]
        return max(0.01, seconds / tries) if tries else 0.1

    def learn(self, kind: str, gain: float, seconds: float) -> None:
        """Exponential moving average of gain per second (objective units), so the mix follows the search."""
        speed = max(0.0, gain) / max(seconds, 1e-3)
        self.rate[kind] = (1 - RATE_MEMORY) * self.rate[kind] + RATE_MEMORY * speed

    def rescore(self, problem: Problem) -> None:
        self.value = problem.evaluate(self.solution, self.weights, self.floor or {})
        self.best_weight = max(self.best_weight, weight_units(problem, self.solution))

    def required_weight(self) -> int | None:
        """The least weight (in units) a schedule must place to be accepted."""
        if self.weight_tolerance is None:
            return None
        return math.ceil(self.best_weight * (1.0 - self.weight_tolerance) - 1e-9)


def weight_units(problem: Problem, solution: Solution) -> int:
    return sum(problem.units[i] for i in solution)


def neighbourhood(
    problem: Problem, state: SearchState, rng: random.Random, locked: set[int] | None = None
) -> set[int]:
    """Requests to free, by a kind drawn adaptively (`SearchState.pick`).

    window1: one time slot (who meets whom then); team-day: a few teams' whole day; holes: a gappy team-day
    with its hosts' meetings of that day; short: a cluster around one of the worst-served teams below the
    fairness floor; related: a cluster around a left-out request or a random team.
    """
    solution = state.solution
    state.window = None
    target = int(state.size)
    unplaced = [i for i in range(len(problem.requests)) if i not in solution and problem.feasible[i]]
    kind = state.pick(rng)
    state.last_kind = kind
    if kind.startswith("window"):
        # A window of consecutive slots: every meeting in it and every left-out request that fits it are
        # free (those may go to any slot still open to them): who meets whom then, in milliseconds.
        width = int(kind[-1])
        day = problem.day_slots[rng.randrange(len(problem.day_slots))]
        start = rng.randrange(max(1, len(day) - width + 1))
        window = set(day[start : start + width])
        in_window = {i for i, (k, _x) in solution.items() if k in window} | {
            i for i in unplaced if not window.isdisjoint(problem.feasible[i])
        }
        state.window = window
        return in_window - locked if locked else in_window
    if kind == "holes":
        chosen = holes_neighbourhood(problem, solution, rng)
        return chosen - locked if locked else chosen
    if kind == "team-day":
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
        return chosen - locked if locked else chosen
    roll = rng.random()
    delegates: set[str] = set()
    hosts: set[str] = set()
    if kind == "short" and state.floor:
        got: dict[str, int] = {}
        for i in solution:
            got[problem.delegate_of[i]] = got.get(problem.delegate_of[i], 0) + problem.units[i]
        short = [d for d, need in state.floor.items() if need > got.get(d, 0) and problem.by_delegate.get(d)]
        # The worst-served teams decide the minimum share: work on one of the three worst.
        short.sort(key=lambda d: got.get(d, 0) / max(1, problem.asked_units[d]))
        if short:
            delegates.add(rng.choice(short[:3]))
    if not delegates and roll < 0.6 and unplaced:
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


def holes_neighbourhood(problem: Problem, solution: Solution, rng: random.Random) -> set[int]:
    """A team-day with idle slots, the same-day meetings of the hosts it meets, and its left-out requests.

    A gap in a team's day is usually a slot where none of its hosts is free: freeing those hosts' other
    meetings of the day lets them shift, so the gap can be filled or the day closed up.
    """
    days: dict[tuple[str, int], list[int]] = {}
    for i, (k, _x) in solution.items():
        days.setdefault((problem.delegate_of[i], problem.day_of[k]), []).append(k)
    gaps = [(key, max(ks) - min(ks) + 1 - len(ks)) for key, ks in days.items()]
    gaps = [(key, idle) for key, idle in gaps if idle > 0]
    if not gaps:
        team, day = rng.choice(list(days)) if days else (rng.choice(list(problem.by_delegate)), 0)
    else:
        team, day = rng.choices([key for key, _n in gaps], weights=[n for _key, n in gaps])[0]
    ours = [i for i in problem.by_delegate[team] if i in solution and problem.day_of[solution[i][0]] == day]
    hosts = {problem.host_of[i] for i in ours}
    chosen = set(ours)
    for h in hosts:
        chosen.update(
            j for j in problem.by_host[h] if j in solution and problem.day_of[solution[j][0]] == day
        )
    wanted = set(problem.day_slots[day])
    left_out = [
        i
        for i in problem.by_delegate[team]
        if i not in solution and not wanted.isdisjoint(problem.feasible[i])
    ]
    # (Freeing also the day of up to three hosts of left-out requests was tried: slower, no better.)
    return chosen | set(left_out)


def search(
    problem: Problem,
    state: SearchState,
    *,
    deadline: float,
    rng: random.Random,
    on_iteration: Callable[[SearchState], None] | None = None,
    locked: set[int] | None = None,
    required: set[int] | None = None,
    threads: int = 2,
) -> SearchState:
    """Improve `state.solution` until `deadline` (time.monotonic()); never accepts a worse schedule.

    With two threads, one builds its next sub-model in Python while the other's CP-SAT solve runs (CP-SAT
    releases the GIL), so both cores work. A result computed against an older incumbent is re-checked
    against every hard rule before it is merged, and accepted only if the merged schedule is no worse.
    """
    state.rescore(problem)
    lock = threading.Lock()
    version = [0]

    def worker(wrng: random.Random) -> None:
        while True:
            with lock:
                left = deadline - time.monotonic()
                if left < 0.15:
                    return
                built_at = time.monotonic()
                free = neighbourhood(problem, state, wrng, locked)
                kind, window, seen = state.last_kind, state.window, version[0]
                snapshot, weights, floor = state.solution, state.weights, state.floor
                need = state.required_weight()
                keep = state.keep
            # The sub-model may not lower the placed weight below what acceptance requires.
            min_weight = (
                None if need is None else need - sum(problem.units[i] for i in snapshot if i not in free)
            )
            team_min = None
            if keep is not None:
                got = got_units(problem, snapshot)
                team_min = {d: min(got.get(d, 0), units) for d, units in keep.items()}
            sub = build(
                problem,
                free=free,
                solution=snapshot,
                weights=weights,
                floor=floor,
                required=required,
                min_weight=min_weight,
                team_min=team_min,
                # Time windows: the marginal (linear) day-shape cost is far smaller, and exact while a
                # delegate gains at most one meeting a day; acceptance below always uses the true objective.
                shape="linear" if window is not None else "exact",
            )
            built = time.monotonic() - built_at
            limit = min(0.5 if kind == "window1" else state.sub_limit, left - 0.05)
            solver = make_solver(limit, seed=wrng.randrange(1 << 30), workers=1 if threads > 1 else 2)
            started = time.monotonic()
            status = solver.solve(sub.model)
            spent = time.monotonic() - started
            found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            placed = read_solution(sub, solver) if found else {}
            with lock:
                state.iterations += 1
                tally = state.by_kind.setdefault(kind, [0, 0.0, 0, 0, 0.0, 0.0, 0])
                tally[4] += built
                tally[5] += spent
                tally[6] += status == cp_model.OPTIMAL
                tally[0] += 1
                tally[1] += time.monotonic() - built_at
                gain = 0
                if found:
                    base = {i: p for i, p in state.solution.items() if i not in free}
                    if version[0] == seen or fits(problem, base, placed):
                        candidate = {**base, **placed}
                        value = problem.evaluate(candidate, state.weights, state.floor or {})
                        gain = value - state.value
                        units = weight_units(problem, candidate)
                        floor_units = state.required_weight()
                        if (floor_units is not None and units < floor_units) or (
                            state.keep is not None
                            and not keeps_share(problem, state.keep, state.caps, state.solution, candidate)
                        ):
                            gain = min(gain, 0)
                        elif gain >= 0:
                            if gain > 0:
                                state.improvements += 1
                                tally[2] += 1
                                tally[3] += gain
                            state.solution, state.value = candidate, value
                            state.best_weight = max(state.best_weight, units)
                            version[0] += 1
                state.learn(kind, gain, time.monotonic() - built_at)
                # Related neighbourhoods solved to optimality quickly can grow; those that time out shrink.
                if kind in ("related", "short"):
                    if status == cp_model.OPTIMAL and spent < 0.5 * limit:
                        state.size = min(state.size * 1.1, 2000.0)
                    elif status != cp_model.OPTIMAL:
                        state.size = max(state.size * 0.85, 20.0)
                if on_iteration is not None:
                    before = state.solution
                    on_iteration(state)
                    if state.solution is not before:
                        version[0] += 1

    errors: list[BaseException] = []

    def guarded(wrng: random.Random) -> None:
        try:
            worker(wrng)
        except BaseException as exc:  # re-raised in the caller's thread below, never lost
            errors.append(exc)

    seeds = [rng.randrange(1 << 30) for _ in range(max(1, threads))]
    pool = [threading.Thread(target=guarded, args=(random.Random(s),), daemon=True) for s in seeds[1:]]
    for t in pool:
        t.start()
    worker(random.Random(seeds[0]))
    for t in pool:
        t.join()
    if errors:
        raise errors[0]
    return state


def fits(problem: Problem, base: Solution, placed: Solution) -> bool:
    """Whether `placed` can be added to `base` without breaking a hard rule (the incumbent moved meanwhile)."""
    check = State(problem)
    for i, (k, interp) in base.items():
        check.place(i, k, interp)
    for i, (k, interp) in placed.items():
        if check.blocker(i, k) is not None:
            return False
        if interp is not None and (interp, k) in check.interp_busy:
            return False
        check.place(i, k, interp)
    return True
