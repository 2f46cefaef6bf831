"""Jobs while the web app runs. With the SQLite queue (the embedded default) the server runs a job consumer
in its own threads, so `make run` needs no other process; KAKEHASHI_EMBEDDED_WORKER=0, or the Redis queue,
leaves jobs to `kakehashi worker` processes. Housekeeping (request expiry, saved-search alerts) is a
periodic job every consumer schedules (`kakehashi requests expire` and `kakehashi alerts check` do the same
on demand)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from kakehashi.domain.jobs import JobKind, JobRecord
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import job_kinds
from kakehashi.services.missions import SYSTEM

logger = logging.getLogger("kakehashi.housekeeping")

SHUTDOWN_SECONDS = 10.0  # a running job left behind is picked up again by the reaper


def run_housekeeping(context: AppContext) -> JobRecord:
    """Queue one housekeeping pass now (it runs at once in immediate mode)."""
    return job_kinds.start_catalogue_job(
        context.uow(), context.job_queue, viewer=SYSTEM, kind=JobKind.HOUSEKEEPING
    )


def embedded_worker_wanted(context: AppContext) -> bool:
    """With the SQLite queue, unless turned off. (Tests default to the immediate queue, so the many apps they
    build start no threads; a test that wants the real thing sets the SQLite queue.)"""
    settings = context.settings
    return settings.embedded_worker and settings.resolved_jobs_backend == "sqlite"


def start_embedded_worker(context: AppContext) -> Any:
    """A huey consumer in this process's threads (no signal handlers: those are the server's)."""
    try:
        context.reap_jobs()  # a run this server was doing when it was killed starts again
    except Exception:  # e.g. the schema is not there yet: the pages say so; jobs wait for `kakehashi init`
        logger.exception("looking for jobs left by a stopped worker failed")
    consumer = context.job_queue.consumer(workers=context.settings.jobs_workers, periodic=True, quiet=True)
    consumer.shutdown_timeout = SHUTDOWN_SECONDS
    consumer.start()
    return consumer


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the embedded job consumer with the server and stop it (letting running jobs finish) with it."""
    context: AppContext = app.state.context
    consumer = start_embedded_worker(context) if embedded_worker_wanted(context) else None
    try:
        yield
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
