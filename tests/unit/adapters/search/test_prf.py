"""Pseudo-relevance feedback terms: what the first hits share and the rest of the catalogue does not."""

import pytest

from kakehashi.adapters.search.lexical import StoredDoc
from kakehashi.adapters.search.prf import feedback_terms

pytestmark = pytest.mark.unit


def doc(i: int, text: str) -> StoredDoc:
    return StoredDoc(i, f"c{i}", [f"c{i}"], text, "", [], "startup", "IL")


def test_feedback_terms_are_distinctive_words_the_first_hits_share() -> None:
    top = [
        doc(1, "Drip irrigation controllers for orchards and greenhouses."),
        doc(2, "Smart irrigation valves and soil sensors for greenhouses."),
        doc(3, "Irrigation scheduling platform for growers."),
    ]
    df = {"irrig": 6, "greenhous": 4, "platform": 90, "orchard": 1, "sensor": 30, "soil": 8}

    terms = feedback_terms(top, doc_freq=lambda t: df.get(t, 3), num_docs=100, count=3, exclude={"drip"})
    words = [t for t, _ in terms]

    assert words[0] == "irrig" and "greenhous" in words
    assert "platform" not in words  # in most descriptions: says nothing
    assert "orchard" not in words  # one company's word
    assert "drip" not in words  # already in the query
    assert terms[0][1] == 1.0 and all(0 < w <= 1 for _, w in terms)


def test_no_feedback_without_documents() -> None:
    assert feedback_terms([], doc_freq=lambda t: 1, num_docs=10, count=5, exclude=set()) == []
