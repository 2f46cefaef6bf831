"""What the identity service needs from storage: the records to resolve, merges that can be undone, and
suggestions a person reviews (a rejected pair is remembered)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from kakehashi.domain.identity import IdentityRecord, MergeRecord, Suggestion


class IdentityRepository(Protocol):
    def records(self, ids: Iterable[int] | None = None) -> list[IdentityRecord]:
        """Every organization (or those with these ids) as the matcher reads it, in id order."""
        ...

    def exists(self, organization_id: int) -> bool: ...

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
        """Move everything that points at `merged_id` onto `survivor_id` (suggestions naming it included),
        fill the survivor's empty fields from the merged record, delete the merged organization and keep a
        snapshot that undoes all of it."""
        ...

    def unmerge(self, merge_id: int, *, at: datetime) -> MergeRecord:
        """Restore the merged organization as it was and move back everything the merge moved."""
        ...

    def get_merge(self, merge_id: int) -> MergeRecord | None: ...

    def later_merge_into(self, merge_id: int) -> MergeRecord | None:
        """A merge still in force, newer than this one, that folded this one's survivor or merged record
        into another (it must be undone first), or None."""
        ...

    def merges(self, *, include_undone: bool = False) -> list[MergeRecord]: ...

    def rejected_pairs(self) -> frozenset[tuple[int, int]]:
        """Pairs (lower id, higher id) a person rejected: never proposed again."""
        ...

    def add_suggestion(
        self, *, a: int, b: int, score: float, reasons: tuple[str, ...], at: datetime
    ) -> Suggestion | None:
        """Store a pending suggestion for the pair (any order), or refresh the score and reasons of a
        pending one; None when the pair was already decided (accepted or rejected)."""
        ...

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None: ...

    def suggestion_for(self, a: int, b: int) -> Suggestion | None:
        """The stored suggestion for the pair (any order, any status), or None."""
        ...

    def suggestions(self, *, status: str | None = None) -> list[Suggestion]:
        """Suggestions (pending ones by default order: best score first) with both records when they
        still exist."""
        ...

    def decide_suggestion(
        self, suggestion_id: int, *, status: str, by_user_id: int | None, at: datetime
    ) -> None: ...
