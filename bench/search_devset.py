"""Load the bilingual development set (eval/devset) into a database and score the search modes on it.

Usage: .venv/bin/python bench/search_devset.py [--split all|tune|holdout] [--sweep]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEVSET = ROOT / "eval" / "devset"

from kakehashi.adapters.db.engine import make_engine  # noqa: E402
from kakehashi.adapters.db.models import Organization, OrganizationTerm, TaxonomyTerm  # noqa: E402
from kakehashi.adapters.db.schema import upgrade_to_head  # noqa: E402
from kakehashi.adapters.search.evalsets import read_qrels, read_queries  # noqa: E402
from kakehashi.domain.organizations import normalize_name  # noqa: E402
from kakehashi.domain.search import SearchMode  # noqa: E402
from kakehashi.entrypoints.context import AppContext  # noqa: E402
from kakehashi.services.evaluation import evaluate  # noqa: E402
from kakehashi.services.search import rebuild_index  # noqa: E402
from kakehashi.settings import Settings  # noqa: E402


def load_corpus(context: AppContext, path: Path = DEVSET / "corpus.tsv") -> int:
    """Insert the corpus rows (organizations and their sector terms) directly; returns the count."""
    with context.uow() as uow, path.open(encoding="utf-8") as fh:
        terms: dict[str, TaxonomyTerm] = {}
        count = 0
        for row in csv.DictReader(fh, delimiter="\t"):
            org = Organization(
                kind="startup",
                name=row["name"],
                name_key=normalize_name(row["name"]),
                external_id=row["external_id"],
                country=row["country"] or None,
                stage=row["stage"] or None,
                founded_on=date(int(row["founded"]), 1, 1) if row["founded"] else None,
                founded_precision="year",
                total_funding_usd=int(row["funding_usd"]) if row["funding_usd"] else None,
                description_en=row["description_en"] or None,
                description_ja=row["description_ja"] or None,
                status="active",
            )
            uow.session.add(org)
            uow.session.flush()
            for slug in filter(None, row["sectors"].split(",")):
                term = terms.get(slug)
                if term is None:
                    term = TaxonomyTerm(facet="sector", slug=slug, label_en=slug.replace("-", " ").title())
                    uow.session.add(term)
                    uow.session.flush()
                    terms[slug] = term
                uow.session.add(OrganizationTerm(organization_id=org.id, term_id=term.id))
            count += 1
        uow.commit()
    return count


def devset_context(workdir: Path) -> AppContext:
    url = f"sqlite:///{workdir / 'dev.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    context = AppContext(
        settings=Settings(environment="test", data_dir=workdir, database_url=url), database_url=url
    )
    load_corpus(context)
    rebuild_index(context.uow(), context.search_engine)
    return context


def split(queries: list, which: str) -> list:
    """Tune on odd-numbered needs, hold out even-numbered ones (both languages of a need stay together)."""
    if which == "all":
        return queries
    keep = 1 if which == "tune" else 0
    return [q for q in queries if int(q.id[1:3]) % 2 == keep]


def score_table(context: AppContext, which: str = "all", engine=None) -> list[list[object]]:
    queries = split(read_queries(DEVSET / "queries.jsonl"), which)
    qrels = read_qrels(DEVSET / "qrels.json")
    rows = []
    for mode in (SearchMode.BM25, SearchMode.LEXICAL, SearchMode.EMBEDDING, SearchMode.HYBRID):
        report = evaluate(
            context.uow(), engine or context.search_engine, queries=queries, qrels=qrels, mode=mode
        )
        s = report.by_language
        rows.append(
            [
                mode.value,
                f"{s['en'].ndcg_at_10:.3f}",
                f"{s['ja'].ndcg_at_10:.3f}",
                f"{s['en'].recall_at_50:.3f}",
                f"{s['ja'].recall_at_50:.3f}",
                f"{s['all'].ndcg_at_10:.3f}",
            ]
        )
    return rows


HEADERS = ["mode", "nDCG@10 en", "nDCG@10 ja", "Recall@50 en", "Recall@50 ja", "nDCG@10 all"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="all", choices=["all", "tune", "holdout"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        context = devset_context(Path(tmp))
        for row in [HEADERS, *score_table(context, args.split)]:
            print("\t".join(str(c) for c in row))
        context.dispose()


if __name__ == "__main__":
    main()
