"""An organizer imports a small mission, runs the planner, sees the grid and downloads an agenda."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mission-small.json"


def test_organizer_solves_a_small_mission_and_downloads_an_agenda(page, shot, sign_in) -> None:
    sign_in("organizer@demo.kakehashi.jp")
    page.goto("/missions")
    shot("missions")

    page.set_input_files("input[name=instance_file]", str(EXAMPLE))
    page.click("form[action='/missions'] button[type=submit]")
    page.wait_for_url("**/missions/*")
    shot("mission-imported")
    page.select_option("select[name=time_limit]", "5")
    page.click("form[action$='/solve'] button[type=submit]")
    page.wait_for_selector("progress.progress")
    shot("planner-progress")
    page.wait_for_url("**/grid?version=*", timeout=120_000)  # HTMX follows HX-Redirect when the run ends
    page.wait_for_selector(".grid-table .meeting")
    shot("grid")
    with page.expect_download() as download_info:
        page.locator("a[data-ics]").first.click()
    calendar = Path(download_info.value.path()).read_text(encoding="utf-8")

    assert page.locator(".grid-table .meeting").count() > 0
    assert "BEGIN:VCALENDAR" in calendar
    assert "TZID=Asia/Jerusalem" in calendar
