"""`kakehashi import/export/stats/demo/generate`: exit codes 0/1/2, --json shape, one clear line, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app

pytestmark = pytest.mark.integration

GOOD = "name,country,founded,website\nNova Labs,Israel,2017,novalabs.io\nKesem,IL,2019,kesem.io\n"
WITH_BAD_ROW = GOOD + "Broken,Israel,32/13/2017,broken.io\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, url: str, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", url, *args])


def organizations(runner: CliRunner, url: str) -> int:
    result = invoke(runner, url, "stats", "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["organizations"])


def test_import_companies_json_all_good_exit_0(runner: CliRunner, database_url: str, tmp_path: Path) -> None:
    file = tmp_path / "good.csv"
    file.write_text(GOOD, encoding="utf-8")

    result = invoke(runner, database_url, "import", "companies", str(file), "--json")

    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert {k: payload[k] for k in ("created", "updated", "unchanged", "rejected", "errors")} == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
    }


def test_import_companies_bad_value_exit_1_keeps_every_company(
    runner: CliRunner, database_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "mixed.csv"
    file.write_text(WITH_BAD_ROW, encoding="utf-8")

    result = invoke(runner, database_url, "import", "companies", str(file), "--json")
    again = invoke(runner, database_url, "import", "companies", str(file), "--json")

    # Issue 12: the company with a bad date is kept; the value is a warning (still exit 1: it is named).
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == []
    assert json.loads(result.stdout)["warnings"] == [
        {
            "row": 4,
            "column": "founded",
            "value": "32/13/2017",
            "message": "'32/13/2017' is not a date",
            "message_id": "'{value}' is not a date",
        }
    ]
    assert (again.exit_code, json.loads(again.stdout)["created"], json.loads(again.stdout)["updated"]) == (
        1,
        0,
        0,
    )
    assert organizations(runner, database_url) == 3


def test_import_companies_human_summary_names_row_and_column(
    runner: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "mixed.csv"
    lines = WITH_BAD_ROW.splitlines()
    file.write_text("\n".join([lines[0] + ",notes", *(line + ",x" for line in lines[1:])]), encoding="utf-8")

    result = invoke(runner, sqlite_url, "import", "companies", str(file))

    assert result.exit_code == 1
    assert (
        "3 created, 0 updated, 0 unchanged, 0 rejected, 1 warning (values left empty or cut)" in result.stdout
    )
    assert "columns not used: 'notes'" in result.stdout
    assert "row 4, column 'founded': '32/13/2017' is not a date" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("garbage.csv", bytes(range(256)) * 50, "not a text table"),
        ("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 300, "damaged or not an Excel"),
        ("prose.csv", b"Dear team, here is the list you wanted.\n", "no recognisable header"),
    ],
)
def test_import_unusable_file_exit_2_changes_nothing(
    runner: CliRunner, database_url: str, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    invoke(runner, database_url, "import", "companies", str(good))
    file = tmp_path / name
    file.write_bytes(content)

    result = invoke(runner, database_url, "import", "companies", str(file), "--json")

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert organizations(runner, database_url) == 2


def test_import_missing_file_and_uninitialised_database(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "good.csv"
    file.write_text(GOOD, encoding="utf-8")
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"

    missing = invoke(runner, fresh, "import", "companies", str(tmp_path / "nope.csv"))
    no_schema = invoke(runner, fresh, "import", "companies", str(file))

    assert (missing.exit_code, no_schema.exit_code) == (2, 2)
    assert "file not found" in missing.stderr
    assert "run 'kakehashi init' first" in no_schema.stderr
    assert "Traceback" not in missing.output + no_schema.output


def test_import_with_mapping_file(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    file = tmp_path / "crm.csv"
    file.write_text("Startup,Blurb\nOrbit Pay,B2B payments\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"Startup": "name", "Blurb": "description"}', encoding="utf-8")

    result = invoke(runner, sqlite_url, "import", "companies", str(file), "--mapping", str(mapping), "--json")

    assert (result.exit_code, json.loads(result.stdout)["created"]) == (0, 1)


def test_import_rounds_json(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    file = tmp_path / "rounds.csv"
    file.write_text("company,date,type,amount,investors\nNova Labs,2020-01-15,Seed,$3M,Sakura VC (JP)\n")

    result = invoke(runner, sqlite_url, "import", "rounds", str(file), "--json")

    payload = json.loads(result.stdout)
    assert (result.exit_code, payload["created"], payload["organizations_created"]) == (0, 1, 2)


def test_generate_export_and_reimport(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    generated = tmp_path / "generated.jsonl"
    exported = tmp_path / "export.xlsx"

    gen = invoke(
        runner, sqlite_url, "generate", "companies", "--count", "50", "--seed", "4", "--out", str(generated)
    )
    first = invoke(runner, sqlite_url, "import", "companies", str(generated), "--json")
    export = invoke(runner, sqlite_url, "export", "companies", str(exported))
    back = invoke(runner, sqlite_url, "import", "companies", str(exported), "--json")

    assert (gen.exit_code, first.exit_code, export.exit_code, back.exit_code) == (0, 0, 0, 0)
    assert json.loads(first.stdout)["created"] == 50
    assert (json.loads(back.stdout)["created"], json.loads(back.stdout)["unchanged"]) == (0, 50)


def test_export_unknown_extension_exit_2(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    result = invoke(runner, sqlite_url, "export", "companies", str(tmp_path / "out.pdf"))

    assert result.exit_code == 2
    assert "use a .csv, .tsv, .xlsx or .jsonl file name" in result.stderr


@pytest.mark.slow  # indexes the 366 demo organizations for search (about 10 s on two cores)
def test_demo_load_if_empty(runner: CliRunner, sqlite_url: str) -> None:
    first = invoke(runner, sqlite_url, "demo", "load", "--if-empty", "--json")
    second = invoke(runner, sqlite_url, "demo", "load", "--if-empty", "--json")

    assert (first.exit_code, second.exit_code) == (0, 0)
    assert (json.loads(first.stdout)["startups"], json.loads(second.stdout)["skipped"]) == (300, True)
    assert len(json.loads(first.stdout)["logins"]) >= 1


def test_export_and_kind_errors_read_in_japanese_with_lang_ja(
    runner: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "companies.csv"
    file.write_text(GOOD, encoding="utf-8")

    export = runner.invoke(
        app, ["--db", sqlite_url, "--lang", "ja", "export", "companies", str(tmp_path / "out.pdf")]
    )
    kind = runner.invoke(
        app, ["--db", sqlite_url, "--lang", "ja", "import", "companies", str(file), "--kind", "boss"]
    )

    assert (export.exit_code, kind.exit_code) == (2, 2)
    assert "'out.pdf' には書き出せません。" in export.stderr
    assert "--kind には startup, corporation, investor" in kind.stderr


def test_import_index_left_behind_is_reported_exit_1(
    runner: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 12: a search index that cannot follow the committed rows is named, never silently stale.
    from kakehashi.settings import get_settings

    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(blocker))
    get_settings.cache_clear()
    file = tmp_path / "good.csv"
    file.write_text(GOOD, encoding="utf-8")
    try:
        result = invoke(runner, sqlite_url, "import", "companies", str(file), "--json")
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert (payload["created"], payload["index_updated"]) == (2, False)
    assert "search index was not updated" in result.stderr
    assert "kakehashi index rebuild" in result.stderr


def test_import_rounds_warnings_in_japanese(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    file = tmp_path / "rounds.csv"
    file.write_text("company,date,type\nNova Labs,2020-31-31,Series A\n", encoding="utf-8")

    result = runner.invoke(app, ["--lang", "ja", "--db", sqlite_url, "import", "rounds", str(file), "--json"])

    assert result.exit_code == 1
    [warning] = json.loads(result.stdout)["warnings"]
    assert (warning["row"], warning["column"], warning["value"]) == (2, "date", "2020-31-31")
    assert warning["message_id"] == "'{value}' is not a date"
    assert "2020-31-31" in warning["message"] and warning["message"] != "'2020-31-31' is not a date"


def test_import_with_link_merges_a_company_already_in_the_catalogue_from_another_source(
    runner: CliRunner, database_url: str, tmp_path: Path
) -> None:
    japanese = tmp_path / "edinet.csv"
    japanese.write_text("会社名,法人番号\n株式会社東洋精機製作所,5835678256246\n", encoding="utf-8")
    english = tmp_path / "crunchbase.csv"
    english.write_text('会社名,法人番号\n"Toyo Seiki Seisakusho Co., Ltd.",5835678256246\n', encoding="utf-8")

    first = invoke(runner, database_url, "import", "companies", str(japanese), "--json")
    linked = invoke(runner, database_url, "import", "companies", str(english), "--link", "--json")

    assert first.exit_code == 0, first.output
    assert linked.exit_code == 0, linked.output
    assert json.loads(linked.stdout)["identity"] == {"merged": 1, "suggested": 0}  # the same corporate number
    assert organizations(runner, database_url) == 1
