"""Build the real search development sets from public directory exports (see README.md).

Two sets, each from its source under DATA/raw/ (restored as the README says) and its needs file here:
- snc: Start-Up Nation Finder export, DATA/raw/snc_df0_1000.csv, needs.tsv (Israeli startups, long descriptions);
- yc:  Y Combinator directory pages, DATA/raw/yc_batches/*.html, needs_yc.tsv (one-line descriptions).
Each writes DATA/<set>/companies.csv (for `kakehashi import companies`), qrels.json, queries.jsonl,
queries_tune.jsonl, queries_heldout.jsonl and categories.jsonl (the source's categories per company,
for auditing the judgements); then DATA/READY lists the files.

DATA is --data, else $KAKEHASHI_REALSET, else /work/data/search-real.

Relevance comes from the source's categories only (sectors, target industries, core technologies, tags,
target markets assigned by the directory's editors), never from the description text, and the imported
file carries no category column, so the judgements are independent of what is indexed.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path("/work/data/search-real")
SNC_SOURCE = Path("raw") / "snc_df0_1000.csv"
YC_SOURCE = Path("raw") / "yc_batches"
CATEGORY_PREFIXES = ("sector_", "target_industry_", "core_technology_", "tag_", "targetmarket_")
LANGUAGES = ("en", "ja")

# A rule: alternatives (any one suffices), each a set of categories that must all be present.
Rule = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Company:
    external_id: str
    name: str
    description: str
    categories: frozenset[str]
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Need:
    id: str
    en: str
    ja: str
    grade2: Rule
    grade1: Rule

    @property
    def number(self) -> int:
        return int(re.sub(r"\D", "", self.id))

    @property
    def half(self) -> str:
        """Odd-numbered needs tune, even-numbered ones are held out (both languages of a need together)."""
        return "tune" if self.number % 2 else "heldout"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def name_key(name: str) -> str:
    """Roughly how the import recognises one company under two spellings ("Flower Co." and "Flower")."""
    return re.sub(r"-(inc|co|corp|ltd|llc|gmbh)$", "", slug(name))


def parse_rule(text: str) -> Rule:
    alternatives = []
    for part in text.split(" | "):
        names = frozenset(n.strip() for n in part.split(" + ") if n.strip())
        if names:
            alternatives.append(names)
    return tuple(alternatives)


def matches(rule: Rule, categories: frozenset[str]) -> bool:
    return any(alternative <= categories for alternative in rule)


def grade(need: Need, categories: frozenset[str]) -> int:
    if matches(need.grade2, categories):
        return 2
    if matches(need.grade1, categories):
        return 1
    return 0


def read_needs(lines: Iterable[str]) -> list[Need]:
    needs = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        need_id, en, ja, grade2, grade1 = line.rstrip("\n").split("\t")
        needs.append(Need(need_id, en, ja, parse_rule(grade2), parse_rule(grade1)))
    return needs


def _truthy(value: str) -> bool:
    try:
        return float(value) > 0
    except ValueError:
        return False


def read_source(rows: Iterable[Mapping[str, str]]) -> list[Company]:
    """Rows of the export: one-hot category columns (1.0 / empty) beside the company's plain fields."""
    companies = []
    seen: set[str] = set()
    for row in rows:
        name = (row.get("company_name") or "").strip()
        description = (row.get("company_about") or "").strip()
        if not name or not description:
            continue
        external_id = f"snc-{slug(name)}"
        while external_id in seen:
            external_id += "-2"
        seen.add(external_id)
        categories = frozenset(
            column
            for column, value in row.items()
            if column.startswith(CATEGORY_PREFIXES) and _truthy(value or "")
        )
        extra = {
            "founded": (row.get("founded") or "").strip(),
            "employees": (row.get("employees") or "").strip(),
            "stage": (row.get("funding stage") or "").strip(),
            "total_funding": (row.get("raised") or "").strip(),
            "status": (row.get("status") or "").strip(),
        }
        companies.append(Company(external_id, name, description, categories, extra))
    return companies


_YC_COMPANY = re.compile(r'<a\s+class="_company_[a-z0-9_]+"\s+href="/companies/')


def _yc_field(block: str, css: str) -> str:
    found = re.search(r"_" + css + r'_[a-z0-9_]+"\s*>([^<]*)<', block)
    return html.unescape(found.group(1)).strip() if found else ""


def read_yc_pages(pages: Iterable[str]) -> list[Company]:
    """Directory listing pages: a card per company (name, location, one-line description, industry pills).

    Categories are the industry ("Fintech") and the "industry > subindustry" pair ("Fintech > Payments")."""
    companies = []
    seen: set[str] = set()
    names: set[str] = set()  # two companies of one name would be merged by the import: keep the first
    for page in pages:
        for block in _YC_COMPANY.split(page)[1:]:
            page_slug = block.split('"', 1)[0]
            name, description = _yc_field(block, "coName"), _yc_field(block, "coDescription")
            external_id = f"yc-{slug(page_slug)}"
            if not name or not description or external_id in seen or name_key(name) in names:
                continue
            seen.add(external_id)
            names.add(name_key(name))
            industries = [html.unescape(i) for i in re.findall(r'href="/companies\?industry=([^"]*)"', block)]
            categories = set(industries[:1])
            if len(industries) > 1:
                categories.add(f"{industries[0]} > {industries[1]}")
            extra = {"location": _yc_field(block, "coLocation")}
            companies.append(Company(external_id, name, description, frozenset(categories), extra))
    return companies


def unknown_categories(needs: Sequence[Need], known: set[str]) -> list[str]:
    """Category names in the rules that the source does not have (a typo would silently judge nothing)."""
    named = {name for need in needs for rule in (need.grade2, need.grade1) for alt in rule for name in alt}
    return sorted(named - known)


def judge(needs: Sequence[Need], companies: Sequence[Company]) -> dict[str, dict[str, int]]:
    """{need_id: {external_id: grade}} for grades 1 and 2; the description text plays no part."""
    qrels: dict[str, dict[str, int]] = {}
    for need in needs:
        graded = {c.external_id: grade(need, c.categories) for c in companies}
        qrels[need.id] = {doc: g for doc, g in graded.items() if g > 0}
    return qrels


def query_lines(needs: Sequence[Need], half: str | None = None) -> list[dict[str, str]]:
    lines = []
    for need in needs:
        if half is not None and need.half != half:
            continue
        lines.append({"id": f"{need.id}-en", "query": need.en, "lang": "en", "half": need.half})
        lines.append({"id": f"{need.id}-ja", "query": need.ja, "lang": "ja", "half": need.half})
    return lines


def query_qrels(qrels: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    return {f"{need_id}-{lang}": dict(docs) for need_id, docs in qrels.items() for lang in LANGUAGES}


def _write_jsonl(path: Path, items: Iterable[Mapping[str, object]]) -> None:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")


EXTRA_COLUMNS = ["founded", "employees", "stage", "total_funding", "status", "location"]


def write_set(out: Path, needs: Sequence[Need], companies: Sequence[Company]) -> dict[str, dict[str, int]]:
    out.mkdir(parents=True, exist_ok=True)
    extras = [k for k in EXTRA_COLUMNS if any(c.extra.get(k) for c in companies)]
    with (out / "companies.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["external_id", "name", "description_en", *extras])
        for c in companies:
            writer.writerow([c.external_id, c.name, c.description, *(c.extra.get(k, "") for k in extras)])
    _write_jsonl(
        out / "categories.jsonl",
        ({"id": c.external_id, "categories": sorted(c.categories)} for c in companies),
    )
    qrels = judge(needs, companies)
    (out / "qrels.json").write_text(
        json.dumps(query_qrels(qrels), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    _write_jsonl(out / "queries.jsonl", query_lines(needs))
    _write_jsonl(out / "queries_tune.jsonl", query_lines(needs, "tune"))
    _write_jsonl(out / "queries_heldout.jsonl", query_lines(needs, "heldout"))
    return qrels


def data_dir(arg: str | None = None) -> Path:
    return Path(arg or os.environ.get("KAKEHASHI_REALSET") or DEFAULT_DATA)


def load_snc(data: Path) -> tuple[list[Company], set[str]] | None:
    source = data / SNC_SOURCE
    if not source.is_file():
        return None
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        known = {c for c in reader.fieldnames or () if c.startswith(CATEGORY_PREFIXES)}
        return read_source(reader), known


def load_yc(data: Path) -> tuple[list[Company], set[str]] | None:
    pages = sorted((data / YC_SOURCE).glob("*.html"))
    if not pages:
        return None
    companies = read_yc_pages(p.read_text(encoding="utf-8") for p in pages)
    return companies, {name for c in companies for name in c.categories}


SETS = {"snc": (load_snc, "needs.tsv", SNC_SOURCE), "yc": (load_yc, "needs_yc.tsv", YC_SOURCE)}
OUTPUT_FILES = ["companies.csv", "queries.jsonl", "queries_tune.jsonl", "queries_heldout.jsonl", "qrels.json"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--data", help="folder holding raw/ (default $KAKEHASHI_REALSET or /work/data/search-real)"
    )
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    ready: list[str] = []
    for name, (load, needs_file, source) in SETS.items():
        loaded = load(data)
        if loaded is None:
            print(f"{name}: {data / source} is missing, skipped (restore it as eval/realset/README.md says)")
            continue
        companies, known = loaded
        needs = read_needs((HERE / needs_file).read_text(encoding="utf-8").splitlines())
        missing = unknown_categories(needs, known)
        if missing:
            print(f"{needs_file} names categories the source lacks: " + ", ".join(missing), file=sys.stderr)
            return 2
        out = data / name
        qrels = write_set(out, needs, companies)
        print(f"{name}: {len(companies)} companies, {len(needs)} needs -> {out}")
        print("need\thalf\tgrade2\tgrade1\tenglish")
        for need in needs:
            docs = qrels[need.id]
            twos = sum(1 for g in docs.values() if g == 2)
            print(f"{need.id}\t{need.half}\t{twos}\t{len(docs) - twos}\t{need.en}")
        ready += [str(out / f) for f in OUTPUT_FILES]
    if not ready:
        return 2
    (data / "READY").write_text(" ".join(ready) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
