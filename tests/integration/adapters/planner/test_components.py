"""The planner's parts: reference greedy, LP bounds, local search and the instance generator."""

from __future__ import annotations

import random
import time

import pytest

from kakehashi.adapters.planner.bounds import lp_bounds
from kakehashi.adapters.planner.cpsat import build, make_solver, read_solution
from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.greedy import greedy_solution
from kakehashi.adapters.planner.lns import fits, holes_neighbourhood
from kakehashi.adapters.planner.local import improve_weight
from kakehashi.adapters.planner.problem import Problem, State, Weights, day_shape
from kakehashi.adapters.planner.solver import combinatorial_bound, solve
from kakehashi.domain.planning import Instance, check_schedule, instance_from_dict, schedule_metrics

from .conftest import delegate, host, instance_data, request, slot

pytestmark = pytest.mark.integration


def test_greedy_heaviest_first_into_earliest_slot() -> None:
    instance = instance_from_dict(
        instance_data(
            slots=[slot("s1", "09:00", "09:30"), slot("s2", "09:45", "10:15")],
            participants=[delegate("a"), delegate("b"), host("h", "v1")],
            requests=[request("a", "h", 1), request("b", "h", 3)],
        )
    )
    problem = Problem(instance)

    meetings = problem.to_meetings(greedy_solution(problem))

    assert [(m.delegate, m.slot) for m in meetings] == [("b", "s1"), ("a", "s2")]


def test_lp_bounds_at_least_what_the_solver_proves() -> None:
    instance = generate_instance(6, 8, 1, seed=5, slots_per_day=5)
    problem = Problem(instance)

    bounds = lp_bounds(problem)
    schedule = solve(instance, time_limit=3)

    assert bounds.weight >= schedule.objective
    assert bounds.min_share >= schedule.stats["min_share"]
    assert combinatorial_bound(problem) >= schedule.objective


def test_local_search_keeps_rules_and_never_loses_weight() -> None:
    instance = generate_instance(20, 30, 1, seed=2)
    problem = Problem(instance)
    state = State(problem)
    greedy_solution(problem, state=state)
    before = problem.weight(state.solution)

    improve_weight(problem, state, deadline=time.monotonic() + 2.0, rng=random.Random(0))

    assert problem.weight(state.solution) >= before
    assert check_schedule(instance, problem.to_meetings(state.solution), include_mandatory=False) == []


def test_solver_beats_greedy_on_generated_instance() -> None:
    instance = generate_instance(15, 25, 1, seed=4)
    problem = Problem(instance)
    greedy = schedule_metrics(instance, problem.to_meetings(greedy_solution(problem)))

    schedule = solve(instance, time_limit=4)

    assert schedule.objective >= greedy.weight
    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []


def test_generator_same_seed_same_instance() -> None:
    first = generate_instance(10, 20, 2, seed=9)
    again = generate_instance(10, 20, 2, seed=9)

    assert first.to_dict() == again.to_dict()
    assert (len(first.delegates), len(first.hosts), len(first.days)) == (10, 20, 2)
    assert {v.city for v in first.venues} == {"Tel Aviv", "Jerusalem", "Haifa"}


def _two_city_day() -> Instance:
    """One team, two hosts in each of two cities, four back-to-back slots, travel short enough for any order."""
    return instance_from_dict(
        instance_data(
            slots=[slot(f"s{n}", f"{9 + n:02d}:00", f"{9 + n:02d}:30") for n in range(4)],
            venues=[
                {"id": "a1", "name": "A one", "capacity": 1, "city": "Tel Aviv"},
                {"id": "a2", "name": "A two", "capacity": 1, "city": "Tel Aviv"},
                {"id": "b1", "name": "B one", "capacity": 1, "city": "Herzliya"},
                {"id": "b2", "name": "B two", "capacity": 1, "city": "Herzliya"},
            ],
            travel=[
                {"from": x, "to": y, "minutes": 5 if x[0] == y[0] else 20}
                for n, x in enumerate(["a1", "a2", "b1", "b2"])
                for y in ["a1", "a2", "b1", "b2"][n + 1 :]
            ],
            participants=[
                delegate("t"),
                host("ha1", "a1"),
                host("ha2", "a2"),
                host("hb1", "b1"),
                host("hb2", "b2"),
            ],
            requests=[request("t", h) for h in ("ha1", "hb1", "ha2", "hb2")],
        )
    )


def test_day_shape_counts_a_zigzag_above_one_city_change() -> None:
    one_change = [(0, "Tel Aviv"), (1, "Tel Aviv"), (2, "Herzliya"), (3, "Herzliya")]
    zigzag = [(0, "Tel Aviv"), (1, "Herzliya"), (2, "Tel Aviv"), (3, "Herzliya")]

    assert day_shape(one_change) == (0, 2)  # a second place + one back-to-back switch
    assert day_shape(zigzag) == (0, 4)
    assert day_shape([(0, "Tel Aviv"), (3, "Tel Aviv")]) == (2, 0)  # one place: no city cost at all


def test_solver_visits_each_city_once_when_the_order_is_free() -> None:
    instance = _two_city_day()

    schedule = solve(instance, time_limit=5)

    assert len(schedule.meetings) == 4
    assert schedule.stats["city_changes"] == 1
    assert schedule.stats["idle_slots"] == 0


def test_a_result_computed_against_an_older_schedule_is_rechecked() -> None:
    instance = _two_city_day()
    problem = Problem(instance)
    ha1 = problem.index[("t", "ha1")]
    hb1 = problem.index[("t", "hb1")]
    base = {ha1: (0, None)}

    assert not fits(problem, base, {hb1: (0, None)})  # the team is already in a meeting at 10:00
    assert fits(problem, base, {hb1: (1, None)})


def test_a_gap_closes_when_the_host_in_the_way_shifts_too() -> None:
    """Team t meets h1 at 9:00 and h2 at 11:00; h2 sees team u at 10:00. Only moving u's meeting closes t's gap
    (and u's only meeting of the day is worth keeping: a day's first place costs nothing)."""
    instance = instance_from_dict(
        instance_data(
            slots=[slot(f"s{n}", f"{9 + n:02d}:00", f"{9 + n:02d}:30") for n in range(3)],
            venues=[
                {"id": "v1", "name": "Room 1", "capacity": 1, "city": "Tel Aviv"},
                {"id": "v2", "name": "Room 2", "capacity": 1, "city": "Tel Aviv"},
            ],
            participants=[
                delegate("t"),
                delegate("u", available=["s1", "s2"]),
                host("h1", "v1", available=["s0"]),
                host("h2", "v2"),
            ],
            requests=[request("t", "h1"), request("t", "h2"), request("u", "h2")],
        )
    )
    problem = Problem(instance)
    t_h1, t_h2, u_h2 = (problem.index[key] for key in (("t", "h1"), ("t", "h2"), ("u", "h2")))
    gappy = {t_h1: (0, None), u_h2: (1, None), t_h2: (2, None)}

    free = holes_neighbourhood(problem, gappy, random.Random(0))
    sub = build(problem, free=free, solution=gappy, weights=Weights())
    solver = make_solver(5.0)
    solver.solve(sub.model)
    better = {**{i: v for i, v in gappy.items() if i not in free}, **read_solution(sub, solver)}

    assert u_h2 in free  # the other team's meeting with the same host may move
    metrics = schedule_metrics(instance, problem.to_meetings(better))
    assert (metrics.meetings, metrics.idle_slots) == (3, 0)
    assert check_schedule(instance, problem.to_meetings(better), include_mandatory=False) == []


def test_shortfall_is_convex_so_the_worst_served_team_comes_first() -> None:
    """Two teams below their fairness floor: the same weight split evenly scores above one team left empty."""
    instance = instance_from_dict(
        instance_data(
            slots=[slot("s0", "09:00", "09:30"), slot("s1", "10:00", "10:30")],
            venues=[
                {"id": "v1", "name": "Room 1", "capacity": 1, "city": "Tel Aviv"},
                {"id": "v2", "name": "Room 2", "capacity": 1, "city": "Tel Aviv"},
            ],
            participants=[delegate("a"), delegate("b"), host("h1", "v1"), host("h2", "v2")],
            requests=[request(d, h, 5) for d in ("a", "b") for h in ("h1", "h2")],
        )
    )
    problem = Problem(instance)
    ix = problem.index
    one_team_served = {ix[("a", "h1")]: (0, None), ix[("a", "h2")]: (1, None)}
    both_served = {ix[("a", "h1")]: (0, None), ix[("b", "h2")]: (0, None)}
    floor = {"a": 10, "b": 10}

    assert problem.weight(one_team_served) == problem.weight(both_served)
    assert problem.evaluate(both_served, Weights(), floor) > problem.evaluate(
        one_team_served, Weights(), floor
    )


def test_an_unfinished_share_lp_sets_no_fairness_floor() -> None:
    """The solver's fairness floor comes from the max-min share LP: a timed-out LP must not hand it 1.0."""
    problem = Problem(generate_instance(6, 8, 1, seed=5, slots_per_day=5))
    floors: list[float] = []

    lp_bounds(problem, time_limit=0.0, on_share=floors.append)
    assert floors == []

    lp_bounds(problem, on_share=floors.append)
    assert len(floors) == 1 and 0 < floors[0] <= 1
