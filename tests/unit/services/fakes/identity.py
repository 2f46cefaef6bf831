"""In-memory IdentityRepository: records in a dict; a merge removes the merged record and keeps it for undo.

Rows of other aggregates are not moved here (the fakes do not share tables): the SQL repository's moving and
restoring is tested on both databases in tests/integration/services/test_identity_merges.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from kakehashi.domain.identity import (
    SUGGESTION_PENDING,
    SUGGESTION_REJECTED,
    IdentityRecord,
    MergeRecord,
    Suggestion,
    pair_key,
)


class FakeIdentityRepository:
    def __init__(self) -> None:
        self.organizations: dict[int, IdentityRecord] = {}
        self.merge_log: dict[int, MergeRecord] = {}
        self.removed: dict[int, IdentityRecord] = {}  # merge id -> the merged record as it was
        self.stored: dict[int, Suggestion] = {}

    def add(self, record: IdentityRecord) -> None:
        self.organizations[record.id] = record

    def records(self, ids: Iterable[int] | None = None) -> list[IdentityRecord]:
        wanted = None if ids is None else set(ids)
        return [r for i, r in sorted(self.organizations.items()) if wanted is None or i in wanted]

    def exists(self, organization_id: int) -> bool:
        return organization_id in self.organizations

    def merge(
        self,
        *,
        survivor_id: int,
        merged_id: int,
        score: float,
        reasons: tuple[str, ...],
        by_user_id: int | None,
        at: datetime,
    ) -> MergeRecord:
        if survivor_id not in self.organizations or merged_id not in self.organizations:
            raise LookupError("no such organization")
        merge_id = len(self.merge_log) + 1
        self.removed[merge_id] = self.organizations.pop(merged_id)
        record = MergeRecord(merge_id, survivor_id, merged_id, score, reasons, by_user_id, at, None)
        self.merge_log[merge_id] = record
        return record

    def unmerge(self, merge_id: int, *, at: datetime) -> MergeRecord:
        record = self.merge_log[merge_id]
        self.organizations[record.merged_id] = self.removed.pop(merge_id)
        self.merge_log[merge_id] = replace(record, undone_at=at)
        return self.merge_log[merge_id]

    def get_merge(self, merge_id: int) -> MergeRecord | None:
        return self.merge_log.get(merge_id)

    def later_merge_into(self, merge_id: int) -> MergeRecord | None:
        record = self.merge_log.get(merge_id)
        if record is None:
            return None
        later = [
            m
            for m in self.merge_log.values()
            if m.id > merge_id and m.undone_at is None and m.merged_id == record.survivor_id
        ]
        return later[-1] if later else None

    def merges(self, *, include_undone: bool = False) -> list[MergeRecord]:
        return [m for m in self.merge_log.values() if include_undone or m.undone_at is None]

    def rejected_pairs(self) -> frozenset[tuple[int, int]]:
        return frozenset((s.a, s.b) for s in self.stored.values() if s.status == SUGGESTION_REJECTED)

    def add_suggestion(
        self, *, a: int, b: int, score: float, reasons: tuple[str, ...], at: datetime
    ) -> Suggestion | None:
        low, high = pair_key(a, b)
        for known in self.stored.values():
            if (known.a, known.b) == (low, high):
                if known.status != SUGGESTION_PENDING:
                    return None
                self.stored[known.id] = replace(known, score=score, reasons=reasons)
                return self.stored[known.id]
        suggestion = Suggestion(len(self.stored) + 1, low, high, score, reasons, SUGGESTION_PENDING)
        self.stored[suggestion.id] = suggestion
        return suggestion

    def _with_records(self, suggestion: Suggestion) -> Suggestion:
        return replace(
            suggestion,
            record_a=self.organizations.get(suggestion.a),
            record_b=self.organizations.get(suggestion.b),
        )

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        found = self.stored.get(suggestion_id)
        return self._with_records(found) if found is not None else None

    def suggestion_for(self, a: int, b: int) -> Suggestion | None:
        pair = pair_key(a, b)
        return next((s for s in self.stored.values() if (s.a, s.b) == pair), None)

    def suggestions(self, *, status: str | None = None) -> list[Suggestion]:
        found = [s for s in self.stored.values() if status is None or s.status == status]
        return [self._with_records(s) for s in sorted(found, key=lambda s: (-s.score, s.id))]

    def decide_suggestion(
        self, suggestion_id: int, *, status: str, by_user_id: int | None, at: datetime
    ) -> None:
        self.stored[suggestion_id] = replace(self.stored[suggestion_id], status=status)
