from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "examples" / "mission-small.json"


def tiny_instance() -> dict[str, Any]:
    return {
        "name": "Tiny mission",
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "10:30", "end": "11:30"},
            {"id": "s3", "day": "2026-03-09", "start": "13:00", "end": "14:00"},
        ],
        "venues": [{"id": "tlv", "name": "Tel Aviv Hub", "capacity": 2, "city": "Tel Aviv"}],
        "travel": [],
        "participants": [
            {"id": "mitsuba", "name": "Mitsuba", "organization": "三葉モビリティ", "role": "delegate"},
            {"id": "kuroshio", "name": "Kuroshio", "organization": "黒潮マリン", "role": "delegate"},
            {
                "id": "roadsense",
                "name": "RoadSense",
                "organization": "RoadSense",
                "role": "host",
                "venue": "tlv",
            },
            {
                "id": "cyberdome",
                "name": "CyberDome",
                "organization": "CyberDome",
                "role": "host",
                "venue": "tlv",
            },
        ],
        "requests": [
            {"delegate": "mitsuba", "host": "roadsense", "weight": 5, "mandatory": True},
            {"delegate": "mitsuba", "host": "cyberdome", "weight": 2, "mandatory": False},
            {"delegate": "kuroshio", "host": "cyberdome", "weight": 3, "mandatory": False},
        ],
    }


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_schedule_solve_writes_a_schedule_file(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    out = tmp_path / "schedule.json"

    result = runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(out), "--time-limit", "5"])

    schedule = json.loads(out.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert schedule["status"] == "optimal"
    assert sorted((m["delegate"], m["host"]) for m in schedule["meetings"]) == [
        ("kuroshio", "cyberdome"),
        ("mitsuba", "cyberdome"),
        ("mitsuba", "roadsense"),
    ]
    assert result.stdout.startswith("optimal: 3 meetings, weight 10/10 (gap 0.0%), min share 100%")


def test_schedule_solve_bad_instance_exits_2_with_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    data = tiny_instance()
    data["slots"].append({"id": "s1", "day": "2026-03-09", "start": "16:00", "end": "17:00"})
    instance = _write(tmp_path / "instance.json", data)
    out = tmp_path / "schedule.json"

    result = runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(out)])

    assert result.exit_code == 2
    assert result.stderr.strip() == 'error: invalid instance: duplicate slot id "s1"'
    assert not out.exists()


def test_schedule_solve_malformed_json_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    instance = tmp_path / "broken.json"
    instance.write_text('{"name": "x", "slots": [', encoding="utf-8")

    result = runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(tmp_path / "s.json")])

    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {instance}: not valid JSON (line 1, column 25: Expecting value)"


def test_schedule_validate_empty_instance_says_so(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "empty.json", {"name": "nothing"})

    result = runner.invoke(app, ["schedule", "validate", str(instance)])

    assert result.exit_code == 2
    assert "the instance is empty" in result.stderr
    assert "Traceback" not in result.output


def test_schedule_validate_example_reports_its_size(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", "validate", str(EXAMPLE)])

    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "ok: 10 slots on 2 days, 6 venues, 6 delegates, 10 hosts, 27 requests (1 mandatory)"
    )


def test_schedule_repair_file_cancel_keeps_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    first = tmp_path / "schedule.json"
    runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(first), "--time-limit", "5"])
    second = tmp_path / "schedule2.json"

    result = runner.invoke(
        app,
        [
            "schedule", "repair", str(instance), "--schedule", str(first),
            "--cancel", "mitsuba:cyberdome", "--out", str(second), "--time-limit", "5",
        ],
    )  # fmt: skip

    before = {(m["delegate"], m["host"]): m for m in json.loads(first.read_text())["meetings"]}
    after = {(m["delegate"], m["host"]): m for m in json.loads(second.read_text())["meetings"]}
    assert result.exit_code == 0, result.output
    assert after == {k: v for k, v in before.items() if k != ("mitsuba", "cyberdome")}
    assert "dropped mitsuba -> cyberdome: cancelled" in result.stdout


def test_schedule_repair_bad_cancel_syntax_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())

    result = runner.invoke(
        app,
        [
            "schedule",
            "repair",
            str(instance),
            "--schedule",
            str(instance),
            "--cancel",
            "mitsuba",
            "--out",
            "x",
        ],
    )

    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --cancel expects DELEGATE:HOST, not 'mitsuba'"


def test_schedule_database_round_trip_produces_agendas_and_grid(
    runner: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    db = ["--db", sqlite_url]

    imported = runner.invoke(app, [*db, "schedule", "import", str(instance)])
    mission = imported.stdout.strip()
    solved = runner.invoke(app, [*db, "schedule", "run", mission, "--time-limit", "5"])
    ics = tmp_path / "mitsuba.ics"
    agenda = runner.invoke(
        app, [*db, "schedule", "agenda", mission, "--participant", "mitsuba", "--out", str(ics)]
    )
    xlsx = tmp_path / "grid.xlsx"
    grid = runner.invoke(app, [*db, "schedule", "grid", mission, "--out", str(xlsx)])
    summary = runner.invoke(app, [*db, "schedule", "summary", mission, "--json"])
    exported = tmp_path / "exported.json"
    export = runner.invoke(app, [*db, "schedule", "export", mission, "--out", str(exported)])

    assert [r.exit_code for r in (imported, solved, agenda, grid, summary, export)] == [0] * 6
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 2
    assert load_workbook(xlsx).sheetnames[:2] == ["Grid", "Summary"]
    teams = {t["participant"]: (t["asked"], t["got"]) for t in json.loads(summary.stdout)}
    assert teams["mitsuba"] == (2, 2)
    assert json.loads(exported.read_text(encoding="utf-8")) == tiny_instance()


def test_schedule_agenda_unknown_mission_exits_2(runner: CliRunner, tmp_path: Path, sqlite_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "--db",
            sqlite_url,
            "schedule",
            "agenda",
            "99",
            "--participant",
            "x",
            "--out",
            str(tmp_path / "a.ics"),
        ],
    )

    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no mission 99"


def test_schedule_repair_with_an_instance_as_schedule_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())

    result = runner.invoke(
        app,
        [
            "schedule",
            "repair",
            str(instance),
            "--schedule",
            str(instance),
            "--out",
            str(tmp_path / "new.json"),
        ],
    )

    assert result.exit_code == 2
    assert result.stderr.strip() == 'error: the schedule file is not a schedule: it needs a "meetings" list'


def test_schedule_solve_impossible_mandatory_meeting_exits_1_and_names_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tiny_instance()
    data["participants"][0]["available"] = ["s1"]
    data["participants"][2]["available"] = ["s2", "s3"]
    instance = _write(tmp_path / "instance.json", data)
    out = tmp_path / "schedule.json"

    result = runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(out), "--time-limit", "5"])

    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "infeasible"
    assert result.stderr.strip().startswith("mandatory mitsuba -> roadsense: ")
    assert "Traceback" not in result.output


def test_schedule_solve_zero_time_limit_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())

    result = runner.invoke(
        app, ["schedule", "solve", str(instance), "--out", str(tmp_path / "s.json"), "--time-limit", "0"]
    )

    assert result.exit_code == 2
    assert result.stderr.strip() == "error: the time limit must be a positive number of seconds, not 0.0"


def test_schedule_validate_names_impossible_requests(runner: CliRunner, tmp_path: Path) -> None:
    data = tiny_instance()
    data["participants"][0]["available"] = ["s1"]
    data["participants"][2]["available"] = ["s2"]
    data["participants"][3]["available"] = []
    instance = _write(tmp_path / "instance.json", data)

    result = runner.invoke(app, ["schedule", "validate", str(instance)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'warning: "cyberdome" (CyberDome) is not available in any slot',
        'error: mandatory meeting "mitsuba" -> "roadsense" is impossible: '
        "Mitsuba and RoadSense are never available at the same time",
        'warning: request "mitsuba" -> "cyberdome" is impossible: CyberDome is not available in any slot',
        'warning: request "kuroshio" -> "cyberdome" is impossible: CyberDome is not available in any slot',
    ]


def test_schedule_agendas_writes_one_calendar_per_participant(
    runner: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    db = ["--db", sqlite_url]
    mission = runner.invoke(app, [*db, "schedule", "import", str(instance)]).stdout.strip()
    runner.invoke(app, [*db, "schedule", "run", mission, "--time-limit", "5"])
    folder = tmp_path / "agendas"
    folder.mkdir()

    result = runner.invoke(app, [*db, "schedule", "agendas", mission, "--out-dir", str(folder), "-f", "ics"])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "cyberdome.ics",
        "kuroshio.ics",
        "mitsuba.ics",
        "roadsense.ics",
    ]


def test_schedule_repair_in_the_database_records_the_cancellation(
    runner: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    db = ["--db", sqlite_url]
    mission = runner.invoke(app, [*db, "schedule", "import", str(instance)]).stdout.strip()
    runner.invoke(app, [*db, "schedule", "run", mission, "--time-limit", "5"])

    repaired = runner.invoke(
        app, [*db, "schedule", "repair", mission, "--cancel", "kuroshio:cyberdome", "--time-limit", "5"]
    )
    cancelled = runner.invoke(app, [*db, "schedule", "requests", mission, "--status", "cancelled", "--json"])
    history = runner.invoke(app, [*db, "schedule", "history", mission, "--json"])

    assert repaired.exit_code == 0, repaired.output
    assert (
        repaired.stdout.splitlines()[0]
        == f"optimal: kept 2, moved 0, added 0, dropped 1 (mission {mission}, version 2)"
    )
    assert [(r["delegate"], r["host"]) for r in json.loads(cancelled.stdout)] == [("kuroshio", "cyberdome")]
    assert [(v["version"], v["kind"], v["parent"]) for v in json.loads(history.stdout)] == [
        (1, "solve", None),
        (2, "repair", 1),
    ]


def test_schedule_agenda_from_files_cancels_what_a_repair_dropped(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    first, second = tmp_path / "v1.json", tmp_path / "v2.json"
    runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(first), "--time-limit", "5"])
    runner.invoke(
        app,
        [
            "schedule", "repair", str(instance), "--schedule", str(first), "--cancel", "kuroshio:cyberdome",
            "--out", str(second), "--time-limit", "5",
        ],
    )  # fmt: skip
    before, after = tmp_path / "before.ics", tmp_path / "after.ics"

    runner.invoke(
        app, ["schedule", "agenda", str(instance), "-s", str(first), "-p", "kuroshio", "-o", str(before)]
    )
    result = runner.invoke(
        app, ["schedule", "agenda", str(instance), "-s", str(second), "-p", "kuroshio", "-o", str(after)]
    )

    old = next(iter(Calendar.from_ical(before.read_bytes()).walk("VEVENT")))
    new = next(iter(Calendar.from_ical(after.read_bytes()).walk("VEVENT")))
    assert result.exit_code == 0, result.output
    assert (str(new["UID"]), str(new["STATUS"])) == (str(old["UID"]), "CANCELLED")
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new.decoded("DTSTART") == old.decoded("DTSTART")


def blocked_instance() -> dict[str, Any]:
    """SeaSense's request is left out: the venue is full in s1 and Kuroshio is busy in s2 (two rules)."""
    return {
        "name": "Blocked mission",
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "14:00", "end": "15:00"},
        ],
        "venues": [
            {"id": "hub", "name": "Hub", "capacity": 1, "city": "Tel Aviv"},
            {"id": "lab", "name": "Lab", "capacity": 1, "city": "Tel Aviv"},
        ],
        "participants": [
            {"id": "mitsuba", "name": "Mitsuba", "role": "delegate", "available": ["s1"]},
            {"id": "kuroshio", "name": "Kuroshio", "role": "delegate"},
            {"id": "roadsense", "name": "RoadSense", "role": "host", "venue": "hub"},
            {"id": "seasense", "name": "SeaSense", "role": "host", "venue": "hub"},
            {"id": "cyberdome", "name": "CyberDome", "role": "host", "venue": "lab", "available": ["s2"]},
        ],
        "requests": [
            {"delegate": "mitsuba", "host": "roadsense", "weight": 10},
            {"delegate": "kuroshio", "host": "cyberdome", "weight": 10},
            {"delegate": "kuroshio", "host": "seasense", "weight": 1},
        ],
    }


BLOCKED_JA = (
    "共通の時間枠はすべてふさがっています（会場の収容数（1 枠）、同じ時間枠の面談は1人1件まで（1 枠））。"
    "重み（1）が、代わりに配置された面談より低いためです: Kuroshio と CyberDome（重み 10、s2）"
)


def test_schedule_solve_with_lang_ja_prints_the_reason_and_its_rule_names_in_japanese(
    runner: CliRunner, tmp_path: Path
) -> None:
    instance = _write(tmp_path / "instance.json", blocked_instance())
    out = tmp_path / "schedule.json"
    args = ["schedule", "solve", str(instance), "--out", str(out), "--time-limit", "5"]

    japanese = runner.invoke(app, ["--lang", "ja", *args])
    english = runner.invoke(app, ["--lang", "en", *args])

    assert (japanese.exit_code, english.exit_code) == (0, 0), japanese.output
    assert f"  not scheduled kuroshio -> seasense: {BLOCKED_JA}" in japanese.stdout.splitlines()
    assert (
        "  not scheduled kuroshio -> seasense: every common slot is blocked (venue capacity in 1 slot(s), "
        "one meeting per participant per slot in 1 slot(s)); lower weight (1) than the meetings that took "
        "its place: Kuroshio with CyberDome (weight 10, s2)"
    ) in english.stdout.splitlines()


def test_schedule_summary_grid_and_repair_with_lang_ja_give_reasons_in_japanese(
    runner: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    instance = _write(tmp_path / "instance.json", blocked_instance())
    db = ["--db", sqlite_url, "--lang", "ja"]
    mission = runner.invoke(app, [*db, "schedule", "import", str(instance)]).stdout.strip()
    runner.invoke(app, [*db, "schedule", "run", mission, "--time-limit", "5"])
    xlsx = tmp_path / "grid.xlsx"

    summary = runner.invoke(app, [*db, "schedule", "summary", mission])
    grid = runner.invoke(app, [*db, "schedule", "grid", mission, "--out", str(xlsx)])
    repaired = runner.invoke(
        app, [*db, "schedule", "repair", mission, "--cancel", "mitsuba:roadsense", "--time-limit", "5"]
    )

    assert [r.exit_code for r in (summary, grid, repaired)] == [0, 0, 0], repaired.output
    assert f"  ✗ SeaSense: {BLOCKED_JA}" in summary.stdout.splitlines()
    cells = [str(c.value) for row in load_workbook(xlsx)["Summary"].iter_rows() for c in row]
    assert any(BLOCKED_JA in cell for cell in cells)
    assert "  dropped mitsuba -> roadsense: 取り消されました。" in repaired.stdout.splitlines()


def test_schedule_validate_with_lang_ja_names_impossible_requests_in_japanese(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tiny_instance()
    data["participants"][3]["available"] = []
    instance = _write(tmp_path / "instance.json", data)

    result = runner.invoke(app, ["--lang", "ja", "schedule", "validate", str(instance)])

    assert result.stderr.splitlines()[:2] == [
        "warning: 「cyberdome」（CyberDome）はどの時間枠にも参加できません。",
        "warning: 面談希望「mitsuba」→「cyberdome」は実現できません: CyberDome はどの時間枠にも参加できません。",
    ]
