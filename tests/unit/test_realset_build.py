"""eval/realset/build.py on a tiny inline sample: judgements come from the source's categories only, the
tuning and held-out halves are disjoint, and the companies file imports with every judged company findable."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kakehashi.entrypoints.context import AppContext
from kakehashi.services.catalog import import_companies_file
from kakehashi.services.evaluation import read_qrels, read_queries, resolve_documents

BUILD = Path(__file__).resolve().parents[2] / "eval" / "realset" / "build.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realset_build", BUILD)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["realset_build"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


NEEDS = [
    "# comment lines and blank lines are skipped",
    "",
    "r01\tdrip irrigation for farms\t畑の点滴かんがい\ttag_drip-irrigation | tag_irrigation + tag_sensors\ttag_irrigation",
    "r02\tfinding leaks in water pipes\t水道管の漏水検知\ttag_leak-detection\ttag_water-meters",
    "r03\tcultivated meat\t培養肉\ttag_alternative-protein + core_technology_Biologicals_Cells\ttag_alternative-protein",
    "r04\tdesalination\t海水淡水化\ttag_desalination\t",
]

SOURCE_HEADER = [
    "",
    "company_name",
    "company_about",
    "founded",
    "employees",
    "funding stage",
    "raised",
    "status",
    "tag_drip-irrigation",
    "tag_irrigation",
    "tag_sensors",
    "tag_leak-detection",
    "tag_water-meters",
    "tag_alternative-protein",
    "core_technology_Biologicals_Cells",
    "tag_desalination",
]


def source_rows() -> list[dict[str, str]]:
    rows = [
        # Tagged for drip irrigation; the text never says "drip" or "irrigation".
        ("Aquadrop", "Aquadrop keeps orchards alive through dry summers.", {"tag_drip-irrigation"}),
        # Same words as need r01, no tag: the text alone must not make it relevant.
        ("Wordy", "Drip irrigation for farms, drip irrigation for farms.", set()),
        # Two tags that together make grade 2, one alone only grade 1.
        ("Sensa", "Soil probes for growers.", {"tag_irrigation", "tag_sensors"}),
        ("Halfway", "Valves for growers.", {"tag_irrigation"}),
        ("Leakless", "Acoustic listening on city mains.", {"tag_leak-detection", "tag_water-meters"}),
        (
            "CellFarm",
            "Meat grown from cells.",
            {"tag_alternative-protein", "core_technology_Biologicals_Cells"},
        ),
        ("PeaPro", "Pea protein isolates.", {"tag_alternative-protein"}),
        ("Nameless", "", {"tag_desalination"}),  # no description: not a usable document
    ]
    out = []
    for number, (name, about, tags) in enumerate(rows):
        row = dict.fromkeys(SOURCE_HEADER, "")
        row.update({"": str(number), "company_name": name, "company_about": about, "status": "active"})
        row.update({"founded": "7/2017", "employees": "11-50", "funding stage": "Seed", "raised": "$2M"})
        row.update(dict.fromkeys(tags, "1.0"))
        out.append(row)
    return out


def test_judgements_come_from_categories_not_text(build: ModuleType) -> None:
    companies = build.read_source(source_rows())
    needs = build.read_needs(NEEDS)
    qrels = build.judge(needs, companies)
    ids = {c.name: c.external_id for c in companies}

    assert "Nameless" not in ids  # rows without a description are dropped
    assert qrels["r01"] == {ids["Aquadrop"]: 2, ids["Sensa"]: 2, ids["Halfway"]: 1}
    assert ids["Wordy"] not in qrels["r01"]  # the need's own words in the text earn nothing
    assert qrels["r02"] == {ids["Leakless"]: 2}  # grade 2 wins over the grade-1 tag it also has
    assert qrels["r03"] == {ids["CellFarm"]: 2, ids["PeaPro"]: 1}  # "+" needs every category
    assert qrels["r04"] == {}


def test_unknown_category_names_are_reported(build: ModuleType) -> None:
    needs = build.read_needs(["r01\tx\tx\ttag_drip-irigation\ttag_irrigation"])
    assert build.unknown_categories(needs, set(SOURCE_HEADER)) == ["tag_drip-irigation"]


def test_halves_are_disjoint_and_keep_both_languages_of_a_need_together(build: ModuleType) -> None:
    needs = build.read_needs(NEEDS)
    tune = build.query_lines(needs, "tune")
    held = build.query_lines(needs, "heldout")
    assert {q["id"] for q in tune} == {"r01-en", "r01-ja", "r03-en", "r03-ja"}
    assert {q["id"] for q in held} == {"r02-en", "r02-ja", "r04-en", "r04-ja"}
    assert {q["id"] for q in tune} | {q["id"] for q in held} == {q["id"] for q in build.query_lines(needs)}
    assert {q["lang"] for q in tune} == {"en", "ja"}
    ja = next(q for q in held if q["id"] == "r02-ja")
    assert ja["query"] == "水道管の漏水検知"


def test_written_set_imports_and_every_judged_company_is_found(
    build: ModuleType, tmp_path: Path, sqlite_context: AppContext
) -> None:
    companies = build.read_source(source_rows())
    needs = build.read_needs(NEEDS)
    build.write_set(tmp_path, needs, companies)

    with (tmp_path / "companies.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert not [h for h in header if h.startswith(build.CATEGORY_PREFIXES)]  # categories are not indexed

    report = import_companies_file(sqlite_context.uow(), path=tmp_path / "companies.csv", source="realset")
    assert (report.created, report.rejected) == (len(companies), 0)

    qrels = read_qrels(tmp_path / "qrels.json")
    judged = {doc for docs in qrels.values() for doc in docs}
    assert resolve_documents(sqlite_context.uow(), sorted(judged)).keys() == judged

    queries = read_queries(tmp_path / "queries_heldout.jsonl")
    assert {q.language for q in queries} == {"en", "ja"}
    assert all(q.id in qrels for q in queries)
    categories = [json.loads(line) for line in (tmp_path / "categories.jsonl").read_text().splitlines()]
    assert {c["id"] for c in categories} == {c.external_id for c in companies}


def test_yc_cards_become_companies_with_industry_categories(build: ModuleType) -> None:
    page = (
        '<div><a class="_company_99gj3_339" href="/companies/acme"><span class="_coName_99gj3_454">Acme</span>'
        '<span class="_coLocation_99gj3_470">Tel Aviv, Israel</span>'
        '<span class="_coDescription_99gj3_479">Pay &amp; get paid</span>'
        '<a href="/companies?batch=W21"></a><a href="/companies?industry=Fintech"></a>'
        '<a href="/companies?industry=Payments"></a></a>'
        '<a class="_company_99gj3_339" href="/companies/acme-co"><span class="_coName_99gj3_454">Acme Co.</span>'
        '<span class="_coDescription_99gj3_479">Same name, merged by the import</span></a>'
        '<a class="_company_99gj3_339" href="/companies/quiet"><span class="_coName_99gj3_454">Quiet</span>'
        '<span class="_coDescription_99gj3_479"></span></a></div>'
    )
    companies = build.read_yc_pages([page])
    assert [(c.external_id, c.description) for c in companies] == [("yc-acme", "Pay & get paid")]
    assert companies[0].categories == {"Fintech", "Fintech > Payments"}
