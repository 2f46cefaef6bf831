"""The fairness floor of the large-instance search, set from what is known rather than from a bound finishing.

Fairness is judged by the worst-served team's share of the weight it asked for. The search lifts the teams
below a floor (a convex shortfall penalty in its objective, see `problem.Problem.evaluate`); the floor is

- never below the greedy reference planner's worst share, which the search also keeps as a hard guarantee:
  no accepted schedule lets a team fall below min(what it has, greedy's worst share of what it asked);
- raised step by step from the share the incumbent already gives every team (half the way to the target
  each time every team reaches the floor), up to `FAIRNESS_TARGET` x a cheap bound (the worst team's
  share if it were alone: its heaviest feasible requests, one per slot);
- raised to `FAIRNESS_TARGET` x the max-min share LP bound as soon as that LP finishes.

The max-min share LP may not finish within the limit on the largest instances (150 teams x 300 hosts x 2
days): before 2026-12 no floor was set at all then, and the worst-served team got 0.12-0.42 of its bound.
"""

from __future__ import annotations

import math
from collections import defaultdict

from kakehashi.adapters.planner.problem import Problem, Solution

FAIRNESS_TARGET = 0.9  # fraction of the best known bound on the worst share that every team is pushed to
# While no LP bound is known, the floor is raised above the share every team already has by half the way to
# the target, and at least by STEP.
STEP = 0.05


def team_caps(problem: Problem) -> dict[str, int]:
    """Per team: the weight (units) it could place alone, its heaviest feasible requests, one per slot."""
    caps: dict[str, int] = {}
    for d, reqs in problem.by_delegate.items():
        usable = sorted((problem.units[i] for i in reqs if problem.feasible[i]), reverse=True)
        room = len({k for i in reqs for k in problem.feasible[i]})
        limit = problem.max_meetings.get(d)
        if limit is not None:
            room = min(room, limit)
        caps[d] = sum(usable[:room])
    return caps


def cheap_share_bound(problem: Problem, caps: dict[str, int]) -> float:
    """An upper bound on the worst share any schedule can give: the worst team's share alone."""
    shares = [caps.get(d, 0) / asked for d, asked in problem.asked_units.items() if asked > 0]
    return min(shares, default=1.0)


def got_units(problem: Problem, solution: Solution) -> dict[str, int]:
    got: dict[str, int] = defaultdict(int)
    for i in solution:
        got[problem.delegate_of[i]] += problem.units[i]
    return got


def worst_share(problem: Problem, solution: Solution) -> float:
    """The worst-served team's share of what it asked (as `domain.planning.min_share` counts it)."""
    got = got_units(problem, solution)
    shares = [got.get(d, 0) / asked for d, asked in problem.asked_units.items() if asked > 0]
    return min(shares, default=1.0)


def keep_units(problem: Problem, share: float) -> dict[str, int]:
    """Per team: the units that reach `share` of what it asked (a team at or above them must stay there)."""
    return {d: math.ceil(share * asked - 1e-9) for d, asked in problem.asked_units.items() if asked > 0}


def keeps_share(
    problem: Problem, keep: dict[str, int], caps: dict[str, int], current: Solution, candidate: Solution
) -> bool:
    """Whether the search may move from `current` to `candidate`, fairness-wise: no team falls below
    min(what it has, its `keep` units), and at no more weight the worst share does not drop (weight first,
    then fairness: a floor raised past what is possible must not let the search trade the worst-served
    team's meetings for another's)."""
    now, then = got_units(problem, current), got_units(problem, candidate)
    if any(then.get(d, 0) < min(now.get(d, 0), need) for d, need in keep.items()):
        return False
    if sum(then.values()) > sum(now.values()):
        return True
    return reachable_share(problem, caps, then) >= reachable_share(problem, caps, now) - 1e-12


def reachable_share(problem: Problem, caps: dict[str, int], got: dict[str, int]) -> float:
    """The worst share among the teams that could still get more (a team with nothing it can get, or all
    of it, does not hold the others back)."""
    shares = [
        got.get(d, 0) / asked
        for d, asked in problem.asked_units.items()
        if asked > 0 and got.get(d, 0) < caps.get(d, 0)
    ]
    return min(shares, default=1.0)


class FairnessFloor:
    """The floor the search lifts teams to, and where it came from ("greedy", "incumbent" or "lp")."""

    def __init__(self, problem: Problem, protect: float) -> None:
        self.problem = problem
        self.caps = team_caps(problem)
        self.protect = protect  # greedy's worst share: the floor never goes below it
        self.target = FAIRNESS_TARGET * cheap_share_bound(problem, self.caps)
        self.level: float | None = None
        self.source = "greedy"
        self.lp: float | None = None

    def achieved(self, solution: Solution) -> float:
        """The largest share s such that every team has s of what it asked or all it could get alone."""
        return reachable_share(self.problem, self.caps, got_units(self.problem, solution))

    def update(self, solution: Solution, lp_share: float | None) -> dict[str, int] | None:
        """The new floor (units per team) when it changes, else None."""
        before = self.level
        if lp_share is not None and self.lp is None:
            self.lp = lp_share
            self.target = FAIRNESS_TARGET * lp_share
            if self.level is None or self.level < self.target:
                self.level = max(self.protect, self.target)
        if self.level is None or (self.level < self.target and self.achieved(solution) >= self.level - 1e-9):
            achieved = self.achieved(solution)
            raised = min(self.target, achieved + max(STEP, (self.target - achieved) / 2))
            self.level = max(self.protect, raised, self.level or 0.0)
        if self.level == before:
            return None
        if self.lp is not None:
            self.source = "lp"
        elif self.level > self.protect:
            self.source = "incumbent"
        return self.units()

    def units(self) -> dict[str, int]:
        level = self.level or 0.0
        return {
            d: min(math.ceil(level * asked - 1e-9), self.caps.get(d, 0))
            for d, asked in self.problem.asked_units.items()
        }


__all__ = [
    "FAIRNESS_TARGET",
    "FairnessFloor",
    "cheap_share_bound",
    "got_units",
    "keep_units",
    "keeps_share",
    "team_caps",
    "worst_share",
]
