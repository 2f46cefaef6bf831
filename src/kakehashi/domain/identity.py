"""Company identity: the records the matching engine compares and what it answers (stdlib only).

The engine (adapters/identity) reads IdentityRecords and returns a Resolution: links it is sure of (merge)
and links a person should look at (suggest), each with a score in [0, 1] and its reasons in words.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """merges: links sure enough to merge; suggestions: links for a person to accept or reject."""

    merges: tuple[Link, ...]
    suggestions: tuple[Link, ...]
