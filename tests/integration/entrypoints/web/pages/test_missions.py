"""An organizer imports a mission, runs the planner behind a progress page, reads the grid, downloads an
agenda and repairs the schedule after a cancellation."""

from __future__ import annotations

import io
import json
import re
import time
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[5] / "docs" / "examples" / "mission-small.json"


def _token(client, csrf) -> str:
    return csrf(client, "/missions")


def _import(client, csrf) -> str:
    response = client.post(
        "/missions",
        data={"csrf_token": _token(client, csrf), "name": "", "timezone": "Asia/Jerusalem"},
        files={"instance_file": ("mission-small.json", EXAMPLE.read_bytes(), "application/json")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response.headers["location"]


def _run_job(client, csrf, path: str, data: dict[str, str]) -> str:
    started = client.post(path, data={**data, "csrf_token": _token(client, csrf)}, follow_redirects=False)
    assert started.status_code == 303
    job_url = started.headers["location"]
    for _ in range(600):
        poll = client.get(job_url, headers={"HX-Request": "true"})
        if poll.headers.get("HX-Redirect") or 'data-done="true"' in poll.text:
            assert "error-message" not in poll.text, poll.text
            return poll.headers["HX-Redirect"]
        time.sleep(0.1)
    raise AssertionError("the planner job did not finish")


@pytest.fixture
def planned(client, login, csrf) -> tuple[str, str]:
    login(client, "organizer")
    mission_url = _import(client, csrf)
    grid_url = _run_job(client, csrf, f"{mission_url}/solve", {"time_limit": "2"})
    return mission_url, grid_url


def test_organizer_plans_a_mission_and_sees_the_grid(client, planned) -> None:
    _mission_url, grid_url = planned
    client.get("/lang/en")

    html = client.get(grid_url).text

    assert "Tel Aviv Innovation Hub" in html
    assert len(re.findall(r'<div class="meeting">', html)) > 0
    assert "Schedule version 1" in html


def test_participant_agenda_downloads_as_ics_in_venue_time_zone(client, planned) -> None:
    mission_url, grid_url = planned
    html = client.get(grid_url).text
    ics_link = re.search(r'href="([^"]+\.ics\?version=\d+)"', html).group(1).replace("&amp;", "&")

    response = client.get(ics_link)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in response.text
    assert "TZID=Asia/Jerusalem" in response.text


def test_repair_after_cancellation_makes_a_new_version(client, csrf, planned) -> None:
    mission_url, grid_url = planned
    html = client.get(grid_url).text
    cancel = re.search(
        r'<select name="cancel"><option value="">—</option><option value="([^"]+)"', html
    ).group(1)

    repaired = _run_job(client, csrf, f"{mission_url}/repair", {"cancel": cancel.replace("&amp;", "&")})
    client.get("/lang/en")
    after = client.get(repaired).text

    assert "Schedule version 2" in after


def test_scout_cannot_import_a_mission(client, login, csrf) -> None:
    login(client, "scout")

    response = client.post(
        "/missions",
        data={"csrf_token": _token(client, csrf)},
        files={"instance_file": ("m.json", EXAMPLE.read_bytes(), "application/json")},
    )

    assert response.status_code == 403


def test_broken_mission_file_is_a_clear_message(client, login, csrf) -> None:
    login(client, "organizer")
    client.get("/lang/en")

    response = client.post(
        "/missions",
        data={"csrf_token": _token(client, csrf)},
        files={"instance_file": ("m.json", b"{not json", "application/json")},
    )

    assert response.status_code == 422
    assert "not valid JSON" in response.text


@pytest.mark.parametrize("path", ["/missions/999", "/missions/abc/grid", "/missions/1/jobs/nope"])
def test_missions_wrong_ids_are_404(client, login, path: str) -> None:
    login(client, "organizer")

    response = client.get(path)

    assert response.status_code == 404


def test_organizer_adds_a_host_participant(client, login, csrf) -> None:
    login(client, "organizer")
    mission_url = _import(client, csrf)

    response = client.post(
        f"{mission_url}/participants",
        data={
            "csrf_token": _token(client, csrf),
            "role": "host",
            "name": "Negev Water Labs",
            "organization": "Negev Water Labs Ltd.",
            "venue": "tlv-hub",
        },
        follow_redirects=False,
    )
    html = client.get(mission_url).text

    assert response.status_code == 303
    assert "Negev Water Labs" in html.split('id="participants"', 1)[1]


def test_grid_downloads_as_excel_and_prints(client, planned) -> None:
    mission_url, _grid_url = planned

    workbook = client.get(f"{mission_url}/grid.xlsx")
    printable = client.get(f"{mission_url}/grid/print")

    assert workbook.status_code == 200
    assert workbook.content[:2] == b"PK"  # an XLSX file is a zip archive
    assert printable.status_code == 200
    assert "Tel Aviv Innovation Hub" in printable.text


def test_a_refused_participant_is_explained_in_japanese_on_a_japanese_page(client, login, csrf) -> None:
    login(client, "organizer")
    mission_url = _import(client, csrf)
    client.get("/lang/ja")

    response = client.post(
        f"{mission_url}/participants",
        data={"csrf_token": _token(client, csrf), "role": "host", "name": "Venue-less Host"},
    )

    assert response.status_code == 422
    assert "受け入れ企業には会場が必要です。" in response.text


def test_another_organizations_member_cannot_see_a_mission(client, login, csrf) -> None:
    login(client, "organizer")
    mission_url = _import(client, csrf)
    client.post("/logout", data={"csrf_token": _token(client, csrf)})
    login(client, "scout")

    response = client.get(mission_url)

    assert response.status_code == 404


BLOCKED = {
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
RULES_JA = "（会場の収容数（1 枠）、同じ時間枠の面談は1人1件まで（1 枠））"
WHY_NOT_JA = "共通の時間枠はすべてふさがっています" + RULES_JA


def test_a_japanese_mission_page_gives_the_why_not_reason_and_rule_names_in_japanese(
    client, login, csrf
) -> None:
    login(client, "organizer")
    imported = client.post(
        "/missions",
        data={"csrf_token": _token(client, csrf), "name": "", "timezone": "Asia/Jerusalem"},
        files={"instance_file": ("blocked.json", json.dumps(BLOCKED).encode(), "application/json")},
        follow_redirects=False,
    )
    mission_url = imported.headers["location"]
    grid_url = _run_job(client, csrf, f"{mission_url}/solve", {"time_limit": "3"})
    client.get("/lang/ja")

    grid = client.get(grid_url).text
    printable = client.get(f"{mission_url}/grid/print").text  # with the team summary: who got what
    agenda = client.get(f"{mission_url}/agenda/kuroshio").text
    summary = load_workbook(io.BytesIO(client.get(f"{mission_url}/grid.xlsx").content))["Summary"]

    assert WHY_NOT_JA in grid and "venue capacity" not in grid
    assert WHY_NOT_JA in printable and WHY_NOT_JA in agenda
    assert any(WHY_NOT_JA in str(c.value) for row in summary.iter_rows() for c in row)
    client.get("/lang/en")
    assert "every common slot is blocked (venue capacity in 1 slot(s)" in client.get(grid_url).text


def test_a_badly_typed_mission_file_names_each_problem_by_place(client, login, csrf) -> None:
    login(client, "organizer")
    client.get("/lang/en")
    data = json.loads(json.dumps(BLOCKED))
    del data["slots"][1]["day"]

    response = client.post(
        "/missions",
        data={"csrf_token": _token(client, csrf)},
        files={"instance_file": ("m.json", json.dumps(data).encode(), "application/json")},
    )

    assert response.status_code == 422
    assert 'slot "s2": "day" is missing' in unescape(response.text)
    assert "schema" not in response.text
