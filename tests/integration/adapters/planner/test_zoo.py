"""The instance zoo: each family builds, at a tiny size, a valid instance of the shape it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kakehashi.adapters.planner.bounds import lp_bounds
from kakehashi.adapters.planner.greedy import greedy_solution
from kakehashi.adapters.planner.instance_codec import read_instance, write_instance
from kakehashi.adapters.planner.problem import Problem, State
from kakehashi.adapters.planner.zoo import FAMILIES, Family, family, write_family

pytestmark = pytest.mark.integration

TINY = 8  # teams


def _contention(fam: Family, seed: int, teams: int) -> float:
    problem = Problem(fam.instance(seed, teams=teams))
    return problem.weight(greedy_solution(problem)) / lp_bounds(problem, time_limit=30).weight


@pytest.mark.parametrize("fam", FAMILIES, ids=lambda f: f.name)
def test_family_builds_the_promised_shape(fam: Family) -> None:
    instance = fam.instance(1, teams=TINY)
    small = fam.scaled(TINY)
    assert len(instance.delegates) == TINY
    assert len(instance.hosts) == small.hosts
    assert len(instance.days) == fam.days
    assert len(instance.slots) == fam.days * fam.slots_per_day
    assert len({v.city for v in instance.venues}) <= fam.cities
    # The file round-trips through the codec, and the same seed gives the same instance.
    assert read_instance(write_instance(instance)) == instance
    assert fam.instance(1, teams=TINY) == instance
    assert fam.instance(2, teams=TINY) != instance
    # Every team asks within the family's range (or for every host, when there are fewer).
    low, high = fam.requests
    per_team = [sum(1 for r in instance.requests if r.delegate == d.id) for d in instance.delegates]
    assert all(min(low, small.hosts) <= n <= min(high, small.hosts) for n in per_team)
    # Breaks: the gap between two slots of a day is the family's break.
    first, second = instance.slots[0], instance.slots[1]
    assert second.start_minute - first.end_minute == fam.break_minutes
    # Mandatory meetings, when there are some, can all be placed together.
    problem = Problem(instance)
    state = State(problem)
    for i in (i for i, m in enumerate(problem.mandatory) if m):
        assert any(state.blocker(i, k) is None for k in problem.feasible[i])
        state.place(i, next(k for k in problem.feasible[i] if state.blocker(i, k) is None))


def test_families_differ_where_they_say() -> None:
    three = family("breaks-15").instance(1, teams=TINY)
    one = family("one-city").instance(1, teams=TINY)
    assert len({v.city for v in three.venues}) == 3
    assert len({v.city for v in one.venues}) == 1
    dense = family("dense-availability").instance(1, teams=TINY)
    sparse = family("sparse-availability").instance(1, teams=TINY)
    assert all(p.available is None for p in dense.participants)
    free = sum(len(p.available or ()) for p in sparse.participants)
    assert free < 0.7 * len(sparse.participants) * len(sparse.slots)
    scarce = family("interpreters-scarce").instance(1, teams=30)
    plentiful = family("interpreters-plentiful").instance(1, teams=30)
    assert len(scarce.interpreters) < len(plentiful.interpreters)
    assert sum(r.interpreter is not None for r in scarce.requests) > 0.2 * len(scarce.requests)
    many = family("many-mandatory").instance(1, teams=TINY)
    few = family("breaks-15").instance(1, teams=TINY)
    assert sum(r.mandatory for r in many.requests) > sum(r.mandatory for r in few.requests)
    assert sum(r.mandatory for r in many.requests) >= TINY


def test_contention_families_sit_where_they_promise() -> None:
    """Greedy weight / LP bound in a loose band at 12 teams: near the bound for low contention (0.96-0.97
    measured), well below it for high contention (0.77-0.81); at full size about 0.95 and 0.82."""
    low_family, high_family = family("low-contention"), family("high-contention")
    low = [_contention(low_family, seed, 12) for seed in (1, 2, 3)]
    high = [_contention(high_family, seed, 12) for seed in (1, 2, 3)]
    assert all(low_family.contention[0] <= c <= low_family.contention[1] for c in low)
    assert all(high_family.contention[0] <= c <= high_family.contention[1] for c in high)
    assert max(high) < min(low)


def test_write_family_writes_readable_files(tmp_path: Path) -> None:
    paths = write_family(family("teams-30"), [1, 2], tmp_path, teams=TINY)
    assert [p.name for p in paths] == ["teams-30-s1.json", "teams-30-s2.json"]
    instance = read_instance(json.loads(paths[0].read_text(encoding="utf-8")))
    assert instance == family("teams-30").instance(1, teams=TINY)
