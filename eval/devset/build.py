"""Write queries.jsonl and qrels.json from needs.tsv and the judgements column of corpus.tsv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    needs = []
    for line in (HERE / "needs.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        need_id, en, ja = line.split("\t")
        needs.append((need_id, en, ja))
    judgements: dict[str, dict[str, int]] = {}
    with (HERE / "corpus.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for item in filter(None, row["judgements"].split(",")):
                need_id, grade = item.split(":")
                judgements.setdefault(need_id, {})[row["external_id"]] = int(grade)
    with (HERE / "queries.jsonl").open("w", encoding="utf-8") as out:
        for need_id, en, ja in needs:
            out.write(
                json.dumps({"id": f"{need_id}-en", "query": en, "lang": "en"}, ensure_ascii=False) + "\n"
            )
            out.write(
                json.dumps({"id": f"{need_id}-ja", "query": ja, "lang": "ja"}, ensure_ascii=False) + "\n"
            )
    qrels = {}
    for need_id, _en, _ja in needs:
        for lang in ("en", "ja"):
            qrels[f"{need_id}-{lang}"] = judgements.get(need_id, {})
    (HERE / "qrels.json").write_text(json.dumps(qrels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
