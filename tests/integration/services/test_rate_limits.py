"""Per-user request limits shared by every worker (issue 16): counters in the database (both engines) or
Redis, so a second worker sees the first one's requests."""

from __future__ import annotations

import uuid

import pytest

from kakehashi.adapters.rate_limits import RedisRateCounter
from kakehashi.domain.errors import RateLimited
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.rate_limits import DatabaseRateCounter, RateCounter, RateLimit, check_rate

pytestmark = pytest.mark.integration

LIMIT = RateLimit("search", requests=3, window_seconds=60)
NOON = 1_800_000_000.0  # a window boundary (divisible by 60) + 0 s


def _refused_after(counter: RateCounter, other_worker: RateCounter, who: str, now: float) -> RateLimited:
    assert check_rate(counter, LIMIT, who=who, now=now) == 2
    assert check_rate(other_worker, LIMIT, who=who, now=now + 1) == 1  # another worker counts on the same
    assert check_rate(counter, LIMIT, who=who, now=now + 2) == 0
    with pytest.raises(RateLimited) as refused:
        check_rate(other_worker, LIMIT, who=who, now=now + 15)
    return refused.value


def test_the_database_counts_for_every_worker(context: AppContext) -> None:
    first, second = DatabaseRateCounter(context.uow), DatabaseRateCounter(context.uow)
    refused = _refused_after(first, second, "user:7", NOON)
    assert refused.retry_after_seconds == 45  # the rest of the window
    assert "45" in str(refused)
    assert check_rate(first, LIMIT, who="user:8", now=NOON + 20) == 2  # another user has their own count
    assert check_rate(first, LIMIT, who="user:7", now=NOON + 60) == 2  # the next window starts afresh


def test_old_windows_are_forgotten(context: AppContext) -> None:
    counter = DatabaseRateCounter(context.uow)
    for minute in range(5):
        check_rate(counter, LIMIT, who="user:7", now=NOON + 60 * minute)
    with context.uow() as uow:
        assert uow.rate_limits.forget_before(int(NOON) + 60 * 3) == 0  # only the last two windows were left


def test_redis_counts_for_every_worker() -> None:
    first, second = RedisRateCounter("redis://127.0.0.1:6379/0"), RedisRateCounter("redis://127.0.0.1:6379/0")
    who = f"user:{uuid.uuid4().hex}"  # the Redis server is shared: a key nobody else uses
    refused = _refused_after(first, second, who, NOON)
    assert refused.retry_after_seconds == 45


def test_a_limit_of_zero_is_no_limit(context: AppContext) -> None:
    counter = DatabaseRateCounter(context.uow)
    for _ in range(10):
        check_rate(counter, RateLimit("planner", requests=0), who="user:1", now=NOON)
