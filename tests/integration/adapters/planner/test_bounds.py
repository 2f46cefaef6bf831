"""LP bounds with the travel cuts: tighter than the plain relaxation, never below a real schedule."""

from __future__ import annotations

import pytest

from kakehashi.adapters.planner import cpsat
from kakehashi.adapters.planner.bounds import lp_bounds
from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.problem import WEIGHT_ONLY, Problem
from kakehashi.adapters.planner.solver import solve
from kakehashi.domain.planning import Instance, instance_from_dict

from .conftest import delegate, host, instance_data, request, slot

pytestmark = pytest.mark.integration


def _two_cities_back_to_back() -> Instance:
    """One team, a host in Tel Aviv and one in Jerusalem, two slots 15 minutes apart, 60 minutes' drive."""
    return instance_from_dict(
        instance_data(
            slots=[slot("s1", "09:00", "09:30"), slot("s2", "09:45", "10:15")],
            venues=[
                {"id": "ta", "name": "Tel Aviv office", "capacity": 1, "city": "Tel Aviv"},
                {"id": "jm", "name": "Jerusalem office", "capacity": 1, "city": "Jerusalem"},
            ],
            travel=[{"from": "ta", "to": "jm", "minutes": 60}],
            participants=[delegate("t"), host("a", "ta"), host("b", "jm")],
            requests=[request("t", "a", 3), request("t", "b", 2)],
        )
    )


def _optimum(problem: Problem) -> tuple[float, bool]:
    """CP-SAT's best placed weight on the full model, and whether it is proven optimal."""
    sub = cpsat.build(
        problem,
        free=range(len(problem.requests)),
        solution={},
        weights=WEIGHT_ONLY,
        required=set(),
    )
    solver = cpsat.make_solver(20.0)
    status = solver.solve(sub.model)
    return solver.objective_value / problem.weight_scale, status == cpsat.cp_model.OPTIMAL


def test_lp_bounds_travel_between_cities_caps_a_team_day() -> None:
    problem = Problem(_two_cities_back_to_back())

    plain = lp_bounds(problem, strengthen=False)
    tight = lp_bounds(problem)

    # Plain: half a meeting in each city in each slot passes every pairwise travel row.
    assert (plain.weight, tight.weight) == (5.0, 3.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lp_bounds_strengthened_never_below_the_proven_optimum(seed: int) -> None:
    problem = Problem(generate_instance(8, 16, 1, seed=seed, slots_per_day=6))

    plain = lp_bounds(problem, strengthen=False)
    tight = lp_bounds(problem)
    optimum, proven = _optimum(problem)

    assert proven is True
    assert optimum <= tight.weight <= plain.weight
    assert tight.min_share <= plain.min_share


@pytest.mark.parametrize("seed", [4, 5])
def test_lp_bounds_strengthened_at_least_what_solve_places(seed: int) -> None:
    instance = generate_instance(10, 20, 1, seed=seed, slots_per_day=8)
    problem = Problem(instance)

    tight = lp_bounds(problem)
    schedule = solve(instance, time_limit=3, seed=seed)

    assert schedule.objective <= tight.weight
    assert schedule.stats["min_share"] <= tight.min_share
    assert schedule.objective <= schedule.bound
