"""Fusing the keyword and the semantic ranking into one list."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], weights: Sequence[float], k: float = 60.0
) -> dict[int, float]:
    """Weighted RRF (Cormack et al. 2009): robust to the two scores living on unrelated scales."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking):
            fused[doc] = fused.get(doc, 0.0) + weight / (k + rank + 1)
    return fused


def score_fusion(
    lexical: Sequence[tuple[int, float]],
    semantic: Sequence[tuple[int, float]],
    *,
    lexical_weight: float,
    semantic_weight: float,
    semantic_floor: float = 0.1,
) -> dict[int, float]:
    """Convex combination of max-normalised BM25 and floor-shifted cosine similarity.

    BM25 is divided by the best score of this query (its scale depends on the query); cosine keeps its
    absolute meaning, so a query with no good semantic neighbour does not promote weak ones.
    """
    fused: dict[int, float] = {}
    if lexical:
        top = max(s for _, s in lexical) or 1.0
        for doc, score in lexical:
            fused[doc] = fused.get(doc, 0.0) + lexical_weight * (score / top)
    for doc, sim in semantic:
        value = max(0.0, sim - semantic_floor) / (1.0 - semantic_floor)
        fused[doc] = fused.get(doc, 0.0) + semantic_weight * value
    return fused


def ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    # Ties broken by id so that the same query always gives the same order.
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
