"""Company identity: the records the matching engine compares and what it answers (stdlib only).

The engine (adapters/identity) reads IdentityRecords and returns a Resolution: links it is sure of (merge)
and links a person should look at (suggest), each with a score in [0, 1] and its reasons in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IdentityRecord:
    """What identity resolution knows about one organization (as an import would store it)."""

    id: int
    name: str
    name_ja: str | None = None
    name_en: str | None = None
    name_kana: str | None = None
    kind: str | None = None
    country: str | None = None
    city: str | None = None
    prefecture: str | None = None
    domain: str | None = None
    corporate_number: str | None = None
    external_id: str | None = None
    sectors: tuple[str, ...] = ()
    founded_year: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class Link:
    """Two records (a < b) believed to be the same company, how sure (0..1) and why, in words."""

    a: int
    b: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """What the matcher found: links it is sure of (merged) and links a person should review."""

    merges: tuple[Link, ...]
    suggestions: tuple[Link, ...]


# --- what storage keeps about merges and suggestions (used by the identity service and repository) ---

SUGGESTION_PENDING = "pending"
SUGGESTION_ACCEPTED = "accepted"
SUGGESTION_REJECTED = "rejected"


@dataclass(frozen=True)
class MergeRecord:
    """One merge: `merged_id` was folded into `survivor_id`; `moved` counts the rows moved per table."""

    id: int
    survivor_id: int
    merged_id: int
    score: float
    reasons: tuple[str, ...]
    merged_by_user_id: int | None
    merged_at: datetime
    undone_at: datetime | None
    moved: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A pair a person should look at, with both records side by side."""

    id: int
    a: int
    b: int
    score: float
    reasons: tuple[str, ...]
    status: str
    record_a: IdentityRecord | None = None
    record_b: IdentityRecord | None = None


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair in one order, so (a, b) and (b, a) are the same suggestion."""
    return (a, b) if a <= b else (b, a)


def choose_survivor(a: int, b: int) -> tuple[int, int]:
    """(survivor, merged): the older record (lower id) survives, so links made earlier keep their target."""
    return pair_key(a, b)
