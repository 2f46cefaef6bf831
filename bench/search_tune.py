"""Score engine variants (EngineConfig knobs) on a loaded database: tune on one half, report the other.

Usage: KAKEHASHI_DATABASE_URL=... KAKEHASHI_DATA_DIR=... .venv/bin/python bench/search_tune.py QUERIES QRELS
       [--variant name:knob=value,knob=value ...] [--half tune|heldout|all]
       [--report --before OTHER_SRC]   both halves and eval/devset, this code beside OTHER_SRC's (e.g.
                                       main's src/), into docs/benchmarks.md ("search-tuning")
The queries file's "half" field (or the id parity, as eval/devset) selects the half.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


ROOT = Path(__file__).resolve().parents[1]


def scores(queries_path: Path, qrels_path: Path, half: str, modes: list[str]) -> dict[str, list[float]]:
    """mode -> [nDCG@10 en, nDCG@10 ja, Recall@50 en, Recall@50 ja] with this process's engine."""
    context = AppContext()
    part = halves(queries_path)
    queries = [q for q in read_queries(queries_path) if half == "all" or part.get(q.id) == half]
    qrels = read_qrels(qrels_path)
    out = {}
    for mode in modes:
        s = evaluate(
            context.uow(), context.search_engine, queries=queries, qrels=qrels, mode=SearchMode(mode)
        )
        b = s.by_language
        out[mode] = [b["en"].ndcg_at_10, b["ja"].ndcg_at_10, b["en"].recall_at_50, b["ja"].recall_at_50]
    context.dispose()
    return out


def _child(src: str, args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": src}
    return subprocess.run(
        [sys.executable, "-W", "ignore", *args], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout


def write_report(queries_path: Path, qrels_path: Path, before: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.report import markdown_table, write_section

    headers = ["set / half", "search", "nDCG@10 en", "nDCG@10 ja", "ja / en", "hybrid en / BM25 en"]
    rows: list[list[object]] = []
    for half in ("tune", "heldout"):
        now = scores(queries_path, qrels_path, half, ["bm25", "embedding", "hybrid"])
        then = (
            json.loads(
                _child(before, [__file__, str(queries_path), str(qrels_path), "--json", "--half", half])
            )
            if before
            else {}
        )
        bm25_en = now["bm25"][0]
        for label, values in (
            ("BM25 (English text)", now["bm25"]),
            ("encoder alone", now["embedding"]),
            ("hybrid before", then.get("hybrid")),
            ("hybrid after", now["hybrid"]),
        ):
            if values is None:
                continue
            en, ja = values[0], values[1]
            ratio = f"{ja / en:.2f}" if en else "-"
            lift = f"{en / bm25_en:.2f}" if label.startswith("hybrid") and bm25_en else ""
            rows.append([f"real / {half}", label, f"{en:.3f}", f"{ja:.3f}", ratio, lift])
    for split in ("all", "holdout"):
        for label, src in (("hybrid before", before), ("hybrid after", None)):
            if label == "hybrid before" and not src:
                continue
            args = [str(ROOT / "bench" / "search_devset.py"), "--split", split]
            out = _child(src or str(ROOT / "src"), args)
            hybrid = next(line.split("\t") for line in out.splitlines() if line.startswith("hybrid"))
            en, ja = float(hybrid[1]), float(hybrid[2])
            rows.append([f"eval/devset / {split}", label, f"{en:.3f}", f"{ja:.3f}", f"{ja / en:.2f}", ""])
    load = os.getloadavg()[0]
    body = (
        markdown_table(headers, rows)
        + "\n\nReal set: eval/realset (Start-Up Nation Finder descriptions, needs in English and Japanese, "
        "relevance from the source's categories; see eval/realset/README.md), loaded with `kakehashi import "
        "companies` and indexed. The knobs were chosen on the tune half only; the held-out half was scored "
        "once with the chosen defaults. `before` is the code given with --before (main), on the same index. "
        f"Quality figures do not depend on machine load (load average {load:.1f}).\n"
    )
    print(body)
    command = "python bench/search_tune.py QUERIES QRELS --report" + (" --before MAIN_SRC" if before else "")
    write_section(
        "search-tuning", "Search quality before/after tuning on real data (issue 13)", command, body
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", type=Path)
    parser.add_argument("qrels", type=Path)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--half", default="tune")
    parser.add_argument("--modes", default="bm25,embedding,hybrid")
    parser.add_argument(
        "--json", action="store_true", help="hybrid scores of this half as JSON (for --before)"
    )
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--before", help="source folder of the code to compare with (its src/)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(scores(args.queries, args.qrels, args.half, ["hybrid"])))
        return
    if args.report:
        write_report(args.queries, args.qrels, args.before)
        return
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
