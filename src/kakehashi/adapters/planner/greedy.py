"""Reference planner, as simple event tools do it: heaviest request first, earliest feasible slot."""

from __future__ import annotations

from kakehashi.adapters.planner.problem import Problem, Solution, State


def greedy_solution(problem: Problem, *, state: State | None = None) -> Solution:
    """Mandatory requests first, then by weight (heaviest first), each into its earliest feasible slot.

    `state` may already hold fixed meetings (re-planning); the remaining requests are added around them.
    """
    state = state or State(problem)
    order = sorted(
        (i for i in range(len(problem.requests)) if i not in state.solution),
        key=lambda i: (not problem.mandatory[i], -problem.units[i], i),
    )
    for i in order:
        for k in problem.feasible[i]:
            if state.blocker(i, k) is None:
                state.place(i, k)
                break
    return dict(state.solution)


def best_fit_solution(problem: Problem, *, state: State | None = None) -> Solution:
    """Like the reference, heaviest first, but into the slot that keeps the team's day compact and in one city.

    The solver's own start: earliest-slot placement scatters days and cities, which later search must undo.
    """
    state = state or State(problem)
    order = sorted(
        (i for i in range(len(problem.requests)) if i not in state.solution),
        key=lambda i: (not problem.mandatory[i], -problem.units[i], i),
    )
    for i in order:
        options = [k for k in problem.feasible[i] if state.blocker(i, k) is None]
        if options:
            state.place(i, min(options, key=lambda k: (state.shape_cost(i, k), k)))
    return dict(state.solution)
