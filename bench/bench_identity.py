"""Identity resolution: precision/recall of cross-list links on a real bilingual set, and speed.

The development set (/work/shared/data/identity-dev, see its README: two lists of the same companies from
two public EDINET filer-list snapshots, Shift_JIS Japanese list and Crunchbase-style English list, plus
truth.json) is read through the project's own importer (read_table / map_columns / parse_companies), so
names, readings, addresses and identifiers are what an import would store. The truth pairs are split by a
hash of the English id into a tuning half and a held-out half; thresholds were tuned on the tuning half only.
Speed: resolve N synthetic organizations (adapters/synthetic) and link 1,000 new ones to them.

    .venv/bin/python bench/bench_identity.py [--data ../shared/data/identity-dev] [--size 100000] [--no-write]

The data folder is not in the repository; restore it from the shared data share (or rebuild it from the
two EDINET snapshots as its README says) and pass --data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from kakehashi.adapters.identity.normalize import name_key, strip_kana_legal  # noqa: E402
from kakehashi.adapters.identity.readings import hepburn, loose  # noqa: E402
from kakehashi.adapters.identity.resolve import MAYBE, SURE, resolve  # noqa: E402
from kakehashi.adapters.importers.companies import parse_companies  # noqa: E402
from kakehashi.adapters.importers.mapping import header_score, map_columns  # noqa: E402
from kakehashi.adapters.importers.reading import read_table  # noqa: E402
from kakehashi.domain.identity import IdentityRecord  # noqa: E402
from kakehashi.domain.organizations import CompanyRecord  # noqa: E402


def to_identity(index: int, record: CompanyRecord, source: str) -> IdentityRecord:
    return IdentityRecord(
        id=index,
        name=record.name,
        name_ja=record.name_ja,
        name_en=record.name_en,
        name_kana=record.name_kana,
        kind=record.kind.value if record.kind else None,
        country=record.country,
        city=record.city,
        prefecture=record.prefecture,
        domain=record.domain,
        corporate_number=record.corporate_number,
        external_id=record.external_id,
        sectors=tuple(record.sectors),
        founded_year=record.founded.value.year if record.founded else None,
        source=source,
    )


def load_list(path: Path, source: str, first_id: int) -> tuple[list[IdentityRecord], dict[str, int]]:
    """The list's records (ids from first_id) and its own row id -> record id."""
    table = read_table(path, header_score=header_score)
    columns = map_columns(table.headers)
    records: list[IdentityRecord] = []
    by_key: dict[str, int] = {}
    for parsed in parse_companies(table, columns):
        if parsed.record is None:
            continue
        record = to_identity(first_id + len(records), parsed.record, source)
        records.append(record)
        if parsed.record.source_key:
            by_key[parsed.record.source_key] = record.id
    return records, by_key


def half(english_id: str) -> str:
    return "tune" if hashlib.sha256(english_id.encode()).digest()[0] % 2 == 0 else "held-out"


def baseline_links(records: list[IdentityRecord], *, readings: bool) -> set[tuple[int, int]]:
    """Exact normalised names (and, with readings, the romanised kana reading against Latin names)."""
    index: dict[str, set[int]] = {}
    for record in records:
        keys = {name_key(n) for n in (record.name, record.name_ja, record.name_en) if n}
        if readings and record.name_kana:
            keys.add(loose(hepburn(strip_kana_legal(record.name_kana))))
            keys |= {loose(k) for k in list(keys)}
        for key in keys - {""}:
            index.setdefault(key, set()).add(record.id)
    links = set()
    for ids in index.values():
        ordered = sorted(ids)
        links |= {(a, b) for x, a in enumerate(ordered) for b in ordered[x + 1 :]}
    return links


def evaluate(links: Iterable[tuple[int, int]], truth: set[tuple[int, int]], english: set[int],
             japanese: set[int]) -> tuple[float, float, int]:  # fmt: skip
    cross = {(a, b) for a, b in links if (a in english) != (b in english)}
    restricted = {p for p in cross if p[0] in english | japanese and p[1] in english | japanese}
    hits = len(restricted & truth)
    precision = hits / len(restricted) if restricted else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall, len(restricted)


def quality(data: Path, sure: float, maybe: float) -> list[list[object]]:
    japanese, ja_keys = load_list(data / "japanese_list.csv", "japanese-list", 0)
    english, en_keys = load_list(data / "english_list.csv", "english-list", 100_000)
    truth_raw: dict[str, str] = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    records = japanese + english
    started = time.perf_counter()
    resolution = resolve(records, sure=sure, maybe=maybe)
    seconds = time.perf_counter() - started
    engine = {(link.a, link.b) for link in resolution.merges}
    systems = {
        "exact normalised names": baseline_links(records, readings=False),
        "+ romanised readings": baseline_links(records, readings=True),
        "engine (merges)": engine,
    }
    rows: list[list[object]] = []
    for part in ("tune", "held-out"):
        # English rows of this half (with or without a partner) and every Japanese row.
        en_ids = {en_keys[k] for k in en_keys if half(k) == part}
        ja_ids = {r.id for r in japanese}
        truth: set[tuple[int, int]] = {
            # a row the importer rejects (no usable name) stays in the truth: a miss for every system
            (min(ja_keys.get(j, -1), en_keys.get(e, -2)), max(ja_keys.get(j, -1), en_keys.get(e, -2)))
            for e, j in truth_raw.items()
            if half(e) == part
        }
        for name, links in systems.items():
            p, r, n = evaluate(
                ((a, b) for a, b in links if a in en_ids or b in en_ids), truth, en_ids, ja_ids
            )
            rows.append([part, name, f"{p:.3f}", f"{r:.3f}", n, len(truth)])
    print(f"resolved {len(records)} dev records in {seconds:.1f} s", file=sys.stderr)
    return rows


def synthetic(count: int, first_id: int, seed: int) -> list[IdentityRecord]:
    from kakehashi.adapters.synthetic.companies import generate_companies

    return [to_identity(first_id + n, r, "synthetic") for n, r in enumerate(generate_companies(count, seed))]


def speed(size: int) -> list[list[object]]:
    catalogue = synthetic(size, 1, seed=7)
    started = time.perf_counter()
    full = resolve(catalogue)
    resolve_s = time.perf_counter() - started
    from kakehashi.adapters.identity import score

    score._name_keys.cache_clear()  # the incremental run starts cold, as a new process would
    new = synthetic(1000, 10_000_000, seed=8)
    started = time.perf_counter()
    incremental = resolve(new, against=catalogue)
    link_s = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        [f"resolve {size:,} synthetic organizations", f"{resolve_s:.1f} s", "≤ 120 s",
         f"{len(full.merges)} merges, {len(full.suggestions)} suggestions"],
        [f"link 1,000 new to {size:,}", f"{link_s:.1f} s", "≤ 10 s",
         f"{len(incremental.merges)} merges, {len(incremental.suggestions)} suggestions"],
        ["peak RSS (whole benchmark)", f"{rss:.0f} MB", "", ""],
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "identity-dev")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--sure", type=float, default=SURE)
    parser.add_argument("--maybe", type=float, default=MAYBE)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if not (args.data / "truth.json").exists():
        parser.error(
            f"no development set at {args.data}: restore /work/shared/data/identity-dev from the shared data "
            "share (its README says how it was built from the two EDINET snapshots) or pass --data"
        )
    from bench.report import markdown_table, write_section

    quality_rows = quality(args.data, args.sure, args.maybe)
    quality_table = markdown_table(
        ["half", "system", "precision", "recall", "links", "true pairs"], quality_rows
    )
    print(quality_table)
    body = quality_table
    if not args.skip_speed:
        speed_table = markdown_table(["task", "time", "target", "result"], speed(args.size))
        print(speed_table)
        body += "\n\n" + speed_table
    if not args.no_write:
        write_section("identity", "Identity resolution (real bilingual set, synthetic speed)",
                      "python bench/bench_identity.py", body)  # fmt: skip


if __name__ == "__main__":
    main()
