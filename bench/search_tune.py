"""Score engine variants (EngineConfig knobs) on a loaded database: tune on one half, report the other.

Usage: KAKEHASHI_DATABASE_URL=... KAKEHASHI_DATA_DIR=... .venv/bin/python bench/search_tune.py QUERIES QRELS
       [--variant name:knob=value,knob=value ...] [--half tune|heldout|all]
The queries file's "half" field (or the id parity, as eval/devset) selects the half.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kakehashi.adapters.search.evalsets import read_qrels, read_queries
from kakehashi.domain.search import SearchMode
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.evaluation import evaluate


def halves(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["id"]] = row.get("half") or ("tune" if int(row["id"][1:3]) % 2 else "heldout")
    return out


def parse_variant(text: str) -> tuple[str, dict[str, object]]:
    name, _, knobs = text.partition(":")
    changes: dict[str, object] = {}
    for pair in filter(None, knobs.split(",")):
        key, _, value = pair.partition("=")
        try:
            changes[key] = float(value) if "." in value else int(value)
        except ValueError:
            changes[key] = value
    return name, changes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", type=Path)
    parser.add_argument("qrels", type=Path)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--half", default="tune")
    parser.add_argument("--modes", default="bm25,embedding,hybrid")
    args = parser.parse_args()
    context = AppContext()
    part = halves(args.queries)
    queries = [q for q in read_queries(args.queries) if args.half == "all" or part.get(q.id) == args.half]
    qrels = read_qrels(args.qrels)
    variants: list[tuple[str, dict[str, object]]] = [("current", {})]
    variants += [parse_variant(v) for v in args.variant]
    print("variant\tmode\tnDCG@10 en\tnDCG@10 ja\tR@50 en\tR@50 ja")
    for name, changes in variants:
        all_modes = bool(changes.pop("all_modes", 0))
        engine = context.search_engine.with_config(**changes)
        for mode in args.modes.split(","):
            if name != "current" and mode != "hybrid" and not all_modes:
                continue
            report = evaluate(context.uow(), engine, queries=queries, qrels=qrels, mode=SearchMode(mode))
            s = report.by_language
            print(
                f"{name}\t{mode}\t{s['en'].ndcg_at_10:.3f}\t{s['ja'].ndcg_at_10:.3f}\t"
                f"{s['en'].recall_at_50:.3f}\t{s['ja'].recall_at_50:.3f}",
                flush=True,
            )
    context.dispose()
    sys.exit(0)


if __name__ == "__main__":
    main()
