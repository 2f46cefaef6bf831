from __future__ import annotations

import io
from collections.abc import Callable

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
