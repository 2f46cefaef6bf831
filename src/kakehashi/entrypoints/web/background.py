"""Housekeeping while the web app runs: expire unanswered meeting requests and turn new matches of
saved searches into alerts, every few minutes, in one daemon thread (the CLI does the same on demand:
`kakehashi requests expire`, `kakehashi alerts check`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI

from kakehashi.entrypoints.context import AppContext

logger = logging.getLogger("kakehashi.housekeeping")

INTERVAL_SECONDS = 15 * 60
FIRST_RUN_AFTER_SECONDS = 60  # let the server start answering before the first pass


def run_housekeeping(context: AppContext) -> None:
    """One pass; each job is independent, and a failure is logged rather than stopping the server."""
    from kakehashi.services import workspace

    try:
        expired = workspace.expire_stale_requests(
            context.uow(), now=datetime.now(UTC), ttl_days=context.settings.meeting_request_ttl_days
        )
        if expired:
            logger.info("%d meeting requests expired", expired)
    except Exception:
        logger.exception("expiring meeting requests failed")
    try:
        from kakehashi.services import missions

        expired = missions.expire_requests(
            context.uow(), viewer=missions.SYSTEM, ttl_days=context.settings.meeting_request_ttl_days
        )
        if expired:
            logger.info("%d mission meeting requests expired", expired)
    except Exception:
        logger.exception("expiring mission meeting requests failed")
    try:
        from kakehashi.services.search_alerts import run_alert_check

        run = run_alert_check(context.uow, context.search_engine, mailer=context.mailer())
        for problem in run.email_errors:
            logger.warning("alert e-mail not sent: %s", problem)
        if run.failed_searches:  # each one was logged with its error; the other searches still alerted
            logger.warning("saved searches skipped: %s", ", ".join(map(str, run.failed_searches)))
    except Exception:
        logger.exception("checking saved-search alerts failed")


class Housekeeper:
    def __init__(self, context: AppContext, interval: float = INTERVAL_SECONDS) -> None:
        self.context = context
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kakehashi-housekeeping", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        if self._stop.wait(FIRST_RUN_AFTER_SECONDS):
            return
        while not self._stop.is_set():
            run_housekeeping(self.context)
            self._stop.wait(self.interval)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start housekeeping with the server (not under tests, whose apps come and go by the hundred)."""
    context: AppContext = app.state.context
    housekeeper = None if context.settings.environment == "test" else Housekeeper(context)
    if housekeeper is not None:
        housekeeper.start()
    try:
        yield
    finally:
        if housekeeper is not None:
            housekeeper.stop()
