"""`kakehashi import rounds|deals|series` and `kakehashi insights capital|deals|cohorts|series` on both
databases: the JSON of the issue, the table with its note, files written, and figures worked out by hand."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from tests.integration.services.test_insights import INVESTORS_CSV, R3_USD, ROUNDS_CSV, STARTUPS_CSV
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app
from kakehashi.entrypoints.context import AppContext
from kakehashi.settings import get_settings

pytestmark = pytest.mark.integration

runner = CliRunner()

DEALS_CSV = (
    "date,kind,acquirer,target,host,parties,amount,currency,country,title\n"
    '2018-05-01,Acquisition,Sony (JP),Alpha,,,"100,000,000",USD,,Sony buys Alpha\n'
    '2018-05-01,acquisition,Sony (JP),Alpha,,,"100,000,000",USD,,Sony buys Alpha again\n'  # same deal
    "2019-02-03,R&D centre,,,Panasonic (Japan),,,,Israel,Panasonic opens an R&D centre\n"
    '2017-03-01,partnership,,,,"partner: SoftBank; partner: Beta",,,,PoC\n'
    "2016-01-01,acquisition,Acme (US),Gamma,,,5000000,USD,,Acme buys Gamma\n"  # not a Japanese acquirer
    "2016-02-01,agreement,,,,,,,,nobody\n"  # no party: rejected
)
SERIES_CSV = (
    "period,indicator,value,unit,source\n"
    "2017,exports_il_jp,100,USD million,CBS\n"
    "2018,exports_il_jp,146,USD million,CBS\n"
    "2018-03,imports_jp_il,50,USD million,CBS\n"
    "2019-03,imports_jp_il,40,USD million,CBS\n"
    "2020,,1,x,y\n"  # no indicator: rejected
)
COHORT_CSV = (
    "Organization Name,Headquarters Location,Founded Date,Operating Status\n"
    "Epsilon,Israel,2015-01-01,Active\n"
    "Zeta,Israel,2015-06-01,Closed\n"
    "Eta,Israel,2015-07-01,Acquired\n"
    "Theta,Israel,2016-01-01,\n"
    "Iota,Japan,2015-01-01,Active\n"
)


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The --db option for each command, with the catalogue of test_insights imported through the CLI."""

    def catalog_changed(self: AppContext, organization_ids: Sequence[int]) -> None:
        return None  # the search index is tested elsewhere

    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    monkeypatch.setattr(AppContext, "catalog_changed", catalog_changed)
    files = {"investors": INVESTORS_CSV, "startups": STARTUPS_CSV, "rounds": ROUNDS_CSV, "cohort": COHORT_CSV}
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    db = ["--db", database_url]
    for args in (
        ["import", "companies", str(tmp_path / "investors.csv"), "--kind", "investor"],
        ["import", "companies", str(tmp_path / "startups.csv")],
        ["import", "companies", str(tmp_path / "cohort.csv")],
    ):
        assert runner.invoke(app, [*db, *args]).exit_code == 0
    rounds = runner.invoke(app, [*db, "import", "rounds", str(tmp_path / "rounds.csv"), "--json"])
    assert rounds.exit_code == 1, rounds.output  # one row without a name, one amount without a rate
    assert json.loads(rounds.stdout)["created"] == 6
    yield db
    get_settings.cache_clear()


def test_capital_json_as_in_the_issue(cli: list[str]) -> None:
    result = runner.invoke(
        app,
        [*cli, "insights", "capital", "--company-country", "IL", "--from", "2013", "--to", "2018",
         "--group-by", "investor_country", "--group-by", "year", "--attribution", "equal_split", "--json"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [
        (r["investor_country"], r["year"], round(r["capital_usd"], 2), r["rounds"]) for r in data["rows"]
    ] == [
        ("IL", 2016, 3_333_333.33, 1),
        ("JP", 2016, 6_666_666.67, 1),
        ("KR", 2017, R3_USD / 2, 1),
        ("unknown", 2017, R3_USD / 2, 1),
        ("unknown", 2018, 1_200_000.0, 1),
    ]
    assert set(data["rows"][0]) == {"investor_country", "year", "capital_usd", "rounds"}
    assert (data["total_capital_usd"], data["rounds"]) == (10_000_000 + R3_USD + 1_200_000, 3)


def test_capital_table_says_participation_rows_do_not_add_up(cli: list[str]) -> None:
    result = runner.invoke(
        app, [*cli, "insights", "capital", "--from", "2013", "--to", "2018"], terminal_width=200
    )

    assert result.exit_code == 0, result.output
    assert "participation rows do not add up to the total" in result.stdout
    assert "10,000,000" in result.stdout


def test_capital_out_csv_and_xlsx(cli: list[str], tmp_path: Path) -> None:
    import openpyxl

    for name in ("capital.csv", "capital.xlsx"):
        result = runner.invoke(
            app, [*cli, "insights", "capital", "--from", "2016", "--to", "2016", "--attribution", "lead",
                  "--out", str(tmp_path / name)]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    with (tmp_path / "capital.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[:2] == [
        ["investor_country", "year", "capital_usd", "rounds"],
        ["JP", "2016", "10000000.0", "1"],
    ]
    assert "counting rule: lead" in rows[-1][0]
    sheet = openpyxl.load_workbook(tmp_path / "capital.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["JP", 2016, 10_000_000, 1]


def test_chart_out_writes_a_png_and_an_svg(cli: list[str], tmp_path: Path) -> None:
    png = runner.invoke(app, [*cli, "insights", "capital", "--out", str(tmp_path / "chart.png")])
    svg = runner.invoke(
        app, [*cli, "--lang", "ja", "insights", "capital", "--out", str(tmp_path / "chart.svg")]
    )
    assert png.exit_code == 0, png.output
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert svg.exit_code == 0, svg.output
    assert "<svg" in (tmp_path / "chart.svg").read_text(encoding="utf-8")


def test_deals_import_and_per_year(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "deals.csv").write_text(DEALS_CSV, encoding="utf-8")
    first = runner.invoke(app, [*cli, "import", "deals", str(tmp_path / "deals.csv"), "--json"])
    again = runner.invoke(app, [*cli, "import", "deals", str(tmp_path / "deals.csv"), "--json"])

    report, second = json.loads(first.stdout), json.loads(again.stdout)
    assert (report["created"], report["duplicates"], report["rejected"]) == (4, 1, 1)
    assert (second["created"], second["unchanged"]) == (0, 4)
    result = runner.invoke(app, [*cli, "insights", "deals", "--json"])
    assert json.loads(result.stdout)["rows"] == [
        {"year": 2017, "kind": "partnership", "deals": 1, "amount_usd": 0.0},
        {"year": 2018, "kind": "acquisition", "deals": 1, "amount_usd": 100_000_000.0},
        {"year": 2019, "kind": "rd_center", "deals": 1, "amount_usd": 0.0},  # opened in Israel
    ]
    only = runner.invoke(app, [*cli, "insights", "deals", "--kind", "acquisition", "--acquirer-country", "US",
                               "--json"])  # fmt: skip
    assert json.loads(only.stdout)["rows"] == [
        {"year": 2016, "kind": "acquisition", "deals": 1, "amount_usd": 5_000_000.0}
    ]


def test_series_import_and_change_year_over_year(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "series.csv").write_text(SERIES_CSV, encoding="utf-8")
    imported = runner.invoke(app, [*cli, "import", "series", str(tmp_path / "series.csv"), "--json"])
    report = json.loads(imported.stdout)
    assert (report["created"], report["rejected"]) == (4, 1)

    result = runner.invoke(app, [*cli, "insights", "series", "--json"])
    points = [
        (p["indicator"], p["period"], p["value"], p["change_yoy"])
        for p in json.loads(result.stdout)["points"]
    ]
    assert points == [
        ("exports_il_jp", "2017", 100.0, None),
        ("exports_il_jp", "2018", 146.0, pytest.approx(0.46)),  # exports rose 46%
        ("imports_jp_il", "2018-03", 50.0, None),
        ("imports_jp_il", "2019-03", 40.0, pytest.approx(-0.2)),
    ]


def test_cohorts(cli: list[str]) -> None:
    result = runner.invoke(app, [*cli, "insights", "cohorts", "--company-country", "IL", "--json"])
    assert json.loads(result.stdout)["rows"] == [
        {"founded_year": 2015, "total": 3, "active": 1, "acquired": 1, "closed": 1, "other": 0},
        {"founded_year": 2016, "total": 1, "active": 0, "acquired": 0, "closed": 0, "other": 1},
    ]
