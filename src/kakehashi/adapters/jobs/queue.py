"""Huey as Kakehashi's job queue: SqliteHuey for the embedded default (a file next to the database, no
server), RedisHuey on a server, and immediate mode (each job runs inside the call that queues it) for tests.

Huey delivers one message per job, "kakehashi.run_job(<id>)"; the job's state lives in the jobs table. A
periodic "kakehashi.tick" every minute runs the reaper and queues housekeeping when it is due; every
consumer schedules it, and the table makes the duplicates harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

logger = logging.getLogger("kakehashi.jobs.queue")

BACKENDS = ("sqlite", "redis", "immediate")
QUEUE_NAME = "kakehashi"
RETRIES = 3  # huey's own retries: when running the job raised (e.g. the database was unreachable)
RETRY_DELAY_SECONDS = 10


def make_huey(backend: str, *, queue_file: Path, redis_url: str, name: str = QUEUE_NAME) -> Huey:
    """`name` separates installs sharing one Redis server (each gets its own queue keys)."""
    if backend == "immediate":
        return MemoryHuey(name, immediate=True, results=False)
    if backend == "sqlite":
        queue_file.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(queue_file), results=False)
    if backend == "redis":
        return RedisHuey(name, url=redis_url, results=False)
    raise ValueError(f"unknown jobs backend {backend!r}: one of {', '.join(BACKENDS)}")


class _QuietConsumer(Consumer):  # type: ignore[misc]
    """A consumer that leaves signal handling to its host (the web server, or our CLI)."""

    def _set_signal_handlers(self) -> None:
        return None


class HueyJobQueue:
    """Sends job ids and runs a consumer; `run(job_id)` and `tick()` are the application's callbacks."""

    def __init__(
        self, huey: Huey, *, run: Callable[[int], Any], tick: Callable[[], Any] | None = None
    ) -> None:
        self.huey = huey
        self._task = huey.task(retries=RETRIES, retry_delay=RETRY_DELAY_SECONDS, name="kakehashi.run_job")(
            run
        )
        if tick is not None:
            huey.periodic_task(crontab(minute="*"), name="kakehashi.tick")(tick)

    @property
    def immediate(self) -> bool:
        return bool(self.huey.immediate)

    def send(self, job_id: int) -> None:
        self._task(job_id)

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def consumer(self, *, workers: int = 1, periodic: bool = True, quiet: bool = False) -> Consumer:
        """Threads that take messages and run jobs. `quiet`: install no signal handlers (embedded in the
        web server, whose own handlers must keep working)."""
        kind = _QuietConsumer if quiet else Consumer
        return kind(
            self.huey,
            workers=max(1, workers),
            periodic=periodic,
            worker_type="thread",
            initial_delay=0.05,
            backoff=1.5,
            max_delay=1.0,  # an idle worker looks for work at least once a second
            check_worker_health=True,
        )

    def close(self) -> None:
        try:
            self.huey.storage.close()
        except Exception:  # best effort at shutdown
            logger.debug("closing the queue storage failed", exc_info=True)
