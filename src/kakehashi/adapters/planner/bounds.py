"""Upper bounds from LP relaxations solved with HiGHS: the most weight, and the best worst-served share.

No schedule can beat these numbers, so a schedule's gap to them says how close to optimal it is.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
from ortools.sat.python import cp_model

from kakehashi.adapters.planner.problem import Problem

# A loose interior-point tolerance halves the solve time; the margin added to the objective keeps it a bound.
IPM_TOLERANCE = 1e-5
BOUND_MARGIN = 1e-4
# Team caps (see _team_caps) cost one small CP-SAT solve per team and dense LP rows: small instances only.
TEAM_CAP_MAX_COLUMNS = 10_000
DP_MAX_STATES = 50_000  # per team-day travel programme (see _day_capacity)
TEAM_CAP_SECONDS = 1.0  # per team; the proven bound is used, so stopping early only weakens the cap


@dataclass(frozen=True, slots=True)
class LpBounds:
    weight: float  # max total weight of any schedule (LP relaxation)
    min_share: float  # max over schedules of the worst-served team's share (LP relaxation)
    mandatory_relaxed: bool  # True when even the LP cannot place every mandatory meeting
    weight_solution: dict[tuple[int, int], float]  # fractional (request, slot) values of the weight LP
    share_solution: dict[tuple[int, int], float]  # ... and of the max-min share LP


def _rows(problem: Problem, columns: list[tuple[int, int]]) -> list[tuple[list[int], float]]:
    """Each hard rule as linear rows `sum(x[cols]) <= rhs` over the (request, slot) columns."""
    by_request: dict[int, list[int]] = defaultdict(list)
    by_participant_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_venue_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_participant: dict[str, list[int]] = defaultdict(list)
    by_delegate_slot_class: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    interp_by_slot: dict[int, list[int]] = defaultdict(list)
    for c, (i, k) in enumerate(columns):
        d, h, v = problem.delegate_of[i], problem.host_of[i], problem.venue_of[i]
        by_request[i].append(c)
        by_participant_slot[(d, k)].append(c)
        by_participant_slot[(h, k)].append(c)
        by_venue_slot[(v, k)].append(c)
        by_participant[d].append(c)
        by_participant[h].append(c)
        by_delegate_slot_class[(d, k, problem.tclass[v])].append(c)
        if problem.needs_interpreter[i] is not None:
            interp_by_slot[k].append(c)
    rows: list[tuple[list[int], float]] = []
    rows += [(cols, 1.0) for cols in by_participant_slot.values() if len(cols) > 1]
    rows += [
        (cols, float(problem.capacity[v]))
        for (v, _k), cols in by_venue_slot.items()
        if len(cols) > problem.capacity[v]
    ]
    rows += [
        (cols, float(problem.max_meetings[pid]))
        for pid, cols in by_participant.items()
        if pid in problem.max_meetings and len(cols) > problem.max_meetings[pid]
    ]
    delegate_slots: dict[str, set[int]] = defaultdict(set)
    for d, k, _c in by_delegate_slot_class:
        delegate_slots[d].add(k)
    for d, ks in delegate_slots.items():
        for (a, b), table in problem.conflicts.items():
            if a not in ks or b not in ks:
                continue
            for c1, reach in table.items():
                first = by_delegate_slot_class.get((d, a, c1))
                if not first:
                    continue
                second = [c for c2 in reach for c in by_delegate_slot_class.get((d, b, c2), [])]
                if second:
                    rows.append((first + second, 1.0))
    for k, cols in interp_by_slot.items():
        available = {iid for (i, kk), ids in problem.interp_options.items() if kk == k for iid in ids}
        if len(cols) > len(available):
            rows.append((cols, float(len(available))))
    return rows


def _day_capacity(
    problem: Problem, day: int, cells: frozenset[tuple[int, int]], caps: tuple[tuple[int, int], ...]
) -> int:
    """Most meetings a team can have in a day, given its (slot, class) cells and its requests per class.

    Counts only sequences whose consecutive meetings are reachable in time (every schedule's day is one)
    and, per class, at most the team's requests there (each request is met once): a valid upper bound.
    """
    order = [c for c, _cap in caps]
    limit = [cap for _c, cap in caps]
    states: set[tuple[int, int, tuple[int, ...]]] = set()  # (last slot, last class, meetings per class)
    best = 0
    for k in problem.day_slots[day]:
        new: set[tuple[int, int, tuple[int, ...]]] = set()
        for pos, cls in enumerate(order):
            if (k, cls) not in cells:
                continue
            start = tuple(1 if p == pos else 0 for p in range(len(order)))
            if limit[pos] >= 1:
                new.add((k, cls, start))
            for last_k, last_c, counts in states:
                if counts[pos] >= limit[pos]:
                    continue
                table = problem.conflicts.get((last_k, k))
                if table is not None and cls in table.get(last_c, frozenset()):
                    continue
                new.add((k, cls, counts[:pos] + (counts[pos] + 1,) + counts[pos + 1 :]))
        for state in new:
            best = max(best, sum(state[2]))
        states |= new
        if len(states) > DP_MAX_STATES:  # a pathological day (many slots and cities): no cut, no stall
            return len(problem.day_slots[day])
    return best


def _day_rows(
    problem: Problem, columns: list[tuple[int, int]], control: LpControl
) -> list[tuple[list[int], float]]:
    """Per team and day: its meetings <= the most a day of travel between its cities allows.

    Each row is valid on its own, so a cancelled or late computation returns the rows found so far.
    """
    cols_of: dict[tuple[str, int], list[int]] = defaultdict(list)
    cells: dict[tuple[str, int], set[tuple[int, int]]] = defaultdict(set)
    requests: dict[tuple[str, int, int], set[int]] = defaultdict(set)
    for c, (i, k) in enumerate(columns):
        d, day, cls = problem.delegate_of[i], problem.day_of[k], problem.tclass[problem.venue_of[i]]
        cols_of[(d, day)].append(c)
        cells[(d, day)].add((k, cls))
        requests[(d, day, cls)].add(i)
    conflicting_days = {problem.day_of[a] for a, _b in problem.conflicts}
    cache: dict[tuple[int, frozenset[tuple[int, int]], tuple[tuple[int, int], ...]], int] = {}
    rows: list[tuple[list[int], float]] = []
    for (d, day), cols in cols_of.items():
        if control.cancelled or control.left() < 0.2:
            break
        classes = sorted({cls for _k, cls in cells[(d, day)]})
        if day not in conflicting_days or len(classes) < 2:
            continue
        caps = tuple((cls, len(requests[(d, day, cls)])) for cls in classes)
        key = (day, frozenset(cells[(d, day)]), caps)
        if key not in cache:
            cache[key] = _day_capacity(problem, day, key[1], caps)
        trivial = sum(min(cap, sum(1 for _k, c in cells[(d, day)] if c == cls)) for cls, cap in caps)
        if cache[key] < trivial:
            rows.append((cols, float(cache[key])))
    return rows


def _team_caps(problem: Problem, control: LpControl, budget: float) -> dict[str, int]:
    """Per team: the most weight units it could get if it were alone (CP-SAT's proven bound, rounded down).

    Alone, a team still obeys travel, one meeting per slot and host availability; no schedule gives it
    more, so `placed weight of d <= cap` is valid, and it cuts the LP's mixes of travel-incompatible days.
    """
    from kakehashi.adapters.planner import cpsat  # the LP bound should not pay for CP-SAT unless used
    from kakehashi.adapters.planner.problem import WEIGHT_ONLY

    caps: dict[str, int] = {}
    end = time.monotonic() + budget
    teams = [
        d
        for d, idx in problem.by_delegate.items()
        if len({problem.tclass[problem.venue_of[i]] for i in idx}) > 1
    ]
    for d in teams:
        if control.cancelled or time.monotonic() > end:
            break
        sub = cpsat.build(
            problem,
            free=problem.by_delegate[d],
            solution={},
            weights=WEIGHT_ONLY,
            required=set(),
        )
        solver = cpsat.make_solver(TEAM_CAP_SECONDS, workers=1)
        status = solver.solve(sub.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound = int(np.floor(solver.best_objective_bound + 1e-6))
            if bound < problem.asked_units[d]:
                caps[d] = bound
    return caps


class LpControl:
    """A shared deadline for the LP solves, and a way to stop one from another thread."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.cancelled = False
        self._current: highspy.Highs | None = None
        self._lock = threading.Lock()

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def attach(self, h: highspy.Highs | None) -> bool:
        """Make `h` the solve to cancel; False when cancelled already (do not start)."""
        with self._lock:
            if self.cancelled and h is not None:
                return False
            self._current = h
            return True

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._current is not None:
                self._current.cancelSolve()  # type: ignore[no-untyped-call]


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance whose start-up banner does not reach stdout (the CLI prints JSON there)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def _solve(
    problem: Problem,
    *,
    fairness: bool,
    mandatory: bool,
    control: LpControl,
    columns: list[tuple[int, int]],
    rows: list[tuple[list[int], float]],
    caps: dict[str, int] | None = None,
) -> tuple[float, bool, dict[tuple[int, int], float]] | None:
    """One LP over the (request, slot) `columns` with the hard rules and cuts in `rows`."""
    unsolved: tuple[float, bool, dict[tuple[int, int], float]] = (
        float("inf") if not fairness else 1.0,
        False,
        {},
    )
    if control.cancelled or control.left() < 0.2:
        return unsolved
    n = len(columns)
    h = _quiet_highs()
    h.setOptionValue("threads", 1)
    # Interior point without crossover: seconds instead of minutes on these degenerate assignment LPs.
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.setOptionValue("ipm_optimality_tolerance", IPM_TOLERANCE)
    if fairness:
        costs = np.zeros(n + 1)
        costs[n] = 1.0
        n_cols = n + 1
    else:
        costs = np.array([problem.units[i] / problem.weight_scale for i, _k in columns], dtype=np.float64)
        n_cols = n
    upper = np.ones(n_cols)
    if fairness:
        upper[n] = 1.0
    h.addCols(
        n_cols,
        costs,
        np.zeros(n_cols),
        upper,
        0,
        np.array([], np.int32),
        np.array([], np.int32),
        np.array([]),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    lower: list[float] = []
    upper_rows: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []

    def add(cols: list[int], coeffs: list[float] | None, lo: float, hi: float) -> None:
        starts.append(len(index))
        index.extend(cols)
        value.extend(coeffs if coeffs is not None else [1.0] * len(cols))
        lower.append(lo)
        upper_rows.append(hi)

    by_request: dict[int, list[int]] = defaultdict(list)
    for c, (i, _k) in enumerate(columns):
        by_request[i].append(c)
    for i, cols in by_request.items():
        add(cols, None, 1.0 if (mandatory and problem.mandatory[i]) else 0.0, 1.0)
    if mandatory and any(
        problem.mandatory[i] and not problem.feasible[i] for i in range(len(problem.requests))
    ):
        return None
    for cols, rhs in rows:
        add(cols, None, -highspy.kHighsInf, rhs)
    if caps:
        team_cols: dict[str, list[int]] = defaultdict(list)
        for c, (i, _k) in enumerate(columns):
            if problem.delegate_of[i] in caps:
                team_cols[problem.delegate_of[i]].append(c)
        for d, cols in team_cols.items():
            add(cols, [float(problem.units[columns[c][0]]) for c in cols], -highspy.kHighsInf, float(caps[d]))
    if fairness:
        by_delegate: dict[str, list[int]] = defaultdict(list)
        for c, (i, _k) in enumerate(columns):
            by_delegate[problem.delegate_of[i]].append(c)
        for d, asked in problem.asked_units.items():
            if asked <= 0:
                continue
            cols = by_delegate.get(d, [])
            # placed weight of d - asked(d) * t >= 0
            add(
                cols + [n],
                [problem.units[columns[c][0]] / asked for c in cols] + [-1.0],
                0.0,
                highspy.kHighsInf,
            )
    if starts:
        h.addRows(
            len(starts),
            np.array(lower),
            np.array(upper_rows),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )
    h.setOptionValue("time_limit", max(0.1, control.left()))
    if not control.attach(h):
        return unsolved
    try:
        h.run()
    finally:
        control.attach(None)
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        # Not solved in time: an unfinished interior point gives no valid bound, so claim none.
        return unsolved
    # A relative margin covers the interior-point tolerance, so the bound stays a bound.
    objective = float(h.getInfo().objective_function_value)
    primal = h.getSolution().col_value
    fractions = {col: float(primal[c]) for c, col in enumerate(columns) if primal[c] > 1e-4}
    return (objective + abs(objective) * BOUND_MARGIN + BOUND_MARGIN, True, fractions)


def lp_bounds(
    problem: Problem,
    *,
    time_limit: float = 20.0,
    on_share: Callable[[float], None] | None = None,
    control: LpControl | None = None,
    strengthen: bool = True,
) -> LpBounds:
    """Both LP bounds within `time_limit` in all; mandatory meetings are forced when the LP can place them.

    `strengthen` adds the valid travel cuts (per team and day: meetings <= what travel allows; on small
    instances, per team: weight <= what it could get alone); False gives the plain relaxation.
    """
    control = control or LpControl(time.monotonic() + time_limit)
    mandatory = any(problem.mandatory)
    n_columns = sum(len(ks) for ks in problem.feasible)
    caps = (
        _team_caps(problem, control, min(10.0, 0.2 * control.left()))
        if strengthen and n_columns <= TEAM_CAP_MAX_COLUMNS
        else {}
    )
    # The rules and cuts are the same for both LPs: built once.
    columns = [(i, k) for i, ks in enumerate(problem.feasible) for k in ks]
    rows = _rows(problem, columns)
    if strengthen:
        rows += _day_rows(problem, columns, control)
    solve_lp = functools.partial(_solve, problem, control=control, columns=columns, rows=rows, caps=caps)
    # The share bound first: the solver uses it as its fairness floor while the weight bound is computed.
    share = solve_lp(fairness=True, mandatory=mandatory)
    relaxed = False
    if share is None and mandatory:
        relaxed, mandatory = True, False
        share = solve_lp(fairness=True, mandatory=False)
    if on_share is not None and share is not None and share[1]:  # never a floor from an unfinished LP
        on_share(share[0])
    weight = solve_lp(fairness=False, mandatory=mandatory)
    w = weight[0] if weight else float(sum(problem.units)) / problem.weight_scale
    s = share[0] if share else 1.0
    # Integer weights: no schedule can reach the fractional part (tolerance against LP round-off).
    if problem.weight_scale == 1 and np.isfinite(w):
        w = float(np.floor(w + 1e-6))
    return LpBounds(
        weight=w,
        min_share=min(1.0, s + 1e-9),
        mandatory_relaxed=relaxed,
        weight_solution=weight[2] if weight else {},
        share_solution=share[2] if share else {},
    )
