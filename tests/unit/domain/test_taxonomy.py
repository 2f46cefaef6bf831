"""The bilingual vocabulary: common labels from files resolve to one shared term."""

from __future__ import annotations

import pytest

from kakehashi.domain.taxonomy import VOCABULARY, Facet, resolve_term, split_labels

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Cyber Security", "cybersecurity"),
        ("サイバーセキュリティ", "cybersecurity"),
        ("Information Technology", "enterprise-software"),
        ("医療", "digital-health"),
        ("Artificial Intelligence (AI)", "artificial-intelligence"),
        ("人工知能", "artificial-intelligence"),
        ("ＡＩ", "artificial-intelligence"),
        ("AgTech", "agrifood"),
        ("Machine Learning", "machine-learning"),
        ("ロボット", "robotics"),
        ("FinTech", "fintech"),
    ],
)
def test_resolve_term_aliases(label: str, slug: str) -> None:
    assert resolve_term(label).slug == slug


def test_resolve_term_unknown_label_becomes_tag() -> None:
    term = resolve_term("Quantum Baking")

    assert (term.facet, term.slug, term.label_en) == (Facet.TAG, "quantum-baking", "Quantum Baking")


def test_vocabulary_is_bilingual_and_unique() -> None:
    slugs = [term.slug for term in VOCABULARY]

    assert len(slugs) == len(set(slugs))
    assert 40 <= len(VOCABULARY) <= 80
    assert all(term.label_ja for term in VOCABULARY)


def test_split_labels_handles_english_and_japanese_separators() -> None:
    assert split_labels("Cyber Security, SaaS; AI") == ["Cyber Security", "SaaS", "AI"]
    assert split_labels("医療、AI") == ["医療", "AI"]
