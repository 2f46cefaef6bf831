"""Mission round trip at delegation scale: import, plan, repair, and every take-away export, timed.

    .venv/bin/python bench/bench_missions.py [--teams 60 --hosts 120 --days 4 --time-limit 20]

Prints a table and writes the `missions` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import markdown_table, write_section

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.schema import upgrade_to_head
from kakehashi.adapters.exports.agenda_html import master_grid_html, participant_agenda_html
from kakehashi.adapters.exports.agenda_ics import participant_agenda_ics
from kakehashi.adapters.exports.agenda_xlsx import master_grid_xlsx
from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import missions
from kakehashi.services.missions import SYSTEM
from kakehashi.settings import Settings

T = TypeVar("T")


def timed(rows: list[list[Any]], label: str, action: Callable[[], T], note: str = "") -> T:
    started = time.perf_counter()
    result = action()
    rows.append([label, f"{time.perf_counter() - started:.2f}", note])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--hosts", type=int, default=120)
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    data = generate_instance(args.teams, args.hosts, args.days, seed=args.seed).to_dict()
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        context = AppContext(settings=Settings(environment="test", database_url=url), database_url=url)
        mission_id = timed(
            rows, "import instance",
            lambda: missions.import_instance(context.uow(), viewer=SYSTEM, data=data),
            f"{len(data['requests'])} requests, {len(data['slots'])} slots",
        )  # fmt: skip
        solved = timed(
            rows, f"solve and store (limit {args.time_limit:g} s)",
            lambda: missions.solve_mission(
                context.uow(), viewer=SYSTEM, mission_id=mission_id, time_limit=args.time_limit
            ),
        )  # fmt: skip
        rows[-1][2] = (
            f"{solved.status}, {solved.meetings} meetings, weight {solved.objective:g}/{solved.bound:g}"
        )
        host = next(p["id"] for p in data["participants"] if p["role"] == "host")
        repaired = timed(
            rows, f"repair: one host drops out (limit {args.time_limit / 2:g} s)",
            lambda: missions.repair_mission(
                context.uow(), viewer=SYSTEM, mission_id=mission_id,
                changes=missions.RepairChanges(dropouts=(host,)),
                time_limit=args.time_limit / 2,
            ),
        )  # fmt: skip
        report = repaired.report
        rows[-1][2] = (
            f"kept {len(report.kept)}, moved {len(report.moved)}, added {len(report.added)}, "
            f"dropped {len(report.dropped)}"
        )
        plan = timed(
            rows,
            "load plan view",
            lambda: missions.plan_view(context.uow(), viewer=SYSTEM, mission_id=mission_id),
        )
        delegate = next(p["id"] for p in data["participants"] if p["role"] == "delegate")
        timed(rows, ".ics, one participant", lambda: participant_agenda_ics(plan, delegate))
        timed(
            rows, ".ics, every participant", lambda: [participant_agenda_ics(plan, k) for k in plan.participants],
            f"{len(plan.participants)} files",
        )  # fmt: skip
        workbook = timed(rows, "XLSX grid + per-participant sheets", lambda: master_grid_xlsx(plan))
        rows[-1][2] = f"{len(workbook) // 1024} KiB, {len(plan.participants) + 2} sheets"
        timed(rows, "printable grid page", lambda: master_grid_html(plan))
        timed(rows, "printable agenda page", lambda: participant_agenda_html(plan, delegate))
        timed(
            rows,
            "team summary (why not)",
            lambda: missions.team_summary(context.uow(), viewer=SYSTEM, mission_id=mission_id),
        )
        context.dispose()

    table = markdown_table(["step", "seconds", "result"], rows)
    print(table)
    if not args.no_write:
        command = (
            f".venv/bin/python bench/bench_missions.py --teams {args.teams} --hosts {args.hosts} "
            f"--days {args.days} --time-limit {args.time_limit:g}"
        )
        write_section(
            "missions",
            f"Mission round trip: {args.teams} teams, {args.hosts} hosts, {args.days} days (SQLite)",
            command,
            table,
        )


if __name__ == "__main__":
    main()
