"""Japanese corporate lists as users have them (Shift_JIS, kanji, half-width kana, full addresses, Excel-damaged
corporate numbers), and every source row keeping its own identity across re-imports, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kakehashi.adapters.db.models import Organization, OrganizationSourceId
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.catalog import export_companies, import_companies_file

pytestmark = pytest.mark.integration

HEADER = "管理番号,会社名,会社名（英語）,フリガナ,本社所在地,業種,法人番号\n"
ROWS = [
    # own id, name, English name, reading (half-width kana), head office, industry, corporate number
    "JD-001,株式会社日本橋精工,Nihonbashi Seiko Co.,ｶﾌﾞｼｷｶﾞｲｼｬﾆﾎﾝﾊﾞｼｾｲｺｳ,中央区日本橋本町１丁目５番４号,機械,5070001000715",
    "JD-002,瓦町製薬株式会社,,かわらまちせいやく,大阪府大阪市中央区瓦町三丁目１番９号　瓦町ビル８階,医薬品,4070001000715",
    "JD-003,株式会社苗間平,,ﾅｴﾏﾀﾞｲﾗ,長野市大字鶴賀字苗間平１６０５番地１４（登記上の本店）,卸売業,5.07E+12",
    "JD-004,軽井沢リゾート株式会社,,カルイザワリゾート,長野県北佐久郡軽井沢町大字長倉２１４０,サービス業,",
]


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode("cp932"))
    return path


def organizations(context: AppContext) -> dict[str, Organization]:
    with context.uow() as uow:
        found = uow.session.scalars(select(Organization)).all()
        uow.session.expunge_all()
        return {org.name: org for org in found}


def test_japanese_list_keeps_every_row_with_places_readings_and_valid_identifiers(
    context: AppContext, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "edinet.csv", ROWS)

    report = import_companies_file(context.uow(), path=path)

    assert (report.created, report.rejected, report.errors) == (4, 0, [])
    orgs = organizations(context)
    seiko = orgs["株式会社日本橋精工"]
    assert (seiko.country, seiko.prefecture, seiko.municipality, seiko.city) == (
        "JP",
        "東京都",
        "中央区",
        "Tokyo",
    )
    assert seiko.address == "中央区日本橋本町1丁目5番4号"
    assert seiko.name_kana == "カブシキガイシャニホンバシセイコウ"
    assert seiko.name_en == "Nihonbashi Seiko Co."
    assert seiko.corporate_number == "5070001000715"
    kawara = orgs["瓦町製薬株式会社"]
    assert (kawara.prefecture, kawara.municipality, kawara.city) == ("大阪府", "大阪市中央区", "Osaka")
    assert kawara.address == "大阪府大阪市中央区瓦町三丁目1番9号 瓦町ビル8階"
    assert kawara.name_kana == "カワラマチセイヤク"
    assert kawara.corporate_number is None  # wrong check digit: never an identifier
    naema = orgs["株式会社苗間平"]
    assert (naema.prefecture, naema.municipality) == ("長野県", "長野市")
    assert naema.corporate_number is None  # 5.07E+12: Excel rounded it
    karuizawa = orgs["軽井沢リゾート株式会社"]
    assert (karuizawa.prefecture, karuizawa.municipality, karuizawa.city) == (
        "長野県",
        "北佐久郡軽井沢町",
        "軽井沢町",
    )
    assert [(w.row, w.column, w.value) for w in report.warnings] == [
        (3, "法人番号", "4070001000715"),
        (4, "法人番号", "5.07E+12"),
    ]
    assert "check digit" in report.warnings[0].message
    assert "spreadsheet" in report.warnings[1].message
    assert report.to_dict()["warnings"][1] == {
        "row": 4,
        "column": "法人番号",
        "value": "5.07E+12",
        "message": report.warnings[1].message,
        "message_id": report.warnings[1].msgid,
    }


def test_reimport_of_a_source_updates_the_same_organizations_through_their_row_ids(
    context: AppContext, tmp_path: Path
) -> None:
    import_companies_file(context.uow(), path=write_list(tmp_path / "edinet.csv", ROWS))
    renamed = [ROWS[0].replace("株式会社日本橋精工", "ニホンバシ・ホールディングス株式会社"), *ROWS[1:]]

    report = import_companies_file(
        context.uow(), path=write_list(tmp_path / "edinet-2026.csv", renamed), source="edinet"
    )

    assert (report.created, report.updated) == (0, 1)
    orgs = organizations(context)
    assert "株式会社日本橋精工" not in orgs
    assert orgs["ニホンバシ・ホールディングス株式会社"].corporate_number == "5070001000715"
    with context.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Organization)) == 4
        assert uow.session.scalar(select(func.count()).select_from(OrganizationSourceId)) == 4


def test_export_lists_every_source_id_merged_into_an_organization(
    context: AppContext, tmp_path: Path
) -> None:
    import_companies_file(context.uow(), path=write_list(tmp_path / "edinet.csv", ROWS))
    english = tmp_path / "crunchbase.csv"
    english.write_text(
        "Organization UUID,Organization Name,Industries\n"
        "0a1b2c3d-0000-4000-8000-00000000abcd,株式会社日本橋精工,Machinery\n"
        "0a1b2c3d-0000-4000-8000-00000000ef01,Kesem Water,Water\n",
        encoding="utf-8",
    )
    import_companies_file(context.uow(), path=english)
    target = tmp_path / "out.csv"

    export_companies(context.uow(), path=target)

    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    assert rows["株式会社日本橋精工"]["source_ids"] == (
        "edinet:JD-001; crunchbase:0a1b2c3d-0000-4000-8000-00000000abcd"
    )
    assert rows["株式会社日本橋精工"]["corporate_number"] == "5070001000715"
    assert rows["株式会社日本橋精工"]["prefecture"] == "東京都"
    assert rows["Kesem Water"]["source_ids"] == "crunchbase:0a1b2c3d-0000-4000-8000-00000000ef01"
    assert rows["Kesem Water"]["external_id"] == "0a1b2c3d-0000-4000-8000-00000000abcd"[:-4] + "ef01"
