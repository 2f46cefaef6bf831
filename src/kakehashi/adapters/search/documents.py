"""What the search engine knows of an organization: the searchable texts and the filterable facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_INDEXED_TEXT = 100_000  # characters of each description the analyzers see (the importers' limit too)
MAX_NAME_TEXT = 300  # characters of each name (the organization columns' size)
_ENCODER_CHARS_PER_WORD = (
    12  # the encoder sees max_words words, and never more than this many characters each
)


@dataclass(frozen=True, slots=True)
class TaxonomyLabel:
    facet: str  # sector | technology | industry | tag
    slug: str
    label_en: str
    label_ja: str | None = None


@dataclass(frozen=True, slots=True)
class IndexDocument:
    id: int
    name: str
    kind: str = "startup"
    names: tuple[str, ...] = ()  # every other spelling: Japanese, kana, English, domain
    description_en: str = ""
    description_ja: str = ""
    taxonomy: tuple[TaxonomyLabel, ...] = ()
    country: str | None = None
    stage: str | None = None
    status: str | None = None
    founded_year: int | None = None
    funding_usd: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def slugs(self, facet: str) -> list[str]:
        return [t.slug for t in self.taxonomy if t.facet == facet]

    def embedding_text(self, max_words: int = 80) -> str:
        """Compact text for the sentence encoder: name, taxonomy and the opening of the description.

        USE averages over tokens, so a description's first sentences (what the company does) carry
        the meaning; the long tail mostly dilutes it and costs encoder time.
        """
        # Cut before splitting: a description with no spaces (a pasted blob) must not reach the encoder whole.
        description = (self.description_en or self.description_ja)[: max_words * _ENCODER_CHARS_PER_WORD]
        words = description.split()
        if len(words) > max_words:
            description = " ".join(words[:max_words])
        elif not words and self.description_ja:
            description = self.description_ja[: max_words * 3]
        if self.description_ja and self.description_en:
            # A Japanese startup's own Japanese wording helps Japanese queries (measured on the dev set).
            description += " " + self.description_ja[:200]
        labels = ", ".join(
            t.label_en for t in self.taxonomy if t.facet in ("sector", "technology", "industry")
        )
        parts = [self.name, description, labels]
        return ". ".join(p for p in parts if p)


def document_from_organization(org: Any) -> IndexDocument:
    """Build from an ORM Organization (duck-typed so this module stays free of the database layer).

    Texts are cut to what the analyzers take, so a row stored before the import limits cannot swamp them."""
    names = tuple(
        n[:MAX_NAME_TEXT]
        for n in (org.name_ja, org.name_kana, org.name_en, org.domain)
        if n and n.strip() and n != org.name
    )
    taxonomy = tuple(
        TaxonomyLabel(facet=t.facet, slug=t.slug, label_en=t.label_en, label_ja=t.label_ja)
        for t in (org.terms or [])
    )
    return IndexDocument(
        id=int(org.id),
        name=org.name[:MAX_NAME_TEXT],
        kind=org.kind or "startup",
        names=names,
        description_en=(org.description_en or "")[:MAX_INDEXED_TEXT],
        description_ja=(org.description_ja or "")[:MAX_INDEXED_TEXT],
        taxonomy=taxonomy,
        country=(org.country or None),
        stage=(org.stage or None),
        status=(org.status or None),
        founded_year=org.founded_on.year if org.founded_on else None,
        funding_usd=org.total_funding_usd,
    )
