"""Rate-limit counters in Redis (KAKEHASHI_REDIS_URL): INCR and EXPIRE in one round trip per request."""

from __future__ import annotations

from typing import Any


class RedisRateCounter:
    def __init__(self, url: str) -> None:
        import redis

        self._client: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def hit(self, key: str, *, window_start: int, window_seconds: int) -> int:
        name = f"kakehashi:rate:{key}:{window_start}"
        pipeline = self._client.pipeline(transaction=True)
        pipeline.incr(name)
        pipeline.expire(name, window_seconds * 2)
        count, _ = pipeline.execute()
        return int(count)
