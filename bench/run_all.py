"""Run every benchmark in turn (`make bench`); each script writes its own section of docs/benchmarks.md.

Usage: .venv/bin/python bench/run_all.py [--quick] [--only search planner ...] [--no-write]

The full run takes about an hour and a half on a 2-core machine (the planner solves 9 instances at 60 s each;
the planner zoo 14 families at 60 s each, plus a plain CP-SAT model of each for another 60 s).
`--quick` runs the same scripts at small sizes, to check they still work, and never rewrites
docs/benchmarks.md. A failing benchmark does not stop the others; the exit status is 1 if any failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name -> (script, full-run arguments, quick arguments)
BENCHMARKS: dict[str, tuple[str, list[str], list[str]]] = {
    "import": ("bench_import.py", [], ["--count", "2000", "--no-postgres"]),
    "search": ("bench_search.py", [], ["--sizes", "2000", "--queries", "32", "--no-quality"]),
    "planner": ("bench_planner.py", [], ["--seeds", "1", "--time-limit", "5", "--shapes", "30x60x2"]),
    "planner-zoo": ("bench_zoo.py", [], ["--quick"]),
    "identity": ("bench_identity.py", [], ["--size", "5000"]),
    "big-cells": ("bench_big_cell.py", [], ["--megabytes", "1", "--rows", "20"]),
    "insights": ("bench_insights.py", [], ["--rounds", "20000", "--repeat", "1", "--no-postgres"]),
    "missions": (
        "bench_missions.py",
        [],
        ["--teams", "10", "--hosts", "20", "--days", "2", "--time-limit", "5"],
    ),
    "search-page": ("bench_search_page.py", [], ["--companies", "300", "--queries", "4"]),
    # Needs PostgreSQL on 127.0.0.1; the full run loads 100,000 companies once (kept for later runs).
    "load": (
        "bench_load.py",
        [],
        [
            "--database",
            "kakehashi_load_smoke",
            "--data-dir",
            "/tmp/kakehashi_load_smoke",
            "--companies",
            "300",
        ]
        + ["--users", "4", "--stage-seconds", "30"],
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes; docs/benchmarks.md is left alone")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    failed: list[str] = []
    for name in args.only or list(BENCHMARKS):
        script, full, quick = BENCHMARKS[name]
        command = [sys.executable, str(ROOT / "bench" / script), *(quick if args.quick else full)]
        if args.quick or args.no_write:
            command.append("--no-write")
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, check=False)
        seconds = time.monotonic() - started
        print(f"=== {name}: {'ok' if result.returncode == 0 else 'FAILED'} in {seconds:.0f} s", flush=True)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
