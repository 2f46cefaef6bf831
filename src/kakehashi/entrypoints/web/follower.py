"""Each web worker keeps its search index in step with the database: on start it builds the index if the
folder has none (or a stale one), then polls the catalogue change log every second and re-indexes what
another worker or a command changed (services.search.follow_changes). One daemon thread per worker."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from kakehashi.entrypoints.context import AppContext

logger = logging.getLogger("kakehashi.search_follower")

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


class SearchFollower:
    def __init__(self, context: AppContext, interval: float) -> None:
        self.context = context
        self.interval = interval
        self.ready = threading.Event()  # set once the first pass (the start-up build) is over
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kakehashi-search-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def step(self, *, first: bool = False) -> int:
        """One poll; returns how many organizations were re-indexed."""
        from kakehashi.services.search import follow_changes, index_is_behind

        engine = self.context.search_engine
        if not first and not index_is_behind(self.context.uow(), engine):
            return 0
        return follow_changes(self.context.uow(), engine, build=first)

    def _loop(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                done = self.step(first=first)
                if first:
                    self.context.search_engine.encoder  # noqa: B018 - load the model before the first query
                    logger.info("search index follows the database (%d organizations indexed at start)", done)
                elif done:
                    logger.info("search index: %d organizations re-indexed from the change log", done)
                first = False
                self.ready.set()
            except Exception:  # the database or the folder is unavailable: try again at the next poll
                logger.exception("following catalogue changes failed")
            self._stop.wait(self.interval)


def with_search_follower(inner: Lifespan) -> Lifespan:
    """`inner` (housekeeping) plus the search follower, unless disabled or under tests."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context: AppContext = app.state.context
        interval = context.settings.search_follow_seconds
        follower = None
        if interval > 0 and context.settings.environment != "test":
            follower = SearchFollower(context, interval)
            follower.start()
        app.state.search_follower = follower
        try:
            async with inner(app):
                yield
        finally:
            if follower is not None:
                follower.stop()

    return lifespan
