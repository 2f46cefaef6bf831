"""Measuring search quality on judged queries: nDCG@10 and Recall@50 per query language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.adapters.search.evalsets import EvalQuery, read_qrels, read_queries
from kakehashi.domain.search import SearchMode, ndcg_at_k, recall_at_k
from kakehashi.services.unit_of_work import UnitOfWork

# Reading evaluation sets (JSONL queries, qrels as JSON or TREC text) is the search adapter's job; entry points
# reach it through this service module.
__all__ = [
    "EvalQuery",
    "EvalReport",
    "LanguageScore",
    "evaluate",
    "read_qrels",
    "read_queries",
    "resolve_documents",
]


@dataclass
class LanguageScore:
    ndcg_at_10: float = 0.0
    recall_at_50: float = 0.0
    queries: int = 0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "ndcg@10": round(self.ndcg_at_10, 4),
            "recall@50": round(self.recall_at_50, 4),
            "queries": self.queries,
        }


@dataclass
class EvalReport:
    mode: str
    by_language: dict[str, LanguageScore]
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)
    unresolved_documents: int = 0
    skipped_queries: int = 0

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {lang: s.as_dict() for lang, s in self.by_language.items()}
        out["mode"] = self.mode
        out["unresolved_documents"] = self.unresolved_documents
        out["skipped_queries"] = self.skipped_queries
        return out


def resolve_documents(uow: UnitOfWork, doc_ids: Sequence[str]) -> dict[str, int]:
    """Judged document ids -> organization ids, by external id, numeric id, exact name or domain."""
    wanted = {str(d) for d in doc_ids}
    found: dict[str, int] = {}
    with uow:
        rows = uow.directory.document_keys()
    by_external = {str(r.external_id): r.id for r in rows if r.external_id}
    by_id = {str(r.id): r.id for r in rows}
    by_name = {r.name: r.id for r in rows}
    by_name_fold = {r.name.casefold(): r.id for r in rows}
    by_domain = {str(r.domain).lower(): r.id for r in rows if r.domain}
    for doc in wanted:
        for table, key in (
            (by_external, doc),
            (by_id, doc),
            (by_name, doc),
            (by_name_fold, doc.casefold()),
            (by_domain, doc.lower()),
        ):
            if key in table:
                found[doc] = table[key]
                break
    return found


def evaluate(
    uow: UnitOfWork,
    engine: SearchEngine,
    *,
    queries: Sequence[EvalQuery],
    qrels: Mapping[str, Mapping[str, float]],
    mode: SearchMode = SearchMode.HYBRID,
) -> EvalReport:
    """Run every judged query once and average the metrics per language and overall."""
    all_docs = sorted({d for judged in qrels.values() for d in judged})
    mapping = resolve_documents(uow, all_docs)
    report = EvalReport(
        mode=str(mode), by_language={"ja": LanguageScore(), "en": LanguageScore(), "all": LanguageScore()}
    )
    report.unresolved_documents = len(all_docs) - len(mapping)
    for query in queries:
        judged = qrels.get(query.id)
        if not judged:
            report.skipped_queries += 1
            continue
        judgements = {mapping[d]: float(g) for d, g in judged.items() if d in mapping}
        results = engine.search(query.text, limit=50, mode=mode, with_facets=False, with_explanations=False)
        ranked = [hit.id for hit in results.hits]
        ndcg = ndcg_at_k(ranked, judgements, 10)
        recall = recall_at_k(ranked, judgements, 50)
        report.per_query[query.id] = {"ndcg@10": ndcg, "recall@50": recall}
        for key in (query.language, "all"):
            score = report.by_language.setdefault(key, LanguageScore())
            score.ndcg_at_10 += ndcg
            score.recall_at_50 += recall
            score.queries += 1
    for score in report.by_language.values():
        if score.queries:
            score.ndcg_at_10 /= score.queries
            score.recall_at_50 /= score.queries
    return report
