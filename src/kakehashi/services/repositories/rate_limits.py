"""Request counters shared by every web worker (the rate limiter's state)."""

from __future__ import annotations

from typing import Protocol


class RateLimitsRepository(Protocol):
    def hit(self, key: str, *, window_start: int) -> int:
        """Count one request of `key` in the window starting at `window_start` (epoch seconds); returns the
        window's count including this one. Atomic across workers."""
        ...

    def forget_before(self, window_start: int) -> int:
        """Delete the counters of windows that started before `window_start`; returns how many."""
        ...
