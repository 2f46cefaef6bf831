"""Identity resolution: one record per real company. What the matcher reads, and the links it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IdentityRecord:
    """The facts of one organization that decide whether it is the same company as another."""

    id: int
    name: str
    name_ja: str | None
    name_en: str | None
    name_kana: str | None
    kind: str | None
    country: str | None
    city: str | None
    prefecture: str | None
    domain: str | None
    corporate_number: str | None
    external_id: str | None
    sectors: tuple[str, ...]
    founded_year: int | None
    source: str | None


@dataclass(frozen=True)
class Link:
    """Organizations `a` and `b` are the same company with this score, for these reasons (in words)."""

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
