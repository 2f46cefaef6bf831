"""The delegation planner: `solve` an instance, `repair` a schedule after changes.

Pipeline: mandatory meetings first (CP-SAT, naming those that cannot all be placed), greedy start, LP bounds
with HiGHS in a background thread, then CP-SAT: exact lexicographic optimisation for small instances, the
full model followed by large-neighbourhood search for large ones; always within the caller's time limit.
"""

from __future__ import annotations

import atexit
import math
import random
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kakehashi.adapters.planner.bounds import LpBounds, LpControl, lp_bounds
from kakehashi.adapters.planner.cpsat import build, make_solver, read_solution
from kakehashi.adapters.planner.explain import explain_unscheduled
from kakehashi.adapters.planner.fairness import (
    FairnessFloor,
    cheap_share_bound,
    keep_units,
    team_caps,
    worst_share,
)
from kakehashi.adapters.planner.greedy import best_fit_solution, greedy_solution
from kakehashi.adapters.planner.lns import SearchState, search
from kakehashi.adapters.planner.local import improve_shape, improve_weight
from kakehashi.adapters.planner.problem import WEIGHT_ONLY, Problem, Solution, State, Weights
from kakehashi.domain.errors import Msg
from kakehashi.domain.planning import (
    Instance,
    Meeting,
    Reason,
    Schedule,
    ScheduleStatus,
    Unscheduled,
    check_schedule,
    schedule_metrics,
    team_summaries,
)

Progress = Callable[[str, float], None]
_REPORT_SECONDS = 0.5  # left after waiting for the LP: cancel it, build the report, write SCHEDULE.json
_LP_THREADS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@atexit.register
def _let_cancelled_lps_finish() -> None:
    """A HiGHS solve still winding down when the interpreter shuts down aborts the process: let it end."""
    for thread in list(_LP_THREADS):
        thread.join(10.0)


SMALL_MODEL = 3000  # candidate (request, slot) pairs up to which the exact lexicographic path is used


@dataclass(frozen=True)
class RepairReport:
    """What re-planning changed: kept in place, moved (from -> to), added, dropped with reasons."""

    kept: tuple[Meeting, ...]
    moved: tuple[tuple[Meeting, Meeting], ...]
    added: tuple[Meeting, ...]
    dropped: tuple[Unscheduled, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kept": [m.to_dict() for m in self.kept],
            "moved": [{"from": a.to_dict(), "to": b.to_dict()} for a, b in self.moved],
            "added": [m.to_dict() for m in self.added],
            "dropped": [u.to_dict() for u in self.dropped],
        }


@dataclass
class _Run:
    problem: Problem
    started: float
    deadline: float
    seed: int
    progress: Progress | None
    locked: set[int] = field(default_factory=set)  # requests whose placement may not change (repair)
    impossible: dict[int, str] = field(default_factory=dict)  # mandatory requests that cannot be placed
    required: set[int] = field(default_factory=set)  # mandatory requests placed, to stay placed
    proven_weight: float | None = None
    method: list[str] = field(default_factory=list)
    iterations: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    trace: list[list[object]] = field(default_factory=list)  # [stage, seconds, weight] for the benchmark
    hard_deadline: float = 0.0  # the caller's limit; `deadline` leaves time to explain and report
    # Weight first: compact days, few cities and fairness may cost at most this fraction of the heaviest
    # schedule found (default: none). None lets the objective's prices trade weight away.
    weight_tolerance: float | None = 0.0
    protect_share: float = 0.0  # the greedy reference's worst share: the answer's is never below it
    fairness: FairnessFloor | None = None  # the floor the large-instance search used (reported in stats)
    heaviest_units: int = 0  # the heaviest schedule the search found (what compactness could have cost)
    reference: Solution | None = None  # the greedy reference planner's schedule, for the summary

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def tell(self, stage: str, solution: Solution | None = None) -> None:
        if solution is not None:
            self.trace.append(
                [stage, round(time.monotonic() - self.started, 1), self.problem.weight(solution)]
            )
        if self.progress is not None:
            self.progress(stage, time.monotonic() - self.started)


class _Bounds:
    """LP bounds computed in a background thread (HiGHS releases the GIL while it solves)."""

    def __init__(self, problem: Problem, time_limit: float) -> None:
        self.result: LpBounds | None = None
        self.share: float | None = None
        self.error: str | None = None

        def got_share(value: float) -> None:
            self.share = value

        self.control = LpControl(time.monotonic() + time_limit)

        def work() -> None:
            try:
                self.result = lp_bounds(problem, on_share=got_share, control=self.control)
            except Exception as exc:  # the bound is a report, never a reason to lose the schedule
                self.error = str(exc)

        self.thread = threading.Thread(target=work, name="kakehashi-lp-bounds", daemon=True)
        self.thread.start()
        _LP_THREADS.add(self.thread)

    def stop(self) -> None:
        """Cancel a solve still running; its result is no longer wanted.

        HiGHS's interior point notices a cancel only between iterations (1.6 s on a 270k-column LP), so the
        thread is not waited for here: it ends on its own moments later (at exit, `_let_cancelled_lps_finish`
        waits for it).
        """
        self.control.cancel()
        self.thread.join(0.05)

    def wait(self, timeout: float) -> LpBounds | None:
        self.thread.join(max(0.0, timeout))
        return self.result


def combinatorial_bound(problem: Problem) -> float:
    """A quick valid bound: each team (and each host) gets at most its heaviest feasible requests."""

    def side(groups: dict[str, list[int]]) -> float:
        total = 0
        for pid, reqs in groups.items():
            usable = sorted((problem.units[i] for i in reqs if problem.feasible[i]), reverse=True)
            slots = {k for i in reqs for k in problem.feasible[i]}
            cap = len(slots)
            limit = problem.max_meetings.get(pid)
            if limit is not None:
                cap = min(cap, limit)
            total += sum(usable[:cap])
        return total / problem.weight_scale

    return min(side(problem.by_delegate), side(problem.by_host))


def _place_mandatory(run: _Run, base: Solution) -> Solution:
    """Place as many mandatory meetings as possible (all if possible); name the others and why."""
    p = run.problem
    todo = [i for i in range(len(p.requests)) if p.mandatory[i] and i not in base]
    if not todo:
        run.required = {i for i in base if p.mandatory[i]}
        return dict(base)
    only = Weights(weight=0, shortfall=0, deep_shortfall=0, idle=0, city=0, mandatory_bonus=1)
    sub = build(p, free=todo, solution=base, weights=only)
    solver = make_solver(max(0.5, min(10.0, run.left() * 0.2)), seed=run.seed)
    status = solver.solve(sub.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placed = read_solution(sub, solver)
    else:  # no answer in time (a huge mandatory set on a busy machine): place them greedily instead
        state = State(p)
        for i, (k, interp) in base.items():
            state.place(i, k, interp)
        for i in sorted(todo, key=lambda i: len(p.feasible[i])):
            k_free = next((k for k in p.feasible[i] if state.blocker(i, k) is None), None)
            if k_free is not None:
                state.place(i, k_free)
        placed = {i: v for i, v in state.solution.items() if i not in base}
    solution = dict(base)
    solution.update(placed)
    run.required = {i for i in solution if p.mandatory[i]}
    for i in todo:
        if i in placed:
            continue
        d, h = p.delegate_of[i], p.host_of[i]
        if not _has_candidates(sub, i):
            run.impossible[i] = "solo"
            continue
        rivals = sorted(
            {
                j
                for j, (k, _x) in solution.items()
                if p.mandatory[j]
                and k in p.feasible[i]
                and (p.delegate_of[j] in (d,) or p.host_of[j] == h or p.venue_of[j] == p.venue_of[i])
            }
        )
        names = ", ".join(f"{p.delegate_of[j]} -> {p.host_of[j]}" for j in rivals[:6])
        run.impossible[i] = f"conflict:{names}"  # the reason's words are explain.CONFLICT
    return solution


def _has_candidates(sub: Any, i: int) -> bool:
    return any(key[0] == i for key in sub.x)


def _exact(run: _Run, start: Solution) -> Solution:
    """Small instances: maximise weight (proving it when time allows), then fairness and compact days."""
    p = run.problem
    free = [i for i in range(len(p.requests)) if i not in run.locked]
    first = build(
        p,
        free=free,
        solution=start,
        weights=WEIGHT_ONLY,
        required=run.required,
    )
    solver = make_solver(max(0.2, run.left() * 0.55), seed=run.seed)
    status = solver.solve(first.model)
    run.method.append("cpsat-exact")
    best = dict(start)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        candidate = {i: v for i, v in start.items() if i in run.locked}
        candidate.update(read_solution(first, solver))
        if _weight_units(p, candidate) >= _weight_units(p, best):
            best = candidate
    locked_units = sum(p.units[i] for i in run.locked if i in start)
    run.heaviest_units = max(run.heaviest_units, _weight_units(p, best))
    if status == cp_model.OPTIMAL:
        run.proven_weight = (locked_units + solver.objective_value) / p.weight_scale
        run.proven_weight = max(run.proven_weight, _weight_units(p, best) / p.weight_scale)
    if run.left() < 0.3:
        return best
    # Second stage: keep the weight, raise the worst-served share, then compact days and few cities.
    min_units = _min_units(run, _weight_units(p, best)) - locked_units
    second = build(
        p,
        free=free,
        solution=best,
        weights=Weights(weight=0, shortfall=0, deep_shortfall=0),
        min_weight=min_units,
        share_weight=1000 * 40,
        required=run.required,
    )
    solver = make_solver(max(0.2, run.left() - 0.2), seed=run.seed + 1)
    status = solver.solve(second.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        candidate = {i: v for i, v in best.items() if i in run.locked}
        candidate.update(read_solution(second, solver))
        if _weight_units(p, candidate) >= _weight_units(p, best):
            best = candidate
    return best


def _weight_units(problem: Problem, solution: Solution) -> int:
    return sum(problem.units[i] for i in solution)


def _min_units(run: _Run, units: int) -> int:
    if run.weight_tolerance is None:
        return 0
    return math.ceil(units * (1.0 - run.weight_tolerance) - 1e-9)


def _heaviest(problem: Problem, solutions: list[Solution]) -> Solution:
    """The first of the heaviest (most mandatory meetings, then most weight, then the fairest at equal
    weight): never below a reference."""
    return max(
        solutions,
        key=lambda s: (
            sum(1 for i in s if problem.mandatory[i]),
            _weight_units(problem, s),
            worst_share(problem, s),
        ),
    )


def _guard(run: _Run, solution: Solution, references: list[Solution]) -> Solution:
    """Never below greedy: the heaviest of the answer and the greedy references (the fairer at equal
    weight), except that an answer within the organizer's weight tolerance of the heaviest is kept."""
    p = run.problem
    best = _heaviest(p, [solution, *references])
    if best is solution or not run.weight_tolerance:
        return best
    mandatory = sum(1 for i in solution if p.mandatory[i])
    if mandatory >= sum(1 for i in best if p.mandatory[i]) and _weight_units(p, solution) >= _min_units(
        run, max(run.heaviest_units, _weight_units(p, best))
    ):
        return solution
    return best


def _large(run: _Run, start: Solution, bounds: _Bounds) -> Solution:
    """Large instances: ejection-chain local search, then CP-SAT large-neighbourhood search.

    The objective weighs weight first, then the fairness floor (once the LP has given it), compact days
    and few cities. Only schedules at least as good as the incumbent are accepted.
    """
    p = run.problem
    rng = random.Random(run.seed)
    state = State(p)
    for i, (k, interp) in start.items():
        state.place(i, k, interp)
    state.required = set(run.required)
    state.journal.clear()
    improve_weight(p, state, deadline=time.monotonic() + run.left() * 0.1, rng=rng, locked=run.locked)
    run.method.append("ejection")
    run.tell("local search", state.solution)
    # The fairness floor does not wait for the max-min share LP (which may not finish on the largest
    # instances): it starts just above the share every team already has (never below greedy's worst share)
    # and rises as the search lifts the worst-served teams; when the LP finishes, it rises to 0.9 x its bound.
    # Greedy's worst share is also a hard guarantee: no team falls below it (or below what it has).
    fairness = run.fairness = FairnessFloor(p, run.protect_share)
    search_state = SearchState(
        solution=dict(state.solution),
        weights=Weights(),
        sub_limit=0.5,
        weight_tolerance=run.weight_tolerance,
        keep=keep_units(p, run.protect_share),
        caps=fairness.caps,
    )
    run.method.append("lns")

    def on_iteration(s: SearchState) -> None:
        floor = fairness.update(s.solution, bounds.share)
        if floor is None:
            return
        s.floor = floor
        s.rescore(p)
        if "fairness" not in run.method:
            run.method.append("fairness")

    on_iteration(search_state)
    # Compact days from the start: a schedule compacted late loses little weight but a lot of search time.
    shaper = State(p)
    for i, (k, interp) in search_state.solution.items():
        shaper.place(i, k, interp)
    improve_shape(
        p,
        shaper,
        weights=Weights(),
        deadline=time.monotonic() + run.left() * 0.02,
        rng=rng,
        locked=run.locked,
    )
    search_state.rescore(p)
    if p.evaluate(shaper.solution, search_state.weights, search_state.floor or {}) >= search_state.value:
        search_state.solution = dict(shaper.solution)
    search_state.rescore(p)
    search(
        p,
        search_state,
        deadline=run.deadline - 0.1,
        rng=rng,
        on_iteration=on_iteration,
        locked=run.locked,
        required=run.required,
    )
    run.tell("compact days", search_state.solution)
    run.iterations = search_state.iterations
    run.heaviest_units = max(run.heaviest_units, search_state.best_weight)
    run.by_kind = {
        k: [int(v[0]), round(v[1], 1), int(v[2]), int(v[3])] for k, v in search_state.by_kind.items()
    }
    return search_state.solution


def _optimise(run: _Run, start: Solution, bounds: _Bounds) -> Solution:
    p = run.problem
    candidates = sum(len(p.feasible[i]) for i in range(len(p.requests)) if i not in run.locked)
    if candidates <= SMALL_MODEL:
        return _fill(p, _exact(run, start))
    return _fill(p, _large(run, start, bounds))


def _fill(problem: Problem, solution: Solution) -> Solution:
    """Add any request that still fits as it is (a search stopped by the clock may leave some)."""
    state = State(problem)
    for i, (k, interp) in solution.items():
        state.place(i, k, interp)
    return greedy_solution(problem, state=state)


def _schedule(run: _Run, solution: Solution, bounds: _Bounds, *, skip: set[int] | None = None) -> Schedule:
    p = run.problem
    inst = p.instance
    meetings = p.to_meetings(solution)
    violations = check_schedule(inst, meetings, include_mandatory=False)
    if violations:  # never hand out a schedule that breaks a hard rule
        bad = {m for v in violations for m in v.meetings}
        meetings = [m for m in meetings if m not in bad]
        solution = {i: v for i, v in solution.items() if p.to_meetings({i: v})[0] not in bad}
    # Everything that does not need the LP first; then the LP gets what is left of the caller's limit.
    metrics = schedule_metrics(inst, meetings)
    unscheduled = explain_unscheduled(p, solution, impossible=run.impossible, skip=skip)
    teams = team_summaries(inst, meetings)
    lp = bounds.wait(max(0.0, run.hard_deadline - time.monotonic() - _REPORT_SECONDS))
    bounds.stop()
    weight_bound = combinatorial_bound(p)
    share_bound = 1.0
    source = "combinatorial"
    if lp is not None:
        if lp.weight < weight_bound:
            weight_bound, source = lp.weight, "lp"
        share_bound = lp.min_share
    elif bounds.share is not None:  # the share LP finished, the weight LP did not
        share_bound = min(1.0, bounds.share + 1e-9)
    if run.proven_weight is not None:
        weight_bound = min(weight_bound, run.proven_weight)
    weight_bound = max(weight_bound, metrics.weight)
    # What the worst team could get alone also bounds the worst share (the only bound when the LP has not
    # finished).
    share_bound = min(share_bound, cheap_share_bound(p, team_caps(p)))
    share_bound = max(share_bound, metrics.min_share)
    missing_mandatory = [u for u in unscheduled if u.mandatory]
    if missing_mandatory:
        status = ScheduleStatus.INFEASIBLE
    elif metrics.weight >= weight_bound - 1e-9:
        status = ScheduleStatus.OPTIMAL
    else:
        status = ScheduleStatus.FEASIBLE
    gap = (weight_bound - metrics.weight) / weight_bound if weight_bound > 0 else 0.0
    stats: dict[str, Any] = {
        "weight": _num(metrics.weight),
        "weight_bound": _num(weight_bound),
        "gap": round(gap, 6),
        "min_share": round(metrics.min_share, 6),
        "min_share_bound": round(share_bound, 6),
        "min_share_gap": round((share_bound - metrics.min_share) / share_bound, 6)
        if share_bound > 0
        else 0.0,
        "idle_slots": metrics.idle_slots,
        "city_changes": metrics.city_changes,
        "meetings": metrics.meetings,
        "requests": len(p.requests),
        "mandatory_unplaced": len(missing_mandatory),
        "solve_seconds": round(time.monotonic() - run.started, 3),
        "method": "+".join(run.method) or "greedy",
        "lns_iterations": run.iterations,
        "lns_neighbourhoods": run.by_kind,
        "trace": run.trace,
        "bound_source": source,
        **_trade(run, metrics.weight),
    }
    return Schedule(
        status=status,
        objective=metrics.weight,
        bound=weight_bound,
        meetings=tuple(meetings),
        unscheduled=tuple(unscheduled),
        stats=stats,
        teams=teams,
    )


def _trade(run: _Run, weight: float) -> dict[str, Any]:
    """What the summary tells the organizer: the weight tolerance, what compact days and few city changes
    cost in placed weight, the fairness floor, and the greedy reference's figures to compare with."""
    p = run.problem
    out: dict[str, Any] = {
        "weight_tolerance": run.weight_tolerance,
        "heaviest_weight": _num(max(run.heaviest_units / p.weight_scale, weight)),
        "compactness_cost": _num(max(0.0, run.heaviest_units / p.weight_scale - weight)),
        "fairness_floor": None,
        "fairness_floor_source": None,
    }
    if run.fairness is not None and run.fairness.level is not None:
        out["fairness_floor"] = round(run.fairness.level, 6)
        out["fairness_floor_source"] = run.fairness.source
    if run.reference is not None:
        greedy = schedule_metrics(p.instance, p.to_meetings(run.reference))
        out["greedy"] = {
            "weight": _num(greedy.weight),
            "min_share": round(greedy.min_share, 6),
            "idle_slots": greedy.idle_slots,
            "city_changes": greedy.city_changes,
        }
    return out


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def _search_deadline(started: float, time_limit: float, requests: int) -> float:
    """Search stops a little before the caller's limit: reasons, metrics and the JSON take that long.

    That time grows with the instance (0.8 s for 8,600 requests on this machine), hence the reserve.
    """
    limit = max(0.5, time_limit)
    return started + limit - min(0.1 * limit, 0.6 + 1.5e-4 * requests)


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Callable[[str, float], None] | None = None,
    weight_tolerance: float = 0.0,
) -> Schedule:
    """Plan the delegation within `time_limit` seconds (wall clock); the result reports bound and gap.

    When mandatory meetings cannot all be placed, the status is "infeasible", `unscheduled` names them with
    reasons, and `meetings` still holds the best schedule of everything else.

    Weight first: the schedule places at least the greedy reference planner's weight, and compact days,
    few city changes and fairness cost at most `weight_tolerance` (a fraction) of the heaviest schedule the
    search found.
    """
    started = time.monotonic()
    problem = Problem(instance)
    run = _Run(problem, started, _search_deadline(started, time_limit, len(problem.requests)), seed, progress)
    run.hard_deadline = started + max(0.5, time_limit)
    run.weight_tolerance = max(0.0, weight_tolerance)
    run.tell("prepared")
    return _plan(run, {})


def _plan(run: _Run, base: Solution, *, skip: set[int] | None = None) -> Schedule:
    p = run.problem
    # The LP must stop a little early: HiGHS checks its clock (and a cancel) only between interior-point
    # iterations, which take over a second on the largest instances.
    lp_margin = min(2.5, max(0.3, 0.05 * (run.hard_deadline - run.started)))
    bounds = _Bounds(p, time_limit=max(1.0, run.hard_deadline - time.monotonic() - lp_margin))
    solution = _place_mandatory(run, base)
    run.tell("mandatory meetings")
    # Never below greedy: the reference planner's schedules (around the mandatory meetings, and, for a fresh
    # plan, exactly as `greedy_schedule` makes it) are incumbents the answer must match.
    around = greedy_solution(p, state=_state_of(p, solution))
    references = [around, greedy_solution(p)] if not base else [around]
    run.protect_share = max(worst_share(p, r) for r in references)
    run.reference = references[-1]
    solution = _heaviest(p, [best_fit_solution(p, state=_state_of(p, solution)), around])
    run.tell("greedy start", solution)
    if run.left() > 0.3:
        solution = _optimise(run, solution, bounds)
    solution = _guard(run, solution, references)
    run.tell("optimised")
    return _schedule(run, solution, bounds, skip=skip)


def _state_of(problem: Problem, solution: Solution) -> State:
    state = State(problem)
    for i, (k, interp) in solution.items():
        state.place(i, k, interp)
    return state


def greedy_schedule(instance: Instance) -> Schedule:
    """The reference planner's schedule (heaviest first, earliest slot), reported like `solve`'s."""
    started = time.monotonic()
    run = _Run(
        Problem(instance), started, started + 30.0, 0, None, method=["greedy"], hard_deadline=started + 30.0
    )
    solution = greedy_solution(run.problem)
    bounds = _Bounds(run.problem, time_limit=30.0)
    return _schedule(run, solution, bounds)


def repair(
    instance: Instance, previous: Schedule, *, time_limit: float = 30.0
) -> tuple[Schedule, RepairReport]:
    """Re-plan after changes: every previous meeting that is still valid stays exactly where it is.

    Cancelled requests, hosts that dropped out or became unavailable free their meetings; late requests and
    displaced meetings are placed around the kept ones. The report lists kept, moved, added and dropped.
    """
    started = time.monotonic()
    p = Problem(instance)
    run = _Run(p, started, _search_deadline(started, time_limit, len(p.requests)), 0, None)
    run.hard_deadline = started + max(0.5, time_limit)
    state = State(p)
    kept: list[Meeting] = []
    displaced: list[Meeting] = []
    dropped: list[Unscheduled] = []
    for m in sorted(previous.meetings, key=lambda m: (m.slot, m.delegate, m.host)):
        i = p.index.get(m.key)
        if i is None:
            if not instance.has_participant(m.delegate) or not instance.has_participant(m.host):
                who = m.host if not instance.has_participant(m.host) else m.delegate
                dropped.append(
                    Unscheduled.because(
                        m.delegate,
                        m.host,
                        Reason.CANCELLED,
                        Msg("{who} is no longer part of the delegation"),
                        who=who,
                    )
                )
            else:
                dropped.append(
                    Unscheduled.because(
                        m.delegate, m.host, Reason.CANCELLED, Msg("the request was cancelled")
                    )
                )
            continue
        k = p.slot_ids.index(m.slot) if instance.has_slot(m.slot) else -1
        ok = k in p.feasible[i] and m.venue == p.venue_of[i] and state.blocker(i, k) is None
        interp = m.interpreter
        if ok and p.needs_interpreter[i] is not None:
            options = p.interp_options.get((i, k), [])
            if interp not in options or (interp, k) in state.interp_busy:
                interp = state.free_interpreter(i, k)
            ok = interp is not None
        if ok:
            state.place(i, k, interp if p.needs_interpreter[i] is not None else None)
            kept.append(m)
        else:
            displaced.append(m)
    run.locked = set(state.solution)
    schedule = _plan(run, dict(state.solution))
    placed = {m.key: m for m in schedule.meetings}
    before = {m.key for m in previous.meetings}
    moved: list[tuple[Meeting, Meeting]] = []
    for m in displaced:
        if m.key in placed:
            moved.append((m, placed[m.key]))
        else:
            why = next(
                (u for u in schedule.unscheduled if u.delegate == m.delegate and u.host == m.host), None
            )
            dropped.append(
                why
                or Unscheduled.because(
                    m.delegate, m.host, Reason.NOT_PLACED, Msg("could not be placed again")
                )
            )
    added = [m for m in schedule.meetings if m.key not in before]
    stats = dict(schedule.stats)
    stats.update({"kept": len(kept), "moved": len(moved), "added": len(added), "dropped": len(dropped)})
    schedule = Schedule(
        schedule.status,
        schedule.objective,
        schedule.bound,
        schedule.meetings,
        schedule.unscheduled,
        stats,
        schedule.teams,
    )
    return schedule, RepairReport(tuple(kept), tuple(moved), tuple(added), tuple(dropped))


__all__ = ["RepairReport", "combinatorial_bound", "greedy_schedule", "repair", "solve"]
