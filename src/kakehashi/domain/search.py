"""Search and matching values: filters, hits with their explanation, results with facet counts, metrics."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kakehashi.domain.errors import InvalidInput


class SearchMode(StrEnum):
    """Which retrieval paths a search uses (all but HYBRID exist to measure against it)."""

    BM25 = "bm25"  # plain keyword search in the query's own language, no expansion
    LEXICAL = "lexical"  # keyword search with cross-lingual expansion and field boosts
    EMBEDDING = "embedding"  # multilingual sentence encoder only
    HYBRID = "hybrid"  # lexical + embedding, fused


# The one map from the filter names of URLs, forms, the CLI and saved searches to SearchFilters fields.
FILTER_LISTS: Mapping[str, str] = {
    "kind": "kinds",
    "kinds": "kinds",
    "country": "countries",
    "countries": "countries",
    "sector": "sectors",
    "sectors": "sectors",
    "technology": "technologies",
    "technologies": "technologies",
    "tech": "technologies",
    "stage": "stages",
    "stages": "stages",
    "status": "statuses",
    "statuses": "statuses",
}
FILTER_BOUNDS = ("founded_from", "founded_to", "funding_min", "funding_max")
FILTER_KEYS = ("kind", "country", "sector", "technology", "stage", "status", *FILTER_BOUNDS)
MAX_FILTER_VALUE_CHARS = 100
# Founding years and funding amounts a filter may name: wide enough for any real company, small enough that
# no value overflows a 64-bit column or a search index (values outside are refused as input).
FOUNDED_YEAR_MIN = 1800
FOUNDED_YEAR_MAX = 2100
FUNDING_USD_MAX = 10**15
BOUND_LIMITS: Mapping[str, tuple[int, int]] = {
    "founded_from": (FOUNDED_YEAR_MIN, FOUNDED_YEAR_MAX),
    "founded_to": (FOUNDED_YEAR_MIN, FOUNDED_YEAR_MAX),
    "funding_min": (0, FUNDING_USD_MAX),
    "funding_max": (0, FUNDING_USD_MAX),
}


def _filter_values(key: str, value: object) -> tuple[str, ...]:
    """One filter's values: a string ("a,b") or a list of strings, trimmed and cut to a sane length."""
    raw = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else [value]
    parts = [part.strip()[:MAX_FILTER_VALUE_CHARS] for item in raw for part in str(item).split(",")]
    field_name = FILTER_LISTS[key]
    if field_name == "countries":
        parts = [p.upper() for p in parts]
    elif field_name in ("kinds", "stages", "statuses"):
        parts = [p.lower() for p in parts]  # enum values are lower-case
    return tuple(p for p in parts if p)


def _filter_bound(key: str, value: object) -> int | None:
    """A year or amount as int: an int, a whole finite float (JSON may carry 2020.0) or digits; refuses
    anything else (NaN, Infinity, 1e999, 2.5) and values outside BOUND_LIMITS."""
    number: int
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            if len(text) > 40:  # no year or amount is that long; spare int() a huge string
                raise ValueError(text)
            number = int(text)
        except ValueError:
            raise InvalidInput(
                "filter {key}: {value} is not a whole number", key=key, value=text[:40]
            ) from None
    check_bound(key, number)
    return number


def check_bound(key: str, value: int | None) -> None:
    """Refuse a founding year or funding amount outside BOUND_LIMITS (None means "any" and passes)."""
    if value is None:
        return
    low, high = BOUND_LIMITS[key]
    if not low <= value <= high:
        raise InvalidInput("filter {key} must be between {low} and {high}", key=key, low=low, high=high)


def check_ranges(
    founded_from: int | None, founded_to: int | None, funding_min: int | None, funding_max: int | None
) -> None:
    """Refuse out-of-range bounds and ranges whose start lies after their end (they could match nothing)."""
    for key, value in zip(FILTER_BOUNDS, (founded_from, founded_to, funding_min, funding_max), strict=True):
        check_bound(key, value)
    if founded_from is not None and founded_to is not None and founded_from > founded_to:
        raise InvalidInput(
            "founded_from ({low}) is after founded_to ({high})", low=founded_from, high=founded_to
        )
    if funding_min is not None and funding_max is not None and funding_min > funding_max:
        raise InvalidInput(
            "funding_min ({low}) is more than funding_max ({high})", low=funding_min, high=funding_max
        )


def in_bounds(key: str, value: int | None) -> int | None:
    """The value when it lies within BOUND_LIMITS, else None: how stored data written before the limits
    is read without failing (an impossible bound is dropped rather than answered with an error)."""
    if value is None:
        return None
    low, high = BOUND_LIMITS[key]
    return value if low <= value <= high else None


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

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any], *, ignore_unknown: bool = False) -> SearchFilters:
        """Filters from URL, form, CLI or saved-search names: kind/country/sector/technology/stage/status
        (singular or plural; a string "a,b" or a list), founded_from/founded_to (years) and funding_min/
        funding_max (US dollars, as int or digits). Countries are upper-cased, kinds, stages and statuses
        lower-cased, repeats dropped; None and "" mean "any". Unknown names are refused unless ignored, and
        so are non-finite or out-of-range bounds and a range whose start lies after its end."""
        lists: dict[str, tuple[str, ...]] = {}
        bounds: dict[str, int | None] = {}
        for key, value in mapping.items():
            if key in FILTER_LISTS:
                if value is not None:
                    field_name = FILTER_LISTS[key]
                    lists[field_name] = tuple(
                        dict.fromkeys(lists.get(field_name, ()) + _filter_values(key, value))
                    )
            elif key in FILTER_BOUNDS:
                if value is not None:
                    bounds[key] = _filter_bound(key, value)
            elif not ignore_unknown:
                raise InvalidInput(
                    "unknown filter {key}; use one of: {known}",
                    key=str(key)[:40],
                    known=", ".join(FILTER_KEYS),
                )
        check_ranges(
            bounds.get("founded_from"),
            bounds.get("founded_to"),
            bounds.get("funding_min"),
            bounds.get("funding_max"),
        )
        return cls(
            kinds=lists.get("kinds", ()),
            countries=lists.get("countries", ()),
            sectors=lists.get("sectors", ()),
            technologies=lists.get("technologies", ()),
            stages=lists.get("stages", ()),
            statuses=lists.get("statuses", ()),
            founded_from=bounds.get("founded_from"),
            founded_to=bounds.get("founded_to"),
            funding_min=bounds.get("funding_min"),
            funding_max=bounds.get("funding_max"),
        )


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A query term found in a document, with the query word it came from when it was translated."""

    term: str
    field: str
    source: str | None = None  # e.g. the Japanese query word for an English expansion

    def __str__(self) -> str:
        # In the scout's words first: 水処理 → water treatment (a Japanese query word and what it matched).
        return f"{self.source} → {self.term}" if self.source and self.source != self.term else self.term


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

    def check(self) -> NeedConstraints:
        """Itself when its bounds are in range and in order; raises InvalidInput otherwise (at input)."""
        check_ranges(self.founded_from, self.founded_to, self.funding_min, self.funding_max)
        return self

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
        """Constraints as stored; a bound that is unreadable or out of range (written before the limits)
        is dropped, so the need's page and matches still answer."""
        data = data or {}

        def _int(key: str) -> int | None:
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, int | str):
                return None
            text = str(value).strip()
            try:
                return in_bounds(key, int(text)) if text and len(text) <= 40 else None
            except ValueError:
                return None

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
