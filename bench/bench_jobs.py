"""Background jobs: how long a queued job waits before it starts, and how many no-op jobs a worker runs per
second, on the embedded default (SQLite database + SqliteHuey queue file) and on a server (PostgreSQL +
RedisHuey). Two layers: huey alone (a no-op task), and Kakehashi's full path (a row in the jobs table, the
id through huey, claim + heartbeat thread + finish in the worker).

    .venv/bin/python bench/bench_jobs.py [--jobs 200] [--samples 20] [--threads 2] [--no-write]

Needs the local Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, a database `kakehashi_jobs_bench`
is created and dropped). Latency = enqueue -> the task's first line, one job at a time on an idle worker;
throughput = N jobs queued at once, then drained by a consumer with --threads threads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from kakehashi.adapters.db.engine import make_engine  # noqa: E402
from kakehashi.adapters.db.schema import upgrade_to_head  # noqa: E402
from kakehashi.adapters.jobs import HueyJobQueue, make_huey  # noqa: E402
from kakehashi.domain.jobs import JobKind  # noqa: E402
from kakehashi.entrypoints.context import AppContext  # noqa: E402
from kakehashi.services import jobs  # noqa: E402
from kakehashi.services.missions import SYSTEM  # noqa: E402
from kakehashi.settings import Settings  # noqa: E402

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"


class Clock:
    """Start times the no-op task writes, by key; the benchmark waits on them."""

    def __init__(self) -> None:
        self.started: dict[Any, float] = {}
        self.changed = threading.Condition()

    def mark(self, key: Any) -> None:
        with self.changed:
            self.started[key] = time.perf_counter()
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 600) -> None:
        with self.changed:
            self.changed.wait_for(lambda: len(self.started) >= count, timeout=timeout)


def measure(
    send: Callable[[Any], None], clock: Clock, *, samples: int, count: int, start: Callable[[], Any]
) -> tuple[list[float], float]:
    """Latency samples (ms) with the consumer idle, then throughput (jobs/s) of `count` queued at once."""
    latencies = []
    consumer = start()
    time.sleep(1.5)  # let the consumer reach its idle polling rhythm, as in real life
    for i in range(samples):
        sent = time.perf_counter()
        key = send(("lat", i))  # the key the task will mark: ours, or the job id
        clock.wait_for(i + 1)
        latencies.append((clock.started[key] - sent) * 1000)
        time.sleep(0.3)
    consumer.stop(graceful=True)
    for i in range(count):  # queued while no consumer runs, then drained
        send(("put", i))
    began = time.perf_counter()
    consumer = start()
    clock.wait_for(samples + count)
    elapsed = time.perf_counter() - began
    consumer.stop(graceful=True)
    return latencies, count / elapsed


@contextmanager
def postgres_database() -> Iterator[str]:
    admin = make_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    name = "kakehashi_jobs_bench"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def raw_huey(backend: str, folder: Path, threads: int, samples: int, count: int) -> tuple[list[float], float]:
    clock = Clock()
    huey = make_huey(
        backend,
        queue_file=folder / f"raw-{backend}.db",
        redis_url=REDIS_URL,
        name=f"bench-{uuid.uuid4().hex[:6]}",
    )
    queue = HueyJobQueue(huey, run=clock.mark)

    def send(key: Any) -> Any:
        queue.send(key)
        return key

    def start() -> Any:
        consumer = queue.consumer(workers=threads, periodic=False, quiet=True)
        consumer.start()
        return consumer

    try:
        return measure(send, clock, samples=samples, count=count, start=start)
    finally:
        huey.flush()


def full_path(
    backend: str, database_url: str, folder: Path, threads: int, samples: int, count: int
) -> tuple[list[float], float]:
    """A job row per message, run by Kakehashi's own runner (claim, heartbeat, finish) with a no-op handler."""
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    engine.dispose()
    settings = Settings(
        environment="development",
        data_dir=folder / backend,
        database_url=database_url,
        jobs_backend=backend,
        jobs_queue_name=f"bench-{uuid.uuid4().hex[:6]}",
    )
    context = AppContext(settings=settings, database_url=database_url)
    clock = Clock()

    def noop(job: Any, report: Any) -> dict[str, Any]:
        clock.mark(job.id)
        return {}

    context.__dict__["job_handlers"] = {JobKind.IMPORT_COMPANIES: noop}
    queue = context.job_queue

    def send(key: Any) -> Any:
        return jobs.enqueue(context.uow(), queue, viewer=SYSTEM, kind=JobKind.IMPORT_COMPANIES).id

    def start() -> Any:
        consumer = queue.consumer(workers=threads, periodic=False, quiet=True)
        consumer.start()
        return consumer

    try:
        return measure(send, clock, samples=samples, count=count, start=start)
    finally:
        queue.huey.flush()
        context.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="kakehashi-bench-jobs-") as tmp, postgres_database() as pg_url:
        folder = Path(tmp)
        sqlite_url = f"sqlite:///{folder / 'kakehashi.db'}"
        cases: list[tuple[str, Callable[[], tuple[list[float], float]]]] = [
            (
                "huey alone, SqliteHuey",
                lambda: raw_huey("sqlite", folder, args.threads, args.samples, args.jobs),
            ),
            (
                "huey alone, RedisHuey",
                lambda: raw_huey("redis", folder, args.threads, args.samples, args.jobs),
            ),
            (
                "Kakehashi job, SQLite db + SqliteHuey",
                lambda: full_path("sqlite", sqlite_url, folder, args.threads, args.samples, args.jobs),
            ),
            (
                "Kakehashi job, PostgreSQL + RedisHuey",
                lambda: full_path("redis", pg_url, folder, args.threads, args.samples, args.jobs),
            ),
        ]
        for name, run in cases:
            latencies, rate = run()
            q = statistics.quantiles(latencies, n=20)
            rows.append(
                [
                    name,
                    f"{statistics.median(latencies):.0f}",
                    f"{q[18]:.0f}",
                    f"{max(latencies):.0f}",
                    f"{rate:.0f}",
                ]
            )
            print(rows[-1], flush=True)
    from bench.report import markdown_table, write_section

    table = markdown_table(
        ["queue", "enqueue→start p50 (ms)", "p95 (ms)", "max (ms)", f"no-op jobs/s ({args.threads} threads)"],
        rows,
    )
    print(table)
    if not args.no_write:
        body = (
            f"{table}\n\nMachine load while measuring (1-min load average): {load:.1f} on this 2-core machine shared "
            "with other helpers; latency is measured one job at a time on an idle worker (SqliteHuey polls, with "
            "backoff up to 1 s; RedisHuey blocks on the list, so it starts at once). The full path adds a jobs-table "
            "insert and commit at enqueue, and claim + finish (two more commits) in the worker."
        )
        write_section(
            "jobs",
            "Background jobs: enqueue→start latency and no-op throughput",
            f"bench/bench_jobs.py --jobs {args.jobs} --samples {args.samples} --threads {args.threads}",
            body,
        )


if __name__ == "__main__":
    main()
