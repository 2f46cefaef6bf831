"""Search and matching values: filters, hits with their explanation, results with facet counts, metrics."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class SearchMode(StrEnum):
    """Which retrieval paths a search uses (all but HYBRID exist to measure against it)."""

    BM25 = "bm25"  # plain keyword search in the query's own language, no expansion
    LEXICAL = "lexical"  # keyword search with cross-lingual expansion and field boosts
    EMBEDDING = "embedding"  # multilingual sentence encoder only
    HYBRID = "hybrid"  # lexical + embedding, fused


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions a scout puts on results; empty collections and None mean "any"."""

    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    founded_from: int | None = None
    founded_to: int | None = None
    funding_min: int | None = None
    funding_max: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A query term found in a document, with the query word it came from when it was translated."""

    term: str
    field: str
    source: str | None = None  # e.g. the Japanese query word for an English expansion

    def __str__(self) -> str:
        return f"{self.term} ({self.source})" if self.source and self.source != self.term else self.term


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    name: str
    score: float
    why: list[str]
    matched_terms: list[TermMatch] = field(default_factory=list)
    semantic_similarity: float | None = None
    matched_taxonomy: list[str] = field(default_factory=list)
    kind: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    took_ms: float
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    language: str = "en"
    notice: str | None = None  # e.g. "query truncated to 1,000 characters"


@dataclass(frozen=True, slots=True)
class NeedConstraints:
    """What a corporation requires of a startup beyond the topic."""

    stages: tuple[str, ...] = ()
    founded_from: int | None = None
    founded_to: int | None = None
    funding_min: int | None = None
    funding_max: int | None = None
    countries: tuple[str, ...] = ()
    japan_presence: bool = False

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.stages:
            data["stages"] = list(self.stages)
        if self.countries:
            data["countries"] = list(self.countries)
        for key in ("founded_from", "founded_to", "funding_min", "funding_max"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.japan_presence:
            data["japan_presence"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> NeedConstraints:
        data = data or {}

        def _int(key: str) -> int | None:
            value = data.get(key)
            return int(value) if isinstance(value, int | str) and str(value).strip() else None

        def _strs(key: str) -> tuple[str, ...]:
            value = data.get(key)
            return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()

        return cls(
            stages=_strs("stages"),
            founded_from=_int("founded_from"),
            founded_to=_int("founded_to"),
            funding_min=_int("funding_min"),
            funding_max=_int("funding_max"),
            countries=_strs("countries"),
            japan_presence=bool(data.get("japan_presence", False)),
        )


@dataclass(frozen=True, slots=True)
class NeedSummary:
    id: int
    title: str
    description: str
    language: str
    visibility: str
    organization_id: int | None
    sectors: list[str]
    technologies: list[str]
    constraints: dict[str, object]


@dataclass(frozen=True, slots=True)
class NeedFit:
    """A need that a startup fits, and why."""

    need: NeedSummary
    score: float
    why: list[str]


def dcg(gains: Sequence[float]) -> float:
    return math.fsum((math.pow(2.0, g) - 1.0) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked_ids: Sequence[int], judgements: Mapping[int, float], k: int = 10) -> float:
    """Normalised discounted cumulative gain with graded relevance (exponential gain)."""
    ideal = dcg(sorted((g for g in judgements.values() if g > 0), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([judgements.get(doc, 0.0) for doc in ranked_ids[:k]]) / ideal


def recall_at_k(ranked_ids: Sequence[int], judgements: Mapping[int, float], k: int = 50) -> float:
    relevant = {doc for doc, g in judgements.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked_ids[:k])) / len(relevant)
