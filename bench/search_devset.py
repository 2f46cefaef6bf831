"""Load a bilingual development set into a database and score the search modes on it.

Sets: `devset` (eval/devset, written by the team) and the real sets built by eval/realset/build.py under
$KAKEHASHI_REALSET or /work/data/search-real: `snc` (Israeli startups, Start-Up Nation Finder export) and
`yc` (Y Combinator directory, one-line descriptions). Real sets are imported through the real importer.

Usage: .venv/bin/python bench/search_devset.py [--set devset|snc|yc] [--split all|tune|holdout]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEVSET = ROOT / "eval" / "devset"
REALSET_DEFAULT = Path("/work/data/search-real")

from kakehashi.adapters.db.engine import make_engine  # noqa: E402
from kakehashi.adapters.db.models import Organization, OrganizationTerm, TaxonomyTerm  # noqa: E402
from kakehashi.adapters.db.schema import upgrade_to_head  # noqa: E402
from kakehashi.adapters.search.engine import SearchEngine  # noqa: E402
from kakehashi.adapters.search.evalsets import EvalQuery, read_qrels, read_queries  # noqa: E402
from kakehashi.domain.organizations import normalize_name  # noqa: E402
from kakehashi.domain.search import SearchMode  # noqa: E402
from kakehashi.entrypoints.context import AppContext  # noqa: E402
from kakehashi.services.catalog import import_companies_file  # noqa: E402
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


@dataclass(frozen=True)
class EvalSet:
    name: str
    folder: Path  # holds queries.jsonl and qrels.json (and companies.csv for a real set)
    title: str

    @property
    def real(self) -> bool:
        return self.name != "devset"


DEVSET_SET = EvalSet("devset", DEVSET, "old development set (eval/devset, written by the team)")
REAL_TITLES = {
    "snc": "real set 1: 1,000 Israeli startups (Start-Up Nation Finder export), 44 needs, judged by editors' tags",
    "yc": "real set 2: 4,421 Y Combinator startups (one-line descriptions), 38 needs, judged by industry labels",
}


def realset_dir() -> Path:
    return Path(os.environ.get("KAKEHASHI_REALSET") or REALSET_DEFAULT)


def real_sets(root: Path | None = None) -> list[EvalSet]:
    """The real sets that were built (companies.csv, queries.jsonl and qrels.json present), in a fixed order."""
    root = root or realset_dir()
    found = []
    for name, title in REAL_TITLES.items():
        folder = root / name
        if all((folder / f).is_file() for f in ("companies.csv", "queries.jsonl", "qrels.json")):
            found.append(EvalSet(name, folder, title))
    return found


def get_set(name: str) -> EvalSet:
    if name == "devset":
        return DEVSET_SET
    for evalset in real_sets():
        if evalset.name == name:
            return evalset
    raise SystemExit(f"{name}: not built under {realset_dir()} (run eval/realset/build.py; see its README)")


def devset_context(workdir: Path, evalset: EvalSet = DEVSET_SET) -> AppContext:
    url = f"sqlite:///{workdir / 'dev.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    context = AppContext(
        settings=Settings(environment="test", data_dir=workdir, database_url=url), database_url=url
    )
    if evalset.real:
        import_companies_file(context.uow(), path=evalset.folder / "companies.csv", source=evalset.name)
    else:
        load_corpus(context)
    rebuild_index(context.uow(), context.search_engine)
    return context


def need_number(query_id: str) -> int:
    found = re.search(r"\d+", query_id)
    return int(found.group()) if found else 0


def split(queries: list[EvalQuery], which: str) -> list[EvalQuery]:
    """Tune on odd-numbered needs, hold out even-numbered ones (both languages of a need stay together)."""
    if which == "all":
        return queries
    keep = 1 if which == "tune" else 0
    return [q for q in queries if need_number(q.id) % 2 == keep]


def score_table(
    context: AppContext, which: str = "all", engine: SearchEngine | None = None, evalset: EvalSet = DEVSET_SET
) -> list[list[object]]:
    queries = split(read_queries(evalset.folder / "queries.jsonl"), which)
    qrels = read_qrels(evalset.folder / "qrels.json")
    rows: list[list[object]] = []
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
    parser.add_argument("--set", default="devset", choices=["devset", *REAL_TITLES])
    parser.add_argument("--split", default="all", choices=["all", "tune", "holdout"])
    args = parser.parse_args()
    evalset = get_set(args.set)
    with tempfile.TemporaryDirectory() as tmp:
        context = devset_context(Path(tmp), evalset)
        table: list[list[object]] = [list(HEADERS), *score_table(context, args.split, evalset=evalset)]
        for row in table:
            print("\t".join(str(c) for c in row))
        context.dispose()


if __name__ == "__main__":
    main()
