"""In-memory change log and rate-limit counters."""

from __future__ import annotations

from collections.abc import Iterable


class FakeSearchChangesRepository:
    def __init__(self) -> None:
        self.changes: list[tuple[int, int]] = []

    def record(self, organization_ids: Iterable[int]) -> None:
        for organization_id in sorted(set(organization_ids)):
            self.changes.append((self.latest() + 1, organization_id))

    def latest(self) -> int:
        return self.changes[-1][0] if self.changes else 0

    def since(self, change_id: int, *, limit: int) -> list[tuple[int, int]]:
        return [change for change in self.changes if change[0] > change_id][:limit]


class FakeRateLimitsRepository:
    def __init__(self) -> None:
        self.counters: dict[tuple[str, int], int] = {}

    def hit(self, key: str, *, window_start: int) -> int:
        self.counters[(key, window_start)] = self.counters.get((key, window_start), 0) + 1
        return self.counters[(key, window_start)]

    def forget_before(self, window_start: int) -> int:
        old = [k for k in self.counters if k[1] < window_start]
        for k in old:
            del self.counters[k]
        return len(old)
