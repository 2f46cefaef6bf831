"""Keyword index on tantivy: BM25 over names, descriptions and taxonomy labels in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

from kakehashi.adapters.search.analyzers import (
    EN_ANALYZER,
    JA_ANALYZER,
    en_text_analyzer,
    ja_index_text,
    ws_text_analyzer,
)
from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.domain.search import SearchFilters

# Field boosts: a word in the name or taxonomy says more about a company than one in its description.
EN_FIELDS = {"name": 3.0, "tax_en": 1.5, "desc_en": 1.0}
JA_FIELDS = {"name_ja": 3.0, "tax_ja": 1.5, "desc_ja": 1.0}
FACET_FIELDS = ("kind", "country", "stage", "status", "sector", "technology")


def build_schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("name", stored=True, tokenizer_name=EN_ANALYZER)
    sb.add_text_field("name_ja", stored=False, tokenizer_name=JA_ANALYZER)
    sb.add_text_field("names_raw", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("desc_en", stored=True, tokenizer_name=EN_ANALYZER)
    sb.add_text_field("desc_ja", stored=False, tokenizer_name=JA_ANALYZER)
    sb.add_text_field("desc_ja_raw", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("tax_en", stored=False, tokenizer_name=EN_ANALYZER)
    sb.add_text_field("tax_ja", stored=False, tokenizer_name=JA_ANALYZER)
    sb.add_text_field("taxonomy", stored=True, tokenizer_name="raw", index_option="basic")
    for facet in FACET_FIELDS:
        sb.add_text_field(facet, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("founded", stored=True, indexed=True, fast=True)
    sb.add_integer_field("funding", stored=True, indexed=True, fast=True)
    return sb.build()


@dataclass(frozen=True, slots=True)
class WeightedTerm:
    """One analysed term or phrase to look for, the language path it takes and its weight."""

    terms: tuple[str, ...]  # one term, or the terms of a phrase
    lang: str  # "en" | "ja"
    weight: float
    display: str  # shown in explanations: the query word, or the translation of one
    source: str  # the query words it stands for (differs from display for translations)


@dataclass(frozen=True, slots=True)
class StoredDoc:
    id: int
    name: str
    names: list[str]
    desc_en: str
    desc_ja: str
    taxonomy: list[list[str]]  # [facet, slug, label_en, label_ja]
    kind: str | None
    country: str | None


def _first(d: dict[str, list[Any]], key: str) -> Any:
    values = d.get(key) or []
    return values[0] if values else None


class LexicalIndex:
    """One tantivy index on disk; writers are short-lived so that several processes can take turns."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = build_schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.index.register_tokenizer(EN_ANALYZER, en_text_analyzer())
        self.index.register_tokenizer(JA_ANALYZER, ws_text_analyzer())
        self._writer: Any = None

    # ---- writing -------------------------------------------------------------------------------
    def _to_tantivy(self, doc: IndexDocument) -> Any:
        d = tantivy.Document()
        d.add_unsigned("id", doc.id)
        d.add_text("name", " ".join([doc.name, *[n for n in doc.names if n.isascii()]]))
        ja_names = " ".join(n for n in (doc.name, *doc.names) if not n.isascii())
        if ja_names:
            d.add_text("name_ja", ja_index_text(ja_names))
        d.add_text("names_raw", json.dumps([doc.name, *doc.names], ensure_ascii=False))
        if doc.description_en:
            d.add_text("desc_en", doc.description_en)
        if doc.description_ja:
            d.add_text("desc_ja", ja_index_text(doc.description_ja))
            d.add_text("desc_ja_raw", doc.description_ja)
        if doc.taxonomy:
            d.add_text("tax_en", " ; ".join(t.label_en for t in doc.taxonomy))
            ja_labels = " ".join(t.label_ja for t in doc.taxonomy if t.label_ja)
            if ja_labels:
                d.add_text("tax_ja", ja_index_text(ja_labels))
            d.add_text(
                "taxonomy",
                json.dumps(
                    [[t.facet, t.slug, t.label_en, t.label_ja or ""] for t in doc.taxonomy],
                    ensure_ascii=False,
                ),
            )
        d.add_text("kind", doc.kind)
        for key, value in (("country", doc.country), ("stage", doc.stage), ("status", doc.status)):
            if value:
                d.add_text(key, value)
        for slug in doc.slugs("sector"):
            d.add_text("sector", slug)
        for slug in doc.slugs("technology"):
            d.add_text("technology", slug)
        if doc.founded_year is not None:
            d.add_integer("founded", int(doc.founded_year))
        if doc.funding_usd is not None:
            d.add_integer("funding", int(doc.funding_usd))
        return d

    def writer(self) -> Any:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        return self._writer

    def upsert(self, docs: Iterable[IndexDocument]) -> int:
        batch = list(docs)
        self.delete([d.id for d in batch])
        writer = self.writer()
        for doc in batch:
            writer.add_document(self._to_tantivy(doc))
        return len(batch)

    def delete(self, ids: Iterable[int]) -> None:
        # By query: delete_documents_by_term does not match unsigned fields in the Python binding.
        keys = [int(i) for i in ids]
        if keys:
            self.writer().delete_documents_by_query(Query.term_set_query(self.schema, "id", keys))

    def clear(self) -> None:
        self.writer().delete_all_documents()

    def commit(self) -> None:
        """Make writes durable and visible, then let go of the writer lock for other processes."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    def reload(self) -> None:
        self.index.reload()

    # ---- reading -------------------------------------------------------------------------------
    def num_docs(self) -> int:
        return int(self.index.searcher().num_docs)

    def text_query(
        self,
        terms: Sequence[WeightedTerm],
        *,
        boosts: bool = True,
        name_boost: float | None = None,
        taxonomy_boost: float | None = None,
    ) -> Any | None:
        """Disjunction of weighted term and phrase queries over the fields of each term's language.

        name_boost / taxonomy_boost replace the default field boosts (the description's is 1).
        """
        clauses: list[tuple[Any, Any]] = []
        chosen = {
            "name": name_boost,
            "name_ja": name_boost,
            "tax_en": taxonomy_boost,
            "tax_ja": taxonomy_boost,
        }
        for wt in terms:
            fields = EN_FIELDS if wt.lang == "en" else JA_FIELDS
            for field_name, default_boost in fields.items():
                field_boost = chosen.get(field_name)
                if field_boost is None:
                    field_boost = default_boost
                if field_boost <= 0:
                    continue
                boost = wt.weight * (field_boost if boosts else 1.0)
                if len(wt.terms) == 1:
                    q = Query.term_query(self.schema, field_name, wt.terms[0])
                else:
                    q = Query.phrase_query(self.schema, field_name, list(wt.terms), slop=1)
                clauses.append((Occur.Should, Query.boost_query(q, boost) if boost != 1.0 else q))
        if not clauses:
            return None
        return Query.boolean_query(clauses)

    def doc_freq(self, term: str) -> int:
        """Documents whose English description, name or taxonomy holds the (stemmed) term."""
        searcher = self.index.searcher()
        return max(int(searcher.doc_freq(f, term)) for f in EN_FIELDS)

    def phrase_freq(self, terms: Sequence[str]) -> int:
        """Documents whose English description or taxonomy holds the (stemmed) phrase, words adjacent."""
        if len(terms) == 1:
            return self.doc_freq(terms[0])
        clauses = [
            (Occur.Should, Query.phrase_query(self.schema, f, list(terms), slop=0))
            for f in ("desc_en", "tax_en")
        ]
        return self.count(Query.boolean_query(clauses))

    def filter_query(self, filters: SearchFilters) -> Any | None:
        musts: list[tuple[Any, Any]] = []

        def any_of(field_name: str, values: Sequence[str]) -> None:
            if values:
                musts.append((Occur.Must, Query.term_set_query(self.schema, field_name, list(values))))

        any_of("kind", filters.kinds)
        any_of("country", [c.upper() for c in filters.countries])
        any_of("sector", filters.sectors)
        any_of("technology", filters.technologies)
        any_of("stage", filters.stages)
        any_of("status", filters.statuses)
        for field_name, low, high in (
            ("founded", filters.founded_from, filters.founded_to),
            ("funding", filters.funding_min, filters.funding_max),
        ):
            if low is not None or high is not None:
                musts.append(
                    (
                        Occur.Must,
                        Query.range_query(self.schema, field_name, tantivy.FieldType.Integer, low, high),
                    )
                )
        if not musts:
            return None
        return Query.boolean_query(musts)

    @staticmethod
    def combine(text: Any | None, filt: Any | None) -> Any:
        if text is None and filt is None:
            return Query.all_query()
        if text is None:
            return filt
        if filt is None:
            return text
        return Query.boolean_query([(Occur.Must, text), (Occur.Must, filt)])

    def search(self, query: Any, limit: int) -> list[tuple[int, float]]:
        """(organization id, BM25 score), best first."""
        searcher = self.index.searcher()
        result = searcher.search(query, limit=max(1, limit), count=False)
        addresses = [addr for _score, addr in result.hits]
        ids = searcher.fast_field_values("id", addresses) if addresses else []
        return [(int(i or 0), float(s)) for i, (s, _a) in zip(ids, result.hits, strict=True)]

    def restrict(self, ids: Sequence[int], filt: Any | None) -> set[int]:
        """Those ids that exist in the index and pass the filters."""
        if not ids:
            return set()
        q = Query.term_set_query(self.schema, "id", [int(i) for i in ids])
        q = self.combine(q, filt)
        return {i for i, _ in self.search(q, len(ids))}

    def count(self, query: Any) -> int:
        result: Any = self.index.searcher().search(query, limit=1, count=True)
        return int(result.count)

    def all_ids(self, query: Any, cap: int) -> list[int]:
        return [i for i, _ in self.search(query, cap)]

    def facets(self, ids: Sequence[int], size: int = 30) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value over the given documents (the filtered result pool)."""
        if not ids:
            return {f: [] for f in FACET_FIELDS}
        q = Query.term_set_query(self.schema, "id", [int(i) for i in ids])
        agg = {f: {"terms": {"field": f, "size": size}} for f in FACET_FIELDS}
        raw = self.index.searcher().aggregate(q, agg)
        out: dict[str, list[tuple[str, int]]] = {}
        for f in FACET_FIELDS:
            buckets = (raw.get(f) or {}).get("buckets", [])
            out[f] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return out

    def stored(self, ids: Sequence[int]) -> dict[int, StoredDoc]:
        if not ids:
            return {}
        searcher = self.index.searcher()
        q = Query.term_set_query(self.schema, "id", [int(i) for i in ids])
        result = searcher.search(q, limit=len(ids), count=False)
        out: dict[int, StoredDoc] = {}
        for _score, addr in result.hits:
            d = searcher.doc(addr).to_dict()
            doc_id = int(_first(d, "id"))
            out[doc_id] = StoredDoc(
                id=doc_id,
                name=str(json.loads(_first(d, "names_raw") or "[]")[0:1][0] if d.get("names_raw") else ""),
                names=json.loads(_first(d, "names_raw") or "[]"),
                desc_en=_first(d, "desc_en") or "",
                desc_ja=_first(d, "desc_ja_raw") or "",
                taxonomy=json.loads(_first(d, "taxonomy") or "[]"),
                kind=_first(d, "kind"),
                country=_first(d, "country"),
            )
        return out
