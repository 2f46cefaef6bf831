"""Why a hit is there: query words found (in either language), semantic similarity, taxonomy matched."""

from __future__ import annotations

from collections.abc import Sequence

from kakehashi.adapters.search.analyzers import analyze_en, analyze_ja
from kakehashi.adapters.search.lexical import StoredDoc, WeightedTerm
from kakehashi.domain.search import TermMatch


def _doc_terms(doc: StoredDoc) -> dict[str, set[str]]:
    names = " ".join(doc.names)
    en = {
        "name": set(analyze_en(" ".join(n for n in doc.names if n.isascii()))),
        "description": set(analyze_en(doc.desc_en)),
        "taxonomy": set(analyze_en(" ; ".join(t[2] for t in doc.taxonomy))),
    }
    ja: dict[str, set[str]] = {"name": set(), "description": set(), "taxonomy": set()}
    if not names.isascii():
        ja["name"] = set(analyze_ja(" ".join(n for n in doc.names if not n.isascii())))
    if doc.desc_ja:
        ja["description"] = set(analyze_ja(doc.desc_ja))
    ja_labels = " ".join(t[3] for t in doc.taxonomy if len(t) > 3 and t[3])
    if ja_labels:
        ja["taxonomy"] = set(analyze_ja(ja_labels))
    return {"en": set().union(*en.values()), "ja": set().union(*ja.values()), **_flatten(en, ja)}


def _flatten(en: dict[str, set[str]], ja: dict[str, set[str]]) -> dict[str, set[str]]:
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
        if set(analyze_en(label_en)) & query_terms_en or (
            label_ja and set(analyze_ja(label_ja)) & query_terms_ja
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
