"""Fairness without a finished bound (issue 14): the large-instance search sets its fairness floor from what it
knows (greedy's worst share, the share every team already has) when the max-min share LP does not finish,
and the answer's worst-served team never gets a smaller share than under the greedy reference planner.

The instances are small; `SMALL_MODEL` is set to 0 so that they go through the large-instance pipeline.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kakehashi.adapters.planner import solver as planner
from kakehashi.adapters.planner.bounds import LpBounds, LpControl, lp_bounds
from kakehashi.adapters.planner.problem import Problem
from kakehashi.adapters.planner.solver import greedy_schedule, solve
from kakehashi.domain.planning import Instance, check_schedule, instance_from_dict, min_share

from .conftest import delegate, host, instance_data, request, slot
from .test_weight_first import gappy_day, low_contention

pytestmark = pytest.mark.integration

CONTESTED = 3


def contested_day() -> Instance:
    """Team "a" meets its own hosts at 9:00, 11:00 and 13:00 and asks the three hosts free only at 10:00,
    12:00 and 14:00, each of which is also the only request of a small team "b<j>".

    Greedy (request order breaks the tie) gives all three to "a": a compact day for "a", nothing for the
    small teams (worst share 0). The same weight can go to the small teams instead (worst share 1/2, "a"'s);
    only a fairness floor makes the search pay for the gaps that leaves in "a"'s day.
    """
    times = ["09", "10", "11", "12", "13", "14"]
    slots = [slot(f"s{n}", f"{t}:00", f"{t}:30") for n, t in enumerate(times)]
    participants: list[dict[str, Any]] = [delegate("a")]
    requests: list[dict[str, Any]] = []
    for j in range(CONTESTED):
        participants += [
            host(f"own{j}", "v1", available=[f"s{2 * j}"]),
            host(f"c{j}", "v1", available=[f"s{2 * j + 1}"]),
        ]
        requests += [request("a", f"own{j}"), request("a", f"c{j}")]
    for j in range(CONTESTED):
        participants.append(delegate(f"b{j}"))
        requests.append(request(f"b{j}", f"c{j}"))
    venues = [{"id": "v1", "name": "Hall", "capacity": 20}]
    return instance_from_dict(
        instance_data(slots=slots, participants=participants, requests=requests, venues=venues)
    )


@pytest.fixture
def large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner, "SMALL_MODEL", 0)


@pytest.fixture
def no_lp_time(monkeypatch: pytest.MonkeyPatch) -> list[LpBounds]:
    """The LP bounds get no time at all: neither the share bound nor the weight bound ever finishes."""
    results: list[LpBounds] = []

    def starved(problem: Problem, **kwargs: Any) -> LpBounds:
        kwargs["control"] = LpControl(time.monotonic())
        result = lp_bounds(problem, **kwargs)
        results.append(result)
        return result

    monkeypatch.setattr(planner, "lp_bounds", starved)
    return results


@pytest.mark.usefixtures("large_path")
def test_fairness_floor_is_set_when_the_share_lp_gets_no_time(no_lp_time: list[LpBounds]) -> None:
    instance = contested_day()
    schedule = solve(instance, time_limit=3.0)

    assert no_lp_time and no_lp_time[0].share_solution == {}  # the LP really was starved
    assert schedule.stats["bound_source"] == "combinatorial"
    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    assert schedule.stats["fairness_floor"] is not None
    assert schedule.stats["fairness_floor_source"] != "lp"
    # The small teams get their meeting; "a" keeps its own three: no weight is lost to fairness.
    assert greedy_schedule(instance).stats["min_share"] == 0
    assert (schedule.objective, schedule.stats["min_share"]) == (6, 0.5)


@pytest.mark.usefixtures("large_path", "no_lp_time")
@pytest.mark.parametrize("seed", [0, 1])
def test_worst_share_never_below_greedy_without_lp(seed: int) -> None:
    instance = low_contention(seed)
    greedy = greedy_schedule(instance)
    schedule = solve(instance, time_limit=3.0)

    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    assert schedule.objective >= greedy.objective
    assert min_share(instance, list(schedule.meetings)) >= min_share(instance, list(greedy.meetings))
    assert schedule.stats["greedy"]["min_share"] == greedy.stats["min_share"]


@pytest.mark.usefixtures("large_path")
@pytest.mark.parametrize("make", [contested_day, lambda: gappy_day(teams=4), lambda: low_contention(3)])
def test_worst_share_never_below_greedy(make: Any) -> None:
    instance = make()
    greedy = greedy_schedule(instance)
    schedule = solve(instance, time_limit=3.0)

    assert schedule.objective >= greedy.objective
    assert schedule.stats["min_share"] >= greedy.stats["min_share"]


def test_exact_path_also_never_below_greedy_on_worst_share() -> None:
    instance = contested_day()
    schedule = solve(instance, time_limit=3.0)

    assert (schedule.objective, schedule.stats["min_share"]) == (6, 0.5)


@pytest.mark.usefixtures("large_path")
def test_default_settings_report_that_compact_days_cost_no_weight() -> None:
    instance = gappy_day(teams=4)
    schedule = solve(instance, time_limit=2.0)

    assert schedule.stats["weight_tolerance"] == 0
    assert schedule.stats["compactness_cost"] == 0
    assert schedule.stats["heaviest_weight"] == schedule.objective


@pytest.mark.usefixtures("large_path")
def test_a_weight_tolerance_lets_compact_days_cost_at_most_that_and_says_how_much() -> None:
    instance = low_contention(1)
    schedule = solve(instance, time_limit=2.0, weight_tolerance=0.1)
    stats = schedule.stats

    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    assert stats["weight_tolerance"] == 0.1
    assert schedule.objective >= 0.9 * stats["heaviest_weight"]
    assert stats["compactness_cost"] == stats["heaviest_weight"] - schedule.objective
