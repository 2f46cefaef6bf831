"""Identity resolution: one record per real company.

`resolve_identities` asks the matcher (kakehashi.adapters.identity, no database) which organizations are the
same company, merges the links it is sure of, and stores the rest as suggestions a person reviews; a pair a
person rejected is never proposed again. Every merge is recorded (with what it moved) so it can be undone,
and writes an audit entry. Each function returns the organization ids whose catalogue rows changed: the entry
point hands them to `context.catalog_changed` so the search index follows (a merged id is dropped from it).

Only writers of an organizer organization and administrators may do this (domain.access); the command line
(viewer None) is the install's operator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from kakehashi.domain.access import Viewer, can_resolve_identities
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.identity import (
    SUGGESTION_ACCEPTED,
    SUGGESTION_PENDING,
    SUGGESTION_REJECTED,
    IdentityRecord,
    Link,
    MergeRecord,
    Resolution,
    Suggestion,
    choose_survivor,
    pair_key,
)
from kakehashi.services.audit import append as audit
from kakehashi.services.unit_of_work import UnitOfWork

__all__ = [
    "IdentityChange",
    "IdentityReport",
    "Resolver",
    "accept_suggestion",
    "list_merges",
    "list_suggestions",
    "reject_suggestion",
    "resolve_identities",
    "undo_merge",
]

MERGE_ENTITY = "identity_merge"
SUGGESTION_ENTITY = "identity_suggestion"


class Resolver(Protocol):
    """The matcher: links among `records`, and between them and `against` (already resolved records)."""

    def __call__(
        self, records: Sequence[IdentityRecord], *, against: Sequence[IdentityRecord] = ()
    ) -> Resolution: ...


def default_resolver() -> Resolver:
    """The matching engine (adapters/identity), imported when first needed: it loads Sudachi's dictionary."""
    from kakehashi.adapters.identity.resolve import resolve

    return resolve


@dataclass(frozen=True)
class IdentityReport:
    """What one resolution did (or, with apply=False, would do)."""

    merged: tuple[MergeRecord, ...]
    suggested: tuple[Suggestion, ...]
    clusters: tuple[tuple[int, ...], ...]  # each group of ids now one organization (survivor first)
    changed_ids: tuple[int, ...]  # organizations to re-index (merged ids are dropped from the index)


@dataclass(frozen=True)
class IdentityChange:
    """One merge accepted or undone, and the organizations to re-index."""

    merge: MergeRecord
    changed_ids: tuple[int, ...]


def _now() -> datetime:
    return datetime.now(UTC)


def _check_access(viewer: Viewer | None) -> None:
    if not can_resolve_identities(viewer):
        raise PermissionDenied("only organizers and administrators may merge or review companies")


def _user_id(viewer: Viewer | None) -> int | None:
    return viewer.user_id if viewer is not None else None


class _Clusters:
    """Union-find over organization ids: where each merged id went."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def root(self, item: int) -> int:
        while (parent := self.parent.get(item, item)) != item:
            self.parent[item] = self.parent.get(parent, parent)
            item = parent
        return item

    def groups(self) -> tuple[tuple[int, ...], ...]:
        members: dict[int, set[int]] = {}
        for item in self.parent:
            root = self.root(item)
            members.setdefault(root, {root}).add(item)
        return tuple(
            (root, *sorted(m for m in group if m != root)) for root, group in sorted(members.items())
        )


def resolve_identities(
    uow: UnitOfWork,
    *,
    viewer: Viewer | None,
    resolver: Resolver | None = None,
    apply: bool = True,
    new_ids: Sequence[int] | None = None,
) -> IdentityReport:
    """Merge what the matcher is sure of and queue the rest for review.

    `new_ids` links just those organizations (a fresh import) to the rest of the catalogue instead of
    resolving everything again. apply=False reports what would happen and writes nothing."""
    _check_access(viewer)
    match = resolver if resolver is not None else default_resolver()
    with uow:
        if new_ids is None:
            resolution = match(uow.identity.records())
        else:
            wanted = set(new_ids)
            everyone = uow.identity.records()
            resolution = match(
                [r for r in everyone if r.id in wanted], against=[r for r in everyone if r.id not in wanted]
            )
        rejected = uow.identity.rejected_pairs()
        clusters = _Clusters()
        merged: list[MergeRecord] = []
        at = _now()
        for link in sorted(resolution.merges, key=lambda link: (-link.score, pair_key(link.a, link.b))):
            if pair_key(link.a, link.b) in rejected:
                continue
            root_a, root_b = clusters.root(link.a), clusters.root(link.b)
            if root_a == root_b:
                continue
            survivor, gone = choose_survivor(root_a, root_b)
            clusters.parent[gone] = survivor
            clusters.parent.setdefault(survivor, survivor)
            if apply:
                record = uow.identity.merge(
                    survivor_id=survivor,
                    merged_id=gone,
                    score=link.score,
                    reasons=link.reasons,
                    by_user_id=_user_id(viewer),
                    at=at,
                )
                audit(
                    uow,
                    viewer=viewer,
                    action=AuditAction.CREATE,
                    entity_type=MERGE_ENTITY,
                    entity_id=record.id,
                )
            else:
                record = MergeRecord(0, survivor, gone, link.score, link.reasons, _user_id(viewer), at, None)
            merged.append(record)
        suggested: list[Suggestion] = []
        seen: set[tuple[int, int]] = set()
        for link in sorted(resolution.suggestions, key=lambda link: -link.score):
            pair = pair_key(clusters.root(link.a), clusters.root(link.b))
            if pair[0] == pair[1] or pair in rejected or pair in seen:
                continue
            seen.add(pair)
            if apply:
                stored = uow.identity.add_suggestion(
                    a=pair[0], b=pair[1], score=link.score, reasons=link.reasons, at=at
                )
                if stored is None:
                    continue
                suggested.append(stored)
            else:
                suggested.append(
                    Suggestion(0, pair[0], pair[1], link.score, link.reasons, SUGGESTION_PENDING)
                )
        changed = sorted({i for record in merged for i in (record.survivor_id, record.merged_id)})
        if apply:
            uow.search_changes.record(changed)
            uow.commit()
    return IdentityReport(
        merged=tuple(merged),
        suggested=tuple(suggested),
        clusters=clusters.groups(),
        changed_ids=tuple(changed) if apply else (),
    )


def list_suggestions(
    uow: UnitOfWork, *, viewer: Viewer | None, status: str | None = SUGGESTION_PENDING
) -> list[Suggestion]:
    """Suggestions to review, best first, with both records side by side (pairs whose records still exist)."""
    _check_access(viewer)
    if status is not None and status not in (SUGGESTION_PENDING, SUGGESTION_ACCEPTED, SUGGESTION_REJECTED):
        raise InvalidInput("unknown suggestion status {status}", status=status)
    with uow:
        found = uow.identity.suggestions(status=status)
    if status == SUGGESTION_PENDING:
        found = [s for s in found if s.record_a is not None and s.record_b is not None]
    return found


def list_merges(uow: UnitOfWork, *, viewer: Viewer | None, include_undone: bool = False) -> list[MergeRecord]:
    _check_access(viewer)
    with uow:
        return uow.identity.merges(include_undone=include_undone)


def _pending(uow: UnitOfWork, suggestion_id: int) -> Suggestion:
    suggestion = uow.identity.get_suggestion(suggestion_id)
    if suggestion is None:
        raise NotFound("no suggestion with id {suggestion_id}", suggestion_id=suggestion_id)
    if suggestion.status != SUGGESTION_PENDING:
        raise InvalidInput(
            "suggestion {suggestion_id} was already decided: {status}",
            suggestion_id=suggestion_id,
            status=suggestion.status,
        )
    return suggestion


def accept_suggestion(uow: UnitOfWork, *, viewer: Viewer | None, suggestion_id: int) -> IdentityChange:
    """Merge the pair: the older record survives and takes everything that pointed at the other."""
    _check_access(viewer)
    with uow:
        suggestion = _pending(uow, suggestion_id)
        if not (uow.identity.exists(suggestion.a) and uow.identity.exists(suggestion.b)):
            raise InvalidInput(
                "suggestion {suggestion_id} names a company that was merged or removed since",
                suggestion_id=suggestion_id,
            )
        survivor, gone = choose_survivor(suggestion.a, suggestion.b)
        at = _now()
        # decided first: the merge removes the suggestion (a pair of one) and its undo restores it as decided
        uow.identity.decide_suggestion(
            suggestion_id, status=SUGGESTION_ACCEPTED, by_user_id=_user_id(viewer), at=at
        )
        record = uow.identity.merge(
            survivor_id=survivor,
            merged_id=gone,
            score=suggestion.score,
            reasons=suggestion.reasons,
            by_user_id=_user_id(viewer),
            at=at,
        )
        audit(uow, viewer=viewer, action=AuditAction.CREATE, entity_type=MERGE_ENTITY, entity_id=record.id)
        uow.search_changes.record((survivor, gone))
        uow.commit()
    return IdentityChange(merge=record, changed_ids=(survivor, gone))


def reject_suggestion(uow: UnitOfWork, *, viewer: Viewer | None, suggestion_id: int) -> None:
    """Remember that the pair is two companies: it is never proposed again."""
    _check_access(viewer)
    with uow:
        _pending(uow, suggestion_id)
        uow.identity.decide_suggestion(
            suggestion_id, status=SUGGESTION_REJECTED, by_user_id=_user_id(viewer), at=_now()
        )
        audit(
            uow,
            viewer=viewer,
            action=AuditAction.UPDATE,
            entity_type=SUGGESTION_ENTITY,
            entity_id=suggestion_id,
        )
        uow.commit()


def undo_merge(uow: UnitOfWork, *, viewer: Viewer | None, merge_id: int) -> IdentityChange:
    """Restore the merged organization as it was, with everything the merge moved onto the survivor; the
    pair is then remembered as two companies (rejected), so it is not merged or proposed again."""
    _check_access(viewer)
    with uow:
        merge = uow.identity.get_merge(merge_id)
        if merge is None:
            raise NotFound("no merge with id {merge_id}", merge_id=merge_id)
        if merge.undone_at is not None:
            raise InvalidInput("merge {merge_id} was already undone", merge_id=merge_id)
        later = uow.identity.later_merge_into(merge_id)
        if later is not None:
            raise InvalidInput(
                "undo merge {later_id} first: it merged this merge's company into another",
                later_id=later.id,
            )
        if not uow.identity.exists(merge.survivor_id) or uow.identity.exists(merge.merged_id):
            raise InvalidInput(
                "merge {merge_id} cannot be undone: the companies changed since", merge_id=merge_id
            )
        at = _now()
        record = uow.identity.unmerge(merge_id, at=at)
        # Undoing says the two are different companies: remembered, so the next resolution does not merge
        # them again (a rejected pair is neither merged nor proposed).
        pair = uow.identity.suggestion_for(merge.survivor_id, merge.merged_id) or uow.identity.add_suggestion(
            a=merge.survivor_id, b=merge.merged_id, score=merge.score, reasons=merge.reasons, at=at
        )
        if pair is not None:
            uow.identity.decide_suggestion(
                pair.id, status=SUGGESTION_REJECTED, by_user_id=_user_id(viewer), at=at
            )
        audit(uow, viewer=viewer, action=AuditAction.DELETE, entity_type=MERGE_ENTITY, entity_id=merge_id)
        uow.search_changes.record((merge.survivor_id, merge.merged_id))
        uow.commit()
    return IdentityChange(merge=record, changed_ids=(merge.survivor_id, merge.merged_id))


# A resolver built from fixed links, for tests and for replaying a decision list.
def fixed_resolver(merges: Sequence[Link] = (), suggestions: Sequence[Link] = ()) -> Resolver:
    def resolve(records: Sequence[IdentityRecord], *, against: Sequence[IdentityRecord] = ()) -> Resolution:
        present = {r.id for r in records} | {r.id for r in against}
        return Resolution(
            merges=tuple(link for link in merges if link.a in present and link.b in present),
            suggestions=tuple(link for link in suggestions if link.a in present and link.b in present),
        )

    return resolve
