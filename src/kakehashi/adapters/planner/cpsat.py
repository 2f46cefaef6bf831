"""CP-SAT model of the delegation schedule; each hard rule is added by the function that bears its name.

The same builder makes the full model (everything free) and the sub-models of large-neighbourhood search
(some requests free, every other meeting fixed and only reducing what is left: busy slots, room seats,
interpreters, meeting counts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kakehashi.adapters.planner.problem import Problem, Solution, Weights, day_shape, deep_need
from kakehashi.domain.planning import Rule

Var = cp_model.IntVar


@dataclass
class SubModel:
    """A CP-SAT model over the free requests, with its decision variables."""

    model: cp_model.CpModel
    x: dict[tuple[int, int], Var] = field(default_factory=dict)  # (request, slot) -> placed
    z: dict[tuple[int, int, str], Var] = field(default_factory=dict)  # (request, slot, interpreter)
    free: list[int] = field(default_factory=list)
    weight_terms: list[tuple[Var, int]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    mandatory_missing: list[int] = field(default_factory=list)  # mandatory requests with no candidate slot


@dataclass
class Fixed:
    """What the fixed meetings already use."""

    busy: dict[tuple[str, int], int] = field(default_factory=dict)  # (participant, slot) -> request
    venue_use: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    count: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    interp_busy: set[tuple[str, int]] = field(default_factory=set)
    delegate_day: dict[tuple[str, int], list[tuple[int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    got: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def of(cls, problem: Problem, solution: Solution, free: set[int]) -> Fixed:
        fixed = cls()
        for i, (k, interp) in solution.items():
            if i in free:
                continue
            d, h, v = problem.delegate_of[i], problem.host_of[i], problem.venue_of[i]
            fixed.busy[(d, k)] = i
            fixed.busy[(h, k)] = i
            fixed.venue_use[(v, k)] += 1
            fixed.count[d] += 1
            fixed.count[h] += 1
            fixed.delegate_day[(d, problem.day_of[k])].append((k, v))
            fixed.got[d] += problem.units[i]
            if interp is not None:
                fixed.interp_busy.add((interp, k))
        return fixed


def candidate_slots(problem: Problem, fixed: Fixed, i: int) -> list[int]:
    """Slots where request i could still go, given the fixed meetings (cheap pre-filter of the model)."""
    d, h, v = problem.delegate_of[i], problem.host_of[i], problem.venue_of[i]
    out = []
    for pid in (d, h):
        limit = problem.max_meetings.get(pid)
        if limit is not None and fixed.count[pid] >= limit:
            return []
    for k in problem.feasible[i]:
        if (d, k) in fixed.busy or (h, k) in fixed.busy:
            continue
        if fixed.venue_use[(v, k)] >= problem.capacity[v]:
            continue
        if any(
            not problem.travel_ok(k2, v2, k, v)
            for k2, v2 in fixed.delegate_day.get((d, problem.day_of[k]), ())
        ):
            continue
        if problem.needs_interpreter[i] is not None and not any(
            (iid, k) not in fixed.interp_busy for iid in problem.interp_options.get((i, k), [])
        ):
            continue
        out.append(k)
    return out


def _at_most(model: cp_model.CpModel, terms: list[Var], limit: int) -> None:
    if len(terms) > limit:
        if limit == 1:
            model.add_at_most_one(terms)
        else:
            model.add(sum(terms) <= limit)


def add_request_at_most_once(sub: SubModel, problem: Problem) -> None:
    """Each request is met at most once."""
    by_request: dict[int, list[Var]] = defaultdict(list)
    for (i, _k), var in sub.x.items():
        by_request[i].append(var)
    for terms in by_request.values():
        _at_most(sub.model, terms, 1)
    sub.rules.append(Rule.REQUEST_AT_MOST_ONCE)


def add_mandatory_placed(sub: SubModel, problem: Problem, required: set[int]) -> None:
    """Every mandatory request known to be placeable (`required`) is placed."""
    by_request: dict[int, list[Var]] = defaultdict(list)
    for (i, _k), var in sub.x.items():
        by_request[i].append(var)
    for i in sub.free:
        if i not in required:
            continue
        terms = by_request.get(i, [])
        if not terms:
            sub.mandatory_missing.append(i)
            sub.model.add_bool_or(
                []
            )  # cannot hold: the sub-model is infeasible, the caller keeps its schedule
        else:
            sub.model.add(sum(terms) == 1)
    sub.rules.append(Rule.MANDATORY_PLACED)


def add_one_meeting_per_participant_per_slot(sub: SubModel, problem: Problem) -> None:
    """Nobody is in two meetings at once."""
    groups: dict[tuple[str, int], list[Var]] = defaultdict(list)
    for (i, k), var in sub.x.items():
        groups[(problem.delegate_of[i], k)].append(var)
        groups[(problem.host_of[i], k)].append(var)
    for terms in groups.values():
        _at_most(sub.model, terms, 1)
    sub.rules.append(Rule.ONE_MEETING_PER_SLOT)


def add_venue_capacity(sub: SubModel, problem: Problem, fixed: Fixed) -> None:
    """At most `capacity` meetings at once in a venue (several hosts may share a hall)."""
    groups: dict[tuple[str, int], list[Var]] = defaultdict(list)
    for (i, k), var in sub.x.items():
        groups[(problem.venue_of[i], k)].append(var)
    for (v, k), terms in groups.items():
        _at_most(sub.model, terms, problem.capacity[v] - fixed.venue_use[(v, k)])
    sub.rules.append(Rule.VENUE_CAPACITY)


def add_max_meetings(sub: SubModel, problem: Problem, fixed: Fixed) -> None:
    """Nobody gets more meetings than their `max_meetings`."""
    groups: dict[str, list[Var]] = defaultdict(list)
    for (i, _k), var in sub.x.items():
        for pid in (problem.delegate_of[i], problem.host_of[i]):
            if pid in problem.max_meetings:
                groups[pid].append(var)
    for pid, terms in groups.items():
        _at_most(sub.model, terms, problem.max_meetings[pid] - fixed.count[pid])
    sub.rules.append(Rule.MAX_MEETINGS)


def add_travel_time(sub: SubModel, problem: Problem) -> None:
    """Between two meetings of a delegate's day, end(a) + travel(a, b) <= start(b).

    Per delegate, slot and travel class (venues that conflict alike, usually a city): being there in slot a
    excludes every class it cannot reach by slot b. Conflicts with fixed meetings were filtered earlier.
    """
    groups: dict[tuple[str, int, int], list[Var]] = defaultdict(list)
    slots_of: dict[str, set[int]] = defaultdict(set)
    for (i, k), var in sub.x.items():
        d = problem.delegate_of[i]
        groups[(d, k, problem.tclass[problem.venue_of[i]])].append(var)
        slots_of[d].add(k)
    for d, ks in slots_of.items():
        for a in ks:
            for b in problem.reach.get(a, ()):
                if b <= a or b not in ks:
                    continue
                for c1, reach in problem.conflicts[(a, b)].items():
                    first = groups.get((d, a, c1))
                    if not first:
                        continue
                    second = [var for c2 in reach for var in groups.get((d, b, c2), ())]
                    if second:
                        sub.model.add(sum(first) + sum(second) <= 1)
    sub.rules.append(Rule.TRAVEL_TIME)


def add_interpreter_capacity(sub: SubModel, problem: Problem, fixed: Fixed) -> None:
    """A meeting that needs an interpreter gets one who speaks the pair; one meeting per interpreter and slot."""
    per_interp: dict[tuple[str, int], list[Var]] = defaultdict(list)
    for (i, k), var in sub.x.items():
        if problem.needs_interpreter[i] is None:
            continue
        options = [iid for iid in problem.interp_options.get((i, k), []) if (iid, k) not in fixed.interp_busy]
        zs = []
        for iid in options:
            z = sub.model.new_bool_var(f"z{i}_{k}_{iid}")
            sub.z[(i, k, iid)] = z
            per_interp[(iid, k)].append(z)
            zs.append(z)
        sub.model.add(sum(zs) == var)
    for terms in per_interp.values():
        _at_most(sub.model, terms, 1)
    sub.rules.append(Rule.INTERPRETERS)


def add_objective(
    sub: SubModel,
    problem: Problem,
    fixed: Fixed,
    weights: Weights,
    floor: dict[str, int] | None,
    *,
    min_weight: int | None = None,
    team_min: dict[str, int] | None = None,
    share_weight: int = 0,
    shape: str = "exact",
) -> None:
    """Weight first (mandatory meetings above all), then the fairness floor, compact days, few cities.

    `team_min`: per team, the least weight (units) it must keep (never below greedy's worst share)."""
    model = sub.model
    terms: list[tuple[Var, int]] = []
    weight_expr = []
    for (i, _k), var in sub.x.items():
        coef = weights.weight * problem.units[i] + (weights.mandatory_bonus if problem.mandatory[i] else 0)
        terms.append((var, coef))
        weight_expr.append((var, problem.units[i]))
    sub.weight_terms = weight_expr
    if min_weight is not None:
        model.add(sum(c * v for v, c in weight_expr) >= min_weight)

    touched: dict[str, list[tuple[int, int, Var]]] = defaultdict(list)
    for (i, k), var in sub.x.items():
        touched[problem.delegate_of[i]].append((i, k, var))
    penalties: list[tuple[Var, int]] = []
    for d, items in touched.items():
        if team_min is not None and team_min.get(d, 0) > fixed.got[d]:
            model.add(sum(problem.units[i] * var for i, _k, var in items) >= team_min[d] - fixed.got[d])
        if floor is not None and floor.get(d, 0) > fixed.got[d] and weights.shortfall:
            need = floor[d] - fixed.got[d]
            got = sum(problem.units[i] * var for i, _k, var in items)
            short = model.new_int_var(0, need, f"short_{d}")
            model.add(short >= need - got)
            penalties.append((short, weights.shortfall))
            deep = deep_need(floor[d]) - fixed.got[d]
            if deep > 0 and weights.deep_shortfall:
                very_short = model.new_int_var(0, deep, f"deep_{d}")
                model.add(very_short >= deep - got)
                penalties.append((very_short, weights.deep_shortfall))
        if shape == "linear":
            _add_linear_shape(problem, fixed, d, items, weights, penalties)
            continue
        by_day: dict[int, dict[int, list[Var]]] = defaultdict(lambda: defaultdict(list))
        at: dict[int, dict[int, dict[str, list[Var]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for i, k, var in items:
            by_day[problem.day_of[k]][k].append(var)
            at[problem.day_of[k]][k][problem.place_of[problem.venue_of[i]]].append(var)
        for day, slot_vars in by_day.items():
            fixed_day = fixed.delegate_day.get((d, day), ())
            if weights.idle:
                fixed_slots = {k for k, _v in fixed_day}
                _add_idle(model, problem, day, slot_vars, fixed_slots, penalties, weights.idle, f"{d}_{day}")
            if weights.city:
                fixed_at = {k: problem.place_of[v] for k, v in fixed_day}
                _add_cities(model, problem, day, at[day], fixed_at, penalties, weights.city, f"{d}_{day}")
    if share_weight:
        terms.append((add_min_share(sub, problem, fixed, touched), share_weight))
    model.maximize(sum(c * v for v, c in terms) - sum(c * v for v, c in penalties))


def _add_linear_shape(
    problem: Problem,
    fixed: Fixed,
    d: str,
    items: list[tuple[int, int, Var]],
    weights: Weights,
    penalties: list[tuple[Var, int]],
) -> None:
    """Idle slots and city changes as the marginal cost of each meeting against the delegate's fixed day.

    Exact when the delegate ends up with at most one new meeting a day, which is the usual case in a time
    window (the slot's meetings and the left-out requests that fit it are free; those requests may go to
    any slot still open to them); cheap (no extra variables). Acceptance re-checks the true objective.
    """
    days: dict[int, tuple[list[tuple[int, str]], tuple[int, int]]] = {}  # day -> fixed meetings, their shape
    costs: dict[tuple[int, str], int] = {}  # (slot, place) -> marginal cost; many requests share one
    for i, k, var in items:
        day = problem.day_of[k]
        if day not in days:
            fixed_day = [(kk, problem.place_of[v]) for kk, v in fixed.delegate_day.get((d, day), ())]
            days[day] = (fixed_day, day_shape(fixed_day))
        fixed_day, (idle0, cities0) = days[day]
        if not fixed_day:
            continue  # a day's first place is free (see problem.day_shape)
        place = problem.place_of[problem.venue_of[i]]
        cost = costs.get((k, place))
        if cost is None:
            idle1, cities1 = day_shape([*fixed_day, (k, place)])
            cost = costs[(k, place)] = weights.idle * (idle1 - idle0) + weights.city * (cities1 - cities0)
        if cost:
            penalties.append((var, cost))


def add_min_share(
    sub: SubModel, problem: Problem, fixed: Fixed, touched: dict[str, list[tuple[int, int, Var]]]
) -> Var:
    """The worst-served team's share of its requested weight, in thousandths (for max-min fairness)."""
    m = sub.model.new_int_var(0, 1000, "min_share")
    for d, asked in problem.asked_units.items():
        if asked <= 0:
            continue
        got = fixed.got[d] + sum(problem.units[i] * var for i, _k, var in touched.get(d, []))
        sub.model.add(1000 * got >= asked * m)
    return m


def _add_cities(
    model: cp_model.CpModel,
    problem: Problem,
    day: int,
    at: dict[int, dict[str, list[Var]]],
    fixed_at: dict[int, str],
    penalties: list[tuple[Var, int]],
    coef: int,
    name: str,
) -> None:
    """The city cost of one team's day (see problem.day_shape): places visited after the first, plus
    back-to-back switches."""
    fixed_places = set(fixed_at.values())
    by_place: dict[str, list[Var]] = defaultdict(list)
    for by_p in at.values():
        for p, vars_ in by_p.items():
            by_place[p].extend(vars_)
    visited: list[Var] = []
    for p, vars_ in by_place.items():
        if p in fixed_places:
            continue  # this place is on the day's route anyway
        u = model.new_bool_var(f"city{name}_{p}")
        for var in vars_:
            model.add_implication(var, u)
        penalties.append((u, coef))
        visited.append(u)
    if not fixed_places and visited:
        # The first place of a day costs nothing: refund one place whenever the day has any meeting.
        opened = model.new_bool_var(f"first{name}")
        model.add(opened <= sum(visited))
        penalties.append((opened, -coef))

    def here(k: int) -> dict[str, Any]:
        if k in fixed_at:
            return {fixed_at[k]: 1}
        return {p: cp_model.LinearExpr.sum(vars_) for p, vars_ in at.get(k, {}).items()}

    slots = problem.day_slots[day]
    for j, (a, b) in enumerate(zip(slots, slots[1:], strict=False)):
        first, second = here(a), here(b)
        if not first or not second or (a in fixed_at and b in fixed_at):
            continue
        if len(set(first) | set(second)) < 2:
            continue
        switch = model.new_bool_var(f"sw{name}_{j}")
        busy_b = cp_model.LinearExpr.sum(list(second.values()))
        for p, now in first.items():
            model.add(switch >= now + busy_b - second.get(p, 0) - 1)
        penalties.append((switch, coef))


def _add_idle(
    model: cp_model.CpModel,
    problem: Problem,
    day: int,
    slot_vars: dict[int, list[Var]],
    fixed_slots: set[int],
    penalties: list[tuple[Var, int]],
    coef: int,
    name: str,
) -> None:
    """Idle slot k: the delegate meets someone before k and after k that day, but not in k."""
    ks = problem.day_slots[day]
    busy: list[Any] = []  # constants or linear sums
    for k in ks:
        if k in fixed_slots:
            busy.append(1)
        elif k in slot_vars:
            busy.append(cp_model.LinearExpr.sum(slot_vars[k]))
        else:
            busy.append(0)
    n = len(ks)
    before = [model.new_bool_var(f"b{name}_{j}") for j in range(n)]
    after = [model.new_bool_var(f"a{name}_{j}") for j in range(n)]
    for j in range(n):
        model.add(before[j] >= busy[j])
        model.add(after[j] >= busy[j])
        if j:
            model.add(before[j] >= before[j - 1])
            model.add(after[j - 1] >= after[j])
    for j in range(1, n - 1):
        if ks[j] in fixed_slots:
            continue
        idle = model.new_bool_var(f"i{name}_{j}")
        model.add(idle + busy[j] >= before[j - 1] + after[j + 1] - 1)
        penalties.append((idle, coef))


def build(
    problem: Problem,
    *,
    free: Iterable[int],
    solution: Solution,
    weights: Weights,
    floor: dict[str, int] | None = None,
    required: set[int] | None = None,
    min_weight: int | None = None,
    team_min: dict[str, int] | None = None,
    share_weight: int = 0,
    shape: str = "exact",
) -> SubModel:
    """The model over `free` requests, with every other meeting of `solution` fixed."""
    free_list = sorted(set(free))
    fixed = Fixed.of(problem, solution, set(free_list))
    sub = SubModel(cp_model.CpModel(), free=free_list)
    for i in free_list:
        for k in candidate_slots(problem, fixed, i):
            sub.x[(i, k)] = sub.model.new_bool_var(f"x{i}_{k}")
    add_request_at_most_once(sub, problem)
    add_mandatory_placed(sub, problem, required or set())
    add_one_meeting_per_participant_per_slot(sub, problem)
    add_venue_capacity(sub, problem, fixed)
    add_max_meetings(sub, problem, fixed)
    add_travel_time(sub, problem)
    add_interpreter_capacity(sub, problem, fixed)
    add_objective(
        sub,
        problem,
        fixed,
        weights,
        floor,
        min_weight=min_weight,
        team_min=team_min,
        share_weight=share_weight,
        shape=shape,
    )
    # Start from the current placements of the free requests (a complete hint: placed or not).
    for (i, k), var in sub.x.items():
        sub.model.add_hint(var, solution.get(i, (-1, None))[0] == k)
    for (i, k, iid), z in sub.z.items():
        sub.model.add_hint(z, solution.get(i, (-1, None)) == (k, iid))
    return sub


def read_solution(sub: SubModel, solver: cp_model.CpSolver) -> Solution:
    """The placements of the free requests in the solver's best solution."""
    out: Solution = {}
    for (i, k), var in sub.x.items():
        if solver.boolean_value(var):
            out[i] = (k, None)
    for (i, k, iid), z in sub.z.items():
        if solver.boolean_value(z) and out.get(i, (None, None))[0] == k:
            out[i] = (k, iid)
    return out


def make_solver(time_limit: float, *, seed: int = 0, workers: int = 2) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = False
    return solver
