"""Why a hit is there: query words found (in either language), semantic similarity, taxonomy matched."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kakehashi.adapters.search.analyzers import analyze_en, analyze_ja
from kakehashi.adapters.search.lexical import StoredDoc, WeightedTerm
from kakehashi.domain.search import TermMatch

# Explaining a hit analyses its stored text again (Sudachi for the Japanese: most of a search page's CPU
# before this cache). The same companies come back for many queries, so their terms are kept, keyed by
# the text itself: an edited company has a new key, never stale terms. ~2,000 companies, a few MB.
DOC_TERMS_CACHE = 2048


def _doc_terms(doc: StoredDoc) -> dict[str, frozenset[str]]:
    return _doc_terms_of(tuple(doc.names), doc.desc_en, doc.desc_ja, tuple(tuple(t) for t in doc.taxonomy))


@lru_cache(maxsize=DOC_TERMS_CACHE)
def _doc_terms_of(
    names: tuple[str, ...], desc_en: str, desc_ja: str, taxonomy: tuple[tuple[str, ...], ...]
) -> dict[str, frozenset[str]]:
    en = {
        "name": frozenset(analyze_en(" ".join(n for n in names if n.isascii()))),
        "description": frozenset(analyze_en(desc_en)),
        "taxonomy": frozenset(analyze_en(" ; ".join(t[2] for t in taxonomy))),
    }
    empty: frozenset[str] = frozenset()
    ja: dict[str, frozenset[str]] = {"name": empty, "description": empty, "taxonomy": empty}
    if not " ".join(names).isascii():
        ja["name"] = frozenset(analyze_ja(" ".join(n for n in names if not n.isascii())))
    if desc_ja:
        ja["description"] = frozenset(analyze_ja(desc_ja))
    ja_labels = " ".join(t[3] for t in taxonomy if len(t) > 3 and t[3])
    if ja_labels:
        ja["taxonomy"] = frozenset(analyze_ja(ja_labels))
    return {
        "en": frozenset().union(*en.values()),
        "ja": frozenset().union(*ja.values()),
        **_flatten(en, ja),
    }


@lru_cache(maxsize=4096)
def _label_terms(label: str, language: str) -> frozenset[str]:
    """Terms of one taxonomy label (a few hundred labels in all, asked for on every hit)."""
    return frozenset(analyze_ja(label) if language == "ja" else analyze_en(label))


def _flatten(en: dict[str, frozenset[str]], ja: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    return {
        f"{lang}:{field}": terms
        for lang, fields in (("en", en), ("ja", ja))
        for field, terms in fields.items()
    }


def explain(
    doc: StoredDoc,
    terms: Sequence[WeightedTerm],
    similarity: float | None,
) -> tuple[list[TermMatch], list[str], list[str]]:
    """(matched terms, matched taxonomy labels, human-readable reasons)."""
    doc_terms = _doc_terms(doc)
    matches: list[TermMatch] = []
    seen: set[str] = set()
    for wt in terms:
        if not wt.terms or not set(wt.terms) <= doc_terms[wt.lang]:
            continue
        where = next(
            (f for f in ("name", "taxonomy", "description") if set(wt.terms) <= doc_terms[f"{wt.lang}:{f}"]),
            "description",
        )
        if wt.display in seen:
            continue
        seen.add(wt.display)
        source = wt.source if wt.source != wt.display else None
        matches.append(TermMatch(term=wt.display, field=where, source=source))
    query_terms_en = {t for wt in terms if wt.lang == "en" for t in wt.terms}
    query_terms_ja = {t for wt in terms if wt.lang == "ja" for t in wt.terms}
    taxonomy: list[str] = []
    for _facet, _slug, label_en, *rest in doc.taxonomy:
        label_ja = rest[0] if rest else ""
        if _label_terms(label_en, "en") & query_terms_en or (
            label_ja and _label_terms(label_ja, "ja") & query_terms_ja
        ):
            taxonomy.append(f"{label_en} / {label_ja}" if label_ja else label_en)
    why: list[str] = []
    if matches:
        why.append("matched: " + ", ".join(str(m) for m in matches[:8]))
    if taxonomy:
        why.append("taxonomy: " + ", ".join(taxonomy))
    if similarity is not None:
        why.append(f"semantic similarity {similarity:.2f}")
    if not why:
        why.append("listed by the filters")
    return matches, taxonomy, why
