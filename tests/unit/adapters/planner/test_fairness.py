"""How the fairness floor is set without a finished LP, raised, and what the search may accept (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from kakehashi.adapters.planner.fairness import (
    FairnessFloor,
    cheap_share_bound,
    keep_units,
    keeps_share,
    team_caps,
)
from kakehashi.adapters.planner.problem import Problem, Solution
from kakehashi.domain.planning import instance_from_dict

pytestmark = pytest.mark.unit


def _problem() -> Problem:
    """Team "a" asks 4 hosts over 2 slots (it can get at most 2 meetings), team "b" asks 2 hosts."""
    slots = [
        {"id": f"s{k}", "day": "2026-03-02", "start": f"0{k + 1}:00", "end": f"0{k + 1}:30"} for k in range(2)
    ]
    participants: list[dict[str, Any]] = [
        {"id": t, "name": t, "organization": t, "role": "delegate"} for t in ("a", "b")
    ] + [
        {"id": f"h{j}", "name": f"h{j}", "organization": "o", "role": "host", "venue": "v"} for j in range(6)
    ]
    requests = [{"delegate": "a", "host": f"h{j}", "weight": 1} for j in range(4)]
    requests += [{"delegate": "b", "host": f"h{j}", "weight": 1} for j in (4, 5)]
    data = {
        "name": "t",
        "slots": slots,
        "venues": [{"id": "v", "name": "v", "capacity": 9}],
        "travel": [],
        "participants": participants,
        "requests": requests,
    }
    return Problem(instance_from_dict(data))


def test_cheap_bound_is_the_worst_share_a_team_could_get_alone() -> None:
    problem = _problem()
    caps = team_caps(problem)

    assert caps == {"a": 2, "b": 2}
    assert cheap_share_bound(problem, caps) == 0.5


def test_floor_starts_above_what_every_team_has_and_never_below_greedy() -> None:
    problem = _problem()
    floor = FairnessFloor(problem, protect=0.25)  # target 0.9 x 0.5 = 0.45

    units = floor.update({0: (0, None), 4: (0, None)}, lp_share=None)  # a 1/4, b 1/2: achieved 0.25

    assert floor.level == pytest.approx(0.35) and floor.source == "incumbent"  # half way to 0.45
    assert units == {"a": 2, "b": 1}
    assert floor.update({0: (0, None), 4: (0, None)}, lp_share=None) is None  # not reached: unchanged


def test_floor_rises_when_the_lp_finishes() -> None:
    floor = FairnessFloor(_problem(), protect=0.0)
    floor.update({}, lp_share=None)

    floor.update({}, lp_share=0.5)

    assert floor.level == pytest.approx(0.45)
    assert floor.source == "lp"


def test_search_may_not_let_a_team_fall_below_greedys_share_nor_the_worst_share_drop_at_equal_weight() -> (
    None
):
    problem = _problem()
    keep = keep_units(problem, 0.25)  # a: 1 unit, b: 1 unit
    caps = team_caps(problem)
    current: Solution = {0: (0, None), 4: (0, None)}  # a 1, b 1

    assert not keeps_share(problem, keep, caps, current, {0: (0, None), 1: (1, None)})  # b drops to 0
    assert keeps_share(problem, keep, caps, current, {0: (0, None), 1: (1, None), 4: (0, None)})  # heavier
    # Same weight, a (2 of 4 asked) gives a meeting to b (1 of 2): the worst share of the teams that could
    # still get more drops from b's 1/2 to a's 1/4, although no team falls below greedy's 1/4.
    before: Solution = {0: (0, None), 1: (1, None), 4: (0, None)}
    after: Solution = {0: (0, None), 4: (0, None), 5: (1, None)}
    assert not keeps_share(problem, keep, caps, before, after)
    assert keeps_share(problem, keep, caps, after, before)
