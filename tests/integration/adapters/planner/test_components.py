"""The planner's parts: reference greedy, LP bounds, local search and the instance generator."""

from __future__ import annotations

import random
import time

import pytest

from kakehashi.adapters.planner.bounds import lp_bounds
from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.greedy import greedy_solution
from kakehashi.adapters.planner.local import improve_weight
from kakehashi.adapters.planner.problem import Problem, State
from kakehashi.adapters.planner.solver import combinatorial_bound, solve
from kakehashi.domain.planning import Instance, check_schedule, schedule_metrics

from .conftest import delegate, host, instance_data, request, slot

pytestmark = pytest.mark.integration


def test_greedy_heaviest_first_into_earliest_slot() -> None:
    instance = Instance.from_dict(
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
