"""Bilingual sector and technology vocabulary, with the aliases people use for the same thing.

Labels from files ("Cyber Security", "Information Technology", "医療") resolve to one shared term so that
a Japanese scout and an English file describe the same startups; unknown labels become free `tag` terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from kakehashi.domain.reference_data import load


class Facet(StrEnum):
    SECTOR = "sector"
    TECHNOLOGY = "technology"
    INDUSTRY = "industry"
    TAG = "tag"


@dataclass(frozen=True, slots=True)
class Term:
    facet: Facet
    slug: str
    label_en: str
    label_ja: str | None
    aliases: tuple[str, ...] = ()


VOCABULARY: tuple[Term, ...] = tuple(
    Term(Facet(term["facet"]), term["slug"], term["en"], term["ja"], tuple(term["aliases"]))
    for term in load("taxonomy.json")["terms"]
)
"""Sectors (the markets a startup sells into), then technologies; from `reference_data/taxonomy.json`."""


def label_key(label: str) -> str:
    """Comparable form of a label: NFKC, case-folded, punctuation and spaces removed."""
    text = unicodedata.normalize("NFKC", label).casefold()
    text = text.replace("&", "and")
    return re.sub(r"[\W_]+", "", text)


def slugify(label: str) -> str:
    """URL-safe slug for a free label; non-Latin text is kept (NFKC) so Japanese tags stay readable."""
    text = unicodedata.normalize("NFKC", label).casefold().replace("&", " and ")
    text = re.sub(r"[^\w]+", "-", text).strip("-")
    return text[:120] or "tag"


def _build_index() -> dict[str, Term]:
    index: dict[str, Term] = {}
    for term in VOCABULARY:
        for text in (term.slug, term.label_en, term.label_ja or "", *term.aliases):
            key = label_key(text)
            # First writer wins: sector aliases are listed before the technology terms that share words.
            if key and key not in index:
                index[key] = term
    return index


_INDEX = _build_index()
BY_SLUG: dict[str, Term] = {term.slug: term for term in VOCABULARY}


def resolve_term(label: str) -> Term:
    """The vocabulary term a label names, or a free `tag` term keeping the label as written."""
    cleaned = " ".join(label.split())
    term = _INDEX.get(label_key(cleaned))
    if term is not None:
        return term
    # "Artificial Intelligence (AI)", "医療（ヘルスケア）": try the text outside and inside the brackets.
    outside = re.sub(r"[(（\[].*?[)）\]]", " ", cleaned).strip()
    inside = re.findall(r"[(（\[](.*?)[)）\]]", cleaned)
    for candidate in (outside, *inside):
        term = _INDEX.get(label_key(candidate)) if candidate else None
        if term is not None:
            return term
    is_japanese = any(ord(ch) > 0x2E80 for ch in cleaned)
    return Term(Facet.TAG, slugify(cleaned), cleaned, cleaned if is_japanese else None, ())


def split_labels(text: str) -> list[str]:
    """Split a cell such as "Cyber Security, SaaS; AI" or "医療・ヘルスケア、AI" into labels."""
    parts = re.split(r"[,;|、，；\n]+", text)
    labels: dict[str, None] = {}  # ordered and unique, in linear time however long the cell
    for part in parts:
        cleaned = " ".join(part.split())
        if cleaned:
            labels.setdefault(cleaned)
    return list(labels)
