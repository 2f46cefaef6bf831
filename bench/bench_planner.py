"""Delegation planner benchmark: CP-SAT planner vs the greedy reference and the LP upper bounds.

Targets (issue "Delegation planner", within 60 s on a 2-core machine):
  weight >= 0.97 x LP bound; worst-served share >= 0.8 x max-min share LP bound and >= greedy's;
  idle slots <= 0.5 x greedy's; city changes <= 0.6 x greedy's.

Usage: .venv/bin/python bench/bench_planner.py [--seeds 1 2 3] [--time-limit 60] [--shapes 90x220x3 150x300x2]
       [--plain-seeds 1]

A shape may end in `b<minutes>` (e.g. 150x300x2b60) to change the break between slots: the default 15-minute
break makes most city changes cost idle slots; a 60-minute break lets a team reach Jerusalem from Tel Aviv
between two meetings, which loosens the travel rules and tightens the LP bound.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import markdown_table, write_section

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.greedy import greedy_solution
from kakehashi.adapters.planner.problem import Problem
from kakehashi.adapters.planner.solver import solve
from kakehashi.domain.planning import check_schedule, schedule_metrics

TARGETS = (
    "Targets: weight >= 0.97 x LP bound; min share >= 0.8 x max-min LP bound and >= greedy's; "
    "idle slots <= 0.5 x greedy's; city changes <= 0.6 x greedy's; within the time limit."
)


def parse_shape(text: str) -> tuple[int, int, int, int]:
    """`150x300x2` or `150x300x2b60` -> (teams, hosts, days, break minutes)."""
    size, _, brk = text.partition("b")
    teams, hosts, days = (int(x) for x in size.split("x"))
    return teams, hosts, days, int(brk) if brk else 15


def solve_whole(
    problem: Problem, start: dict[int, tuple[int, str | None]], time_limit: float
) -> tuple[float, float]:
    """One time-indexed CP-SAT model of the whole instance (weight only) from a hint: (best, proven bound)."""
    from kakehashi.adapters.planner import cpsat
    from kakehashi.adapters.planner.problem import WEIGHT_ONLY

    sub = cpsat.build(
        problem,
        free=range(len(problem.requests)),
        solution=start,
        weights=WEIGHT_ONLY,
        required={i for i in start if problem.mandatory[i]},
    )
    solver = cpsat.make_solver(time_limit)
    solver.solve(sub.model)
    return solver.objective_value, solver.best_objective_bound


def plain_cpsat(shape_text: str, seed: int, time_limit: float, bound: float) -> float:
    """The issue's baseline: the whole instance in one CP-SAT model from the greedy schedule."""
    teams, hosts, days, brk = parse_shape(shape_text)
    problem = Problem(generate_instance(teams, hosts, days, seed=seed, break_minutes=brk))
    best, _proof = solve_whole(problem, greedy_solution(problem), time_limit)
    return best / problem.weight_scale / bound


def run(shape_text: str, seed: int, time_limit: float) -> tuple[list[object], float, float]:
    """One benchmark row, the LP weight bound and the planner's weight / bound."""
    teams, hosts, days, brk = parse_shape(shape_text)
    instance = generate_instance(teams, hosts, days, seed=seed, break_minutes=brk)
    problem = Problem(instance)
    greedy = schedule_metrics(instance, problem.to_meetings(greedy_solution(problem)))
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    schedule = solve(instance, time_limit=time_limit, seed=seed)
    wall = time.monotonic() - started
    load_after = os.getloadavg()[0]
    s = schedule.stats
    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    share_ratio = s["min_share"] / s["min_share_bound"] if s["min_share_bound"] else 1.0
    return (
        [
            shape_text,
            seed,
            len(instance.requests),
            f"{s['weight']} / {s['weight_bound']} = **{s['weight'] / s['weight_bound']:.3f}**",
            f"{greedy.weight / s['weight_bound']:.3f}",
            f"{s['min_share']:.3f} / {s['min_share_bound']:.3f} = **{share_ratio:.2f}**",
            f"{greedy.min_share:.3f}",
            f"{s['idle_slots']} / {greedy.idle_slots} = **{s['idle_slots'] / max(1, greedy.idle_slots):.2f}**",
            f"{s['city_changes']} / {greedy.city_changes} = **{s['city_changes'] / max(1, greedy.city_changes):.2f}**",
            f"{wall:.1f}",
            f"{(load_before + load_after) / 2:.1f}",
            s["method"],
        ],
        float(s["weight_bound"]),
        s["weight"] / s["weight_bound"],
    )


def lp_tightness(time_limit: float) -> str:
    """How far the best possible schedule can be below the LP bound: CP-SAT proves an upper bound on a
    small instance of the same generator (the LP is loose mostly because of travel between cities)."""
    from kakehashi.adapters.planner.bounds import lp_bounds
    from kakehashi.adapters.planner.greedy import best_fit_solution

    instance = generate_instance(40, 80, 1, seed=1)
    problem = Problem(instance)
    lp = lp_bounds(problem).weight
    best, proof = solve_whole(problem, best_fit_solution(problem), time_limit)
    return (
        f"LP tightness on a small instance of the same generator (40 teams x 80 hosts x 1 day, "
        f"CP-SAT {time_limit:g} s on the full model): LP bound {lp:g}; CP-SAT best {best:g} "
        f"(= {best / lp:.3f} x LP); CP-SAT proves no schedule exceeds {proof:g} (= **{proof / lp:.3f} x LP**). "
        "So on these instances even the optimum is several percent below the LP bound; the weight column "
        "compares with the LP bound, which is what the planner reports as `bound`."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--shapes", nargs="+", default=["90x220x3", "150x300x2", "150x300x2b60"])
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument(
        "--tightness", type=float, default=60.0, help="seconds for the LP tightness check (0: skip)"
    )
    parser.add_argument(
        "--plain-seeds", type=int, nargs="*", default=[1], help="seeds also solved by one plain CP-SAT model"
    )
    args = parser.parse_args()
    headers = [
        "shape (teams x hosts x days)",
        "seed",
        "requests",
        "weight / LP bound",
        "greedy weight / bound",
        "min share / max-min bound",
        "greedy min share",
        "idle slots / greedy",
        "city changes / greedy",
        "wall s",
        "load avg",
        "method",
    ]
    rows = []
    plain_rows = []
    for shape_text in args.shapes:
        for seed in args.seeds:
            row, bound, ratio_ours = run(shape_text, seed, args.time_limit)
            rows.append(row)
            print(" | ".join(str(c) for c in row), flush=True)
            if seed in args.plain_seeds:
                ratio = plain_cpsat(shape_text, seed, args.time_limit, bound)
                plain_rows.append([shape_text, seed, f"{ratio:.3f}", f"{ratio_ours:.3f}"])
                print("plain CP-SAT", plain_rows[-1], flush=True)
    table = markdown_table(headers, rows)
    if plain_rows:
        table += (
            f"\n\nBaseline from the issue, on the same instances: one plain time-indexed CP-SAT model of the "
            f"whole instance (weight only, 2 workers, greedy hint) for the same {args.time_limit:g} s, "
            "compared with the same LP bound:\n\n"
            + markdown_table(
                ["shape", "seed", "plain CP-SAT weight / LP bound", "planner weight / LP bound"], plain_rows
            )
        )
    print()
    print(table)
    tightness = lp_tightness(args.tightness) if args.tightness > 0 else ""
    print(tightness)
    if args.no_write:
        return
    body = (
        f"{TARGETS}\n\n"
        "Instances from `kakehashi.adapters.planner.generator.generate_instance` (three cities, Zipf-popular hosts, "
        "partial availability, shared halls, some mandatory meetings). Greedy = heaviest request first, "
        "earliest feasible slot. Bounds: HiGHS LP relaxations (max weight; max-min share). `load avg` is the "
        "machine's 1-minute load during the run: the 2 cores were shared with other work, so the planner had "
        "less than 2 cores of CPU time when the load exceeds 2. "
        "A shape ending in `b60` has 60-minute breaks between slots instead of 15: a team can then go from Tel "
        "Aviv to Jerusalem between two meetings, so travel forces fewer idle slots and the LP bound is much "
        "tighter. That is closer to the instances the issue describes (a plain CP-SAT model reaching 0.95 of "
        "the bound in 60 s); with 15-minute breaks even plain CP-SAT stays at 0.90-0.92 of the LP bound, which is loose there (see the tightness line below).\n\n"
        f"{table}\n\n{tightness}\n"
    )
    command = "python bench/bench_planner.py " + " ".join(sys.argv[1:])
    write_section("planner", f"Delegation planner ({args.time_limit:g} s time limit)", command.strip(), body)


if __name__ == "__main__":
    main()
