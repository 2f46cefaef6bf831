"""Big cells: peak memory of importing (and indexing) a file whose cells hold megabytes of text.

Each case runs in its own subprocess (peak RSS from getrusage is that import's alone, the search index and
the sentence encoder included) on a fresh SQLite database. Prints a table and writes the "big-cells" section
of docs/benchmarks.md.

    .venv/bin/python bench/bench_big_cell.py [--megabytes 5] [--rows 200] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

HEADER = "name,description,description_ja,tags,founded\n"


def write_file(path: Path, *, case: str, megabytes: int, rows: int) -> None:
    size = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            out.write(f"Company {n},Sensors for water pipes number {n},,water,2019\n")
        if case == "5 MB English description":
            out.write('Huge Ltd,"Quantum pipeline sensors. ' + "lorem ipsum " * (size // 12) + '",,,2019\n')
        elif case == "5 MB Japanese description":
            out.write(
                '巨大株式会社,,"量子センサーで配管を監視する。'
                + "配管の漏水を検知します。" * (size // 36)
                + '",,2019\n'
            )
        elif case == "5 MB without spaces":
            out.write("Blob Ltd," + "x" * size + ",,,2019\n")
        elif case == "5 MB of tags":
            out.write('Tags Ltd,,,"' + ", ".join(f"tag{n}" for n in range(size // 9)) + '",2019\n')


def child(file: Path, data_dir: Path) -> None:
    from kakehashi.entrypoints.context import AppContext
    from kakehashi.settings import Settings

    context = AppContext(Settings(environment="test", data_dir=data_dir))
    context.upgrade_schema()
    start = time.perf_counter()
    from kakehashi.services.catalog import import_companies_file

    report = import_companies_file(context.uow(), path=file, after_commit=context.catalog_changed)
    seconds = time.perf_counter() - start
    context.dispose()
    print(json.dumps({
        "created": report.created,
        "rejected": report.rejected,
        "warnings": len(report.warnings),
        "index_updated": report.index_error is None,
        "seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=5)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    cases = ["no big cell", "5 MB English description", "5 MB Japanese description", "5 MB without spaces",
             "5 MB of tags"]  # fmt: skip
    print(
        f"{'case':28} {'file MB':>8} {'created':>8} {'warnings':>9} {'index ok':>9} {'seconds':>8} {'peak RSS MB':>12}"
    )
    table: list[list[object]] = []
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "companies.csv"
            write_file(file, case=case, megabytes=args.megabytes, rows=args.rows)
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(file), str(Path(tmp) / "data")],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{case:28} {file.stat().st_size / 2**20:8.1f} {result['created']:8d} {result['warnings']:9d} "
                f"{str(result['index_updated']):>9} {result['seconds']:8.1f} {result['peak_rss_mb']:12.0f}"
            )
            table.append(
                [case, f"{file.stat().st_size / 2**20:.1f}", result["created"], result["warnings"],
                 result["index_updated"], f"{result['seconds']:.1f}", f"{result['peak_rss_mb']:.0f}"]
            )  # fmt: skip
    if not args.no_write:
        from bench.report import markdown_table, write_section

        headers = ["case", "file MB", "companies", "warnings", "index in step", "seconds", "peak RSS MB"]
        write_section(
            "big-cells",
            f"Big cells: a {args.megabytes} MB cell in a {args.rows}-row file (SQLite, import + index)",
            f".venv/bin/python bench/bench_big_cell.py --megabytes {args.megabytes} --rows {args.rows}",
            "Peak RSS is the import process's high-water mark (getrusage), search index and encoder included. "
            "Cells over their field's limit are cut with a warning (descriptions keep 100,000 characters).\n\n"
            + markdown_table(headers, table),
        )


if __name__ == "__main__":
    main()
