"""Per-user limits on expensive requests (search, need matches, planner runs), shared by every web worker.

Fixed windows: each (action, user) may make `requests` requests per `window_seconds`; the next one is refused
with RateLimited, whose retry_after_seconds says when the window ends (HTTP 429 + Retry-After). The counters
live in the database (table rate_limit_counters) or, when KAKEHASHI_REDIS_URL is set, in Redis; both are
atomic increments, so every worker sees the same count. Sign-in has its own, stricter throttle (accounts).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol

from kakehashi.domain.errors import RateLimited
from kakehashi.services.unit_of_work import UnitOfWorkFactory

ACTIONS = ("search", "matches", "planner")


@dataclass(frozen=True, slots=True)
class RateLimit:
    action: str
    requests: int  # per window; 0 or less: unlimited
    window_seconds: int = 60


class RateCounter(Protocol):
    def hit(self, key: str, *, window_start: int, window_seconds: int) -> int:
        """Count one request of `key` in this window and answer the window's count (atomic across workers)."""
        ...


class DatabaseRateCounter:
    """Counters in the database, in their own short transaction (never the request's)."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def hit(self, key: str, *, window_start: int, window_seconds: int) -> int:
        with self.uow_factory() as uow:
            count = uow.rate_limits.hit(key, window_start=window_start)
            if count == 1:  # once per key and window: forget windows that are over (for every key)
                uow.rate_limits.forget_before(window_start - window_seconds)
            uow.commit()
        return count


def check_rate(counter: RateCounter, limit: RateLimit, *, who: str, now: float | None = None) -> int:
    """Count this request of `who` (e.g. "user:12"); raise RateLimited when it is over the limit. Returns the
    requests left in the window."""
    if limit.requests <= 0:
        return -1
    moment = time.time() if now is None else now
    window = max(1, limit.window_seconds)
    window_start = int(moment // window) * window
    count = counter.hit(f"{limit.action}:{who}", window_start=window_start, window_seconds=window)
    if count > limit.requests:
        wait = max(1, math.ceil(window_start + window - moment))
        error = RateLimited("too many requests; please wait {seconds} seconds and try again", seconds=wait)
        error.retry_after_seconds = wait
        raise error
    return limit.requests - count
