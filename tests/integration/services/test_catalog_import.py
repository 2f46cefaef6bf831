"""Catalogue import on SQLite and PostgreSQL: encodings, header families, idempotency, rejections, rounds."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from kakehashi.adapters.db.models import (
    Deal,
    FundingRound,
    ImportBatch,
    Organization,
    OrganizationTerm,
    Provenance,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.domain.errors import InvalidInput
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.catalog import (
    catalog_stats,
    export_companies,
    import_companies,
    import_companies_file,
    import_rounds_file,
)
from kakehashi.services.demo import load_demo

pytestmark = pytest.mark.integration

CRUNCHBASE_CSV = (
    "Organization Name,Full Description,Industries,Founded Date,Headquarters Location,"
    "Total Funding Amount (in USD),Last Funding Type,Number of Employees,Operating Status,Website\n"
    'Nova Labs,Edge AI that inspects parts on factory lines,"Artificial Intelligence (AI), Manufacturing",'
    '2017-07-01,"Tel Aviv-Yafo, Tel Aviv, Israel","$21.5M",Series A,51-200,Active,www.novalabs.io\n'
    'Kesem Water,Acoustic leak detection for water utilities,Water,7/2017,"Haifa, Haifa District, Israel",'
    '"1,200,000",Seed,11-50,Active,https://kesem.example.com\n'
    "Broken Date Ltd,Something,Cyber Security,32/13/2017,Israel,,,,,\n"
    "Nova Labs,,,,,,,,,https://novalabs.io/about\n"
)
JAPANESE_CSV = (
    "企業名,事業内容,業種,設立,本社所在地,資金調達額,従業員数,ウェブサイト\n"
    "さくらロボティクス株式会社,工場向けの協働ロボットを開発する,ロボット,2015年4月,東京都千代田区丸の内,3億5000万円,51〜200人,"
    "https://sakura-robotics.example.jp\n"
    "ハイファ水技術,海水淡水化の省エネ膜,水処理,2012,イスラエル,21.5億円,約120名,haifa-water.example.com\n"
)
ENGLISH_CSV = (
    "name,description,sector,founded,country,city,funding,stage,employees,status,website\n"
    "Tamar Health,Remote monitoring for heart failure patients,Digital Health,2019,Israel,Jerusalem,$8M,"
    "Series A,11-50,active,tamarhealth.example.com\n"
)


def count(context: AppContext, model: type) -> int:
    with context.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_crunchbase_csv_lands_every_named_row_and_warns_of_bad_values(
    context: AppContext, tmp_path: Path
) -> None:
    file = write(tmp_path / "crunchbase.csv", CRUNCHBASE_CSV)
    changed: list[int] = []

    report = import_companies_file(context.uow(), path=file, after_commit=changed.extend)

    # Issue 12: the row with a bad date is kept (date left empty) and the value reported as a warning.
    assert (report.created, report.updated, report.rejected, report.duplicates) == (3, 0, 0, 1)
    assert report.errors == []
    assert [(w.row, w.column, w.value, w.message) for w in report.warnings] == [
        (4, "Founded Date", "32/13/2017", "'32/13/2017' is not a date")
    ]
    assert len(changed) == 3
    with context.uow() as uow:
        nova = uow.session.scalars(select(Organization).where(Organization.name == "Nova Labs")).one()
        assert (nova.country, nova.city, nova.domain, nova.total_funding_usd, nova.stage) == (
            "IL",
            "Tel Aviv-Yafo",
            "novalabs.io",
            21_500_000,
            "series_a",
        )
        assert sorted(term.slug for term in nova.terms) == [
            "artificial-intelligence",
            "industrial-technology",
        ]
        provenance = uow.session.scalars(select(Provenance).where(Provenance.entity_id == nova.id)).one()
        assert provenance.row_number == 2


def test_import_same_file_twice_changes_nothing(context: AppContext, tmp_path: Path) -> None:
    file = write(tmp_path / "crunchbase.csv", CRUNCHBASE_CSV)
    import_companies_file(context.uow(), path=file)
    with context.uow() as uow:
        before = {o.id: o.updated_at for o in uow.session.scalars(select(Organization))}
    batches = count(context, ImportBatch)

    again = import_companies_file(context.uow(), path=file)

    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    with context.uow() as uow:
        assert {o.id: o.updated_at for o in uow.session.scalars(select(Organization))} == before
    assert (count(context, ImportBatch), count(context, Provenance), count(context, OrganizationTerm)) == (
        batches,
        3,
        4,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_import_japanese_headers_in_each_encoding(context: AppContext, tmp_path: Path, encoding: str) -> None:
    file = write(tmp_path / "japanese.csv", JAPANESE_CSV, encoding)

    report = import_companies_file(context.uow(), path=file)

    assert (report.created, report.rejected) == (2, 0)
    with context.uow() as uow:
        sakura = uow.session.scalars(select(Organization).where(Organization.country == "JP")).one()
        assert (sakura.name_ja, sakura.city, sakura.description_ja, sakura.employees_min) == (
            "さくらロボティクス株式会社",
            "Tokyo",
            "工場向けの協働ロボットを開発する",
            51,
        )
        assert sakura.total_funding_usd == 2_345_000  # 3.5億円 at the reference rate
        assert [t.slug for t in sakura.terms] == ["robotics"]


def test_import_plain_english_xlsx_with_title_row(context: AppContext, tmp_path: Path) -> None:
    file = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Startups met in Tel Aviv, March 2025"])
    for line in ENGLISH_CSV.strip().splitlines():
        sheet.append(line.split(","))
    workbook.save(file)

    report = import_companies_file(context.uow(), path=file)

    assert (report.created, report.rejected) == (1, 0)
    with context.uow() as uow:
        tamar = uow.session.scalars(select(Organization)).one()
        assert (tamar.name, tamar.city, tamar.founded_on.year if tamar.founded_on else None) == (
            "Tamar Health",
            "Jerusalem",
            2019,
        )
        assert (report.errors, [p.row_number for p in uow.session.scalars(select(Provenance))]) == ([], [3])


def test_import_jsonl_with_mapping_file_override(context: AppContext, tmp_path: Path) -> None:
    file = write(tmp_path / "crm.jsonl", json.dumps({"Startup": "Orbit Pay", "Blurb": "B2B payments", "HQ": "IL"})
                 + "\n")  # fmt: skip
    mapping = write(
        tmp_path / "mapping.json", json.dumps({"Startup": "name", "Blurb": "description", "HQ": "country"})
    )

    report = import_companies_file(context.uow(), path=file, mapping_path=mapping)

    assert report.created == 1
    with context.uow() as uow:
        orbit = uow.session.scalars(select(Organization)).one()
        assert (orbit.name, orbit.description_en, orbit.country) == ("Orbit Pay", "B2B payments", "IL")


def test_import_updates_changed_values_only(context: AppContext, tmp_path: Path) -> None:
    import_companies_file(context.uow(), path=write(tmp_path / "a.csv", ENGLISH_CSV))
    edited = ENGLISH_CSV.replace("$8M", "$12M").replace("Series A", "Series B")

    report = import_companies_file(context.uow(), path=write(tmp_path / "b.csv", edited))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    with context.uow() as uow:
        tamar = uow.session.scalars(select(Organization)).one()
        assert (tamar.total_funding_usd, tamar.stage) == (12_000_000, "series_b")
        fields = uow.session.scalars(select(Provenance.fields).order_by(Provenance.id.desc())).first()
        assert sorted(fields or []) == ["stage", "total_funding_usd"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("garbage.csv", bytes(range(256)) * 50, "not a text table"),
        ("truncated.xlsx", None, "damaged"),
        ("empty.csv", b"   \n", "empty"),
    ],
)
def test_unusable_file_changes_nothing(
    context: AppContext, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    import_companies_file(context.uow(), path=write(tmp_path / "first.csv", ENGLISH_CSV))
    file = tmp_path / name
    if content is None:
        workbook = openpyxl.Workbook()
        workbook.active.append(["name"])
        workbook.active.append(["Nova"])
        workbook.save(file)
        file.write_bytes(file.read_bytes()[:700])
    else:
        file.write_bytes(content)

    with pytest.raises(InvalidInput, match=message):
        import_companies_file(context.uow(), path=file)

    assert (count(context, Organization), count(context, ImportBatch)) == (1, 1)


def test_failure_during_write_leaves_no_half_batch(context: AppContext, tmp_path: Path) -> None:
    file = write(tmp_path / "crunchbase.csv", CRUNCHBASE_CSV)

    def explode(phase: str, done: int, total: int) -> None:
        if phase == "writing":
            raise KeyboardInterrupt  # the user pressing Ctrl-C in the middle of the import

    with pytest.raises(KeyboardInterrupt):
        import_companies_file(context.uow(), path=file, progress=explode)

    assert (count(context, Organization), count(context, ImportBatch), count(context, TaxonomyTerm)) == (
        0,
        0,
        0,
    )


def test_import_rounds_with_investors_and_countries(context: AppContext, tmp_path: Path) -> None:
    import_companies_file(context.uow(), path=write(tmp_path / "c.csv", CRUNCHBASE_CSV))
    rounds = write(
        tmp_path / "rounds.csv",
        "company,date,type,amount,currency,investors,lead investors,investor countries\n"
        'Nova Labs,2019-03-01,Series A,"1,500,000,000",JPY,"Sakura VC; Galil Partners",Sakura VC,"JP; IL"\n'
        "Kesem Water,2018,Seed,$2M,,Seoul Bridge (Korea),,\n"
        "Kesem Water,not a date,Seed,$2M,,,,\n",
    )

    report = import_rounds_file(context.uow(), path=rounds)
    again = import_rounds_file(context.uow(), path=rounds)

    # Issue 12: the round without a readable date is kept (date unknown) and the value reported.
    assert (report.created, report.rejected, report.organizations_created) == (3, 0, 3)
    assert [(w.row, w.column, w.value) for w in report.warnings] == [(4, "date", "not a date")]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    with context.uow() as uow:
        nova_round = uow.session.scalars(
            select(FundingRound).join(Organization).where(Organization.name == "Nova Labs")
        ).one()
        assert (nova_round.round_type, nova_round.amount, nova_round.currency, nova_round.amount_usd) == (
            "series_a",
            1_500_000_000,
            "JPY",
            13_407_538,  # ECB rate of 2019-03-01
        )
        investors = sorted((ri.investor.name, ri.investor.country, ri.is_lead) for ri in nova_round.investors)
        assert investors == [("Galil Partners", "IL", False), ("Sakura VC", "JP", True)]
    assert count(context, RoundInvestor) == 3


def test_export_round_trip_in_every_format(context: AppContext, tmp_path: Path) -> None:
    import_companies_file(context.uow(), path=write(tmp_path / "j.csv", JAPANESE_CSV))
    import_companies_file(context.uow(), path=write(tmp_path / "c.csv", CRUNCHBASE_CSV))

    for suffix in (".csv", ".xlsx", ".jsonl"):
        out = tmp_path / f"export{suffix}"
        exported = export_companies(context.uow(), path=out)
        back = import_companies_file(context.uow(), path=out)
        assert (exported, back.created, back.updated, back.unchanged, back.rejected) == (5, 0, 0, 5, 0)
    assert (tmp_path / "export.csv").read_bytes().startswith(b"\xef\xbb\xbfname,description,")


def test_demo_load_is_marked_idempotent_and_respects_if_empty(context: AppContext) -> None:
    first = load_demo(context.uow(), if_empty=True, with_logins=False)
    skipped = load_demo(context.uow(), if_empty=True, with_logins=False)
    again = load_demo(context.uow(), if_empty=False, with_logins=False)

    stats = catalog_stats(context.uow())
    assert (first.skipped, skipped.skipped, again.created) == (False, True, 0)
    assert (stats.by_kind["startup"], stats.by_kind["corporation"], stats.demo_organizations) == (
        300,
        40,
        stats.organizations,
    )
    assert stats.funding_rounds == first.rounds
    assert count(context, Deal) == first.deals
    with context.uow() as uow:
        corporation = uow.session.scalars(
            select(Organization).where(Organization.kind == "corporation")
        ).first()
        assert corporation is not None
        assert corporation.name_ja and corporation.name_kana and corporation.description_ja
        countries = set(
            uow.session.scalars(
                select(Organization.country).join(RoundInvestor, RoundInvestor.investor_id == Organization.id)
            )
        )
        assert {"JP", "KR", "CN", "US", "IL"} <= countries
        years = [d.year for d in uow.session.scalars(select(FundingRound.announced_on)) if d]
        assert (min(years) >= 2013, max(years) <= 2025) == (True, True)


def test_import_odd_cells_store_cleanly_on_both_databases(context: AppContext, tmp_path: Path) -> None:
    long_label = "極めて長い業種名" * 40
    file = write(
        tmp_path / "odd.csv",
        "name,description,sector,funding,currency\n"
        f"Long Story,{'word ' * 1000},,,\n"  # the NUL below lies past the binary-file sniffing window
        f'"Nul\x00Byte Ltd","A description with a NUL\x00 inside","{long_label}",5000000,US Dollar\n'
        "Huge Corp,,,999999999999999999999,USD\n",
    )

    report = import_companies_file(context.uow(), path=file)

    # Issue 12: the huge amount is left empty with a warning, its company kept; the long label is cut.
    assert (report.created, report.rejected) == (3, 0)
    assert [(w.row, w.column) for w in report.warnings] == [(3, "sector"), (4, "funding")]
    with context.uow() as uow:
        stored = uow.session.scalars(select(Organization).where(Organization.name.like("Nul%"))).one()
        assert (stored.name, stored.description_en, stored.total_funding_usd) == (
            "NulByte Ltd",
            "A description with a NUL inside",
            5_000_000,
        )
        assert len(stored.terms[0].label_ja or "") == 200


def test_import_companies_accepts_records_from_code(context: AppContext) -> None:
    from kakehashi.adapters.synthetic.companies import generate_companies

    first = import_companies(context.uow(), rows=generate_companies(30, seed=5), source="synthetic")
    again = import_companies(context.uow(), rows=generate_companies(30, seed=5), source="synthetic")

    assert (first.created, again.created, again.updated, again.unchanged) == (30, 0, 0, 30)
    assert count(context, Organization) == 30
