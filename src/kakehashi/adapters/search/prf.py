"""Pseudo-relevance feedback: the first results' own English words and meaning, fed back into the search.

A Japanese need reaches English descriptions through translation, which misses the words real
descriptions use; the best first hits (found by meaning and by the translated words) do use them.
Their most distinctive English terms (tf-idf against the whole catalogue) become extra keyword terms,
and the mean of their vectors moves the query vector (Rocchio without judgements).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from kakehashi.adapters.search.analyzers import analyze_en
from kakehashi.adapters.search.lexical import StoredDoc

MAX_DOC_WORDS = 300  # the opening of a description says what the company does


def feedback_terms(
    docs: Sequence[StoredDoc],
    *,
    doc_freq: Callable[[str], int],
    num_docs: int,
    count: int,
    exclude: set[str],
) -> list[tuple[str, float]]:
    """The `count` stemmed English terms that best characterise `docs`, with weights in (0, 1]."""
    if not docs or num_docs <= 0 or count <= 0:
        return []
    scores: Counter[str] = Counter()
    for doc in docs:
        words = analyze_en(" ".join(doc.desc_en.split()[:MAX_DOC_WORDS]))
        if not words:
            continue
        tf = Counter(words)
        for term, n in tf.items():
            if term in exclude or len(term) < 3 or term.isdigit():
                continue
            scores[term] += (n / len(words)) ** 0.5  # several docs sharing a term beats one repeating it
    weighted: list[tuple[str, float]] = []
    for term, score in scores.items():
        df = doc_freq(term)
        if df < 2 or df > num_docs * 0.2:
            continue  # a name of one company, or a word every description uses
        weighted.append((term, score * math.log(num_docs / df)))
    weighted.sort(key=lambda item: (-item[1], item[0]))
    top = weighted[:count]
    best = top[0][1] if top else 1.0
    return [(term, score / best) for term, score in top]
