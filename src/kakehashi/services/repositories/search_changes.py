"""The catalogue change log that every web worker's search index follows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class SearchChangesRepository(Protocol):
    """Organizations whose catalogue rows changed, in commit order (ids only grow)."""

    def record(self, organization_ids: Iterable[int]) -> None:
        """Log these organizations as changed, in the current transaction (so the log commits with the
        change, or not at all). Changes are serialised, so a later id is never visible before an earlier one."""
        ...

    def latest(self) -> int:
        """The newest change id; 0 when nothing was ever logged (a cheap query, polled every second)."""
        ...

    def since(self, change_id: int, *, limit: int) -> list[tuple[int, int]]:
        """Up to `limit` (change id, organization id) pairs after `change_id`, oldest first."""
        ...
