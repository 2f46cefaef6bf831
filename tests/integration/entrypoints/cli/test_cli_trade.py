"""The organizer chooses how much placed weight compact days may cost (default none) and is told what the
solve traded: placed weight, bound and gap, what compact days cost, idle slots, city changes and the worst
share, each against the greedy planner (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app

from .test_cli_planning import _write, tiny_instance

pytestmark = pytest.mark.integration


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_solve_summary_states_weight_bound_gap_and_what_compactness_cost(
    runner: CliRunner, tmp_path: Path
) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    out = tmp_path / "schedule.json"

    result = runner.invoke(app, ["schedule", "solve", str(instance), "--out", str(out), "--time-limit", "5"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  Placed weight 10 of at most 10 (gap 0.0%); the greedy planner places 10." in lines
    assert "  Compact days and few city changes cost no placed weight." in lines
    assert "  0 idle slots and 0 city changes (the greedy planner: 0 and 0)." in lines
    assert any(
        line.startswith("  The worst-served team gets 100.0% of the weight it asked for") for line in lines
    )
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["weight_tolerance"] == 0


def test_solve_summary_in_japanese(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    out = tmp_path / "schedule.json"

    result = runner.invoke(
        app, ["--lang", "ja", "schedule", "solve", str(instance), "--out", str(out), "--time-limit", "5"]
    )

    assert result.exit_code == 0, result.output
    assert "  配置した重み 10（上限 10、差 0.0%）。貪欲法の計画では 10 です。" in result.stdout.splitlines()
    assert "日程の詰め合わせと都市移動の削減で失った重みはありません。" in result.stdout


def test_weight_tolerance_reaches_the_solver(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    out = tmp_path / "schedule.json"

    result = runner.invoke(
        app,
        [
            "schedule",
            "solve",
            str(instance),
            "--out",
            str(out),
            "--time-limit",
            "5",
            "--weight-tolerance",
            "0.05",
        ],
    )

    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["weight_tolerance"] == 0.05


def test_weight_tolerance_outside_0_1_exits_2_with_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())

    result = runner.invoke(
        app,
        ["schedule", "solve", str(instance), "--out", str(tmp_path / "s.json"), "--weight-tolerance", "5"],
    )

    assert result.exit_code == 2
    assert result.stderr.strip() == "error: the weight tolerance must be a fraction between 0 and 1, not 5.0"


def test_mission_run_tells_the_trade(runner: CliRunner, tmp_path: Path, sqlite_url: str) -> None:
    instance = _write(tmp_path / "instance.json", tiny_instance())
    db = ["--db", sqlite_url]
    mission = runner.invoke(app, [*db, "schedule", "import", str(instance)]).stdout.strip()

    solved = runner.invoke(
        app, [*db, "schedule", "run", mission, "--time-limit", "5", "--weight-tolerance", "0"]
    )
    as_json = runner.invoke(app, [*db, "schedule", "run", mission, "--time-limit", "5", "--json"])

    assert solved.exit_code == 0, solved.output
    assert "  Compact days and few city changes cost no placed weight." in solved.stdout.splitlines()
    assert "Compact days and few city changes cost no placed weight." in json.loads(as_json.stdout)["summary"]
