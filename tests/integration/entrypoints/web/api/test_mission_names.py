"""Mission and participant names with line breaks and the characters iCalendar escapes: cleaned when they come
in, escaped when they go out, so every calendar of the mission downloads and reads back (issue 11, item 4)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from icalendar import Calendar
from icalendar.parser import unescape_backslash
from sqlalchemy import update

from kakehashi.adapters.db.models.planning import Mission, MissionParticipant

from .conftest import World

pytestmark = pytest.mark.integration

MISSION = "Spring\r\nmission \\ 2026; Tel Aviv, Haifa"
PARTY = "Mitsuba\r\nMobility \\ R&D; Japan, Inc."
CLEAN_MISSION = "Spring mission \\ 2026; Tel Aviv, Haifa"
CLEAN_PARTY = "Mitsuba Mobility \\ R&D; Japan, Inc."


def _instance() -> dict[str, Any]:
    return {
        "name": MISSION,
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "10:30", "end": "11:30"},
        ],
        "venues": [{"id": "tlv", "name": "Tel Aviv\r\nHub", "capacity": 2, "city": "Tel Aviv"}],
        "participants": [
            {"id": "mitsuba", "name": PARTY, "organization": "三葉\r\nモビリティ", "role": "delegate"},
            {"id": "roadsense", "name": "Road\tSense", "role": "host", "venue": "tlv"},
        ],
        "requests": [{"delegate": "mitsuba", "host": "roadsense", "weight": 5, "mandatory": True}],
    }


def _import(world: World, *, name: str | None = None) -> int:
    query = f"?name={quote(name)}" if name is not None else ""
    response = world.client.post(f"/api/v1/missions{query}", json=_instance(), headers=world.as_("organizer"))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _solve(world: World, mission_id: int) -> None:
    solved = world.client.post(
        f"/api/v1/missions/{mission_id}/solve?time_limit=5", headers=world.as_("organizer")
    )
    assert solved.status_code == 202, solved.text
    assert solved.json()["status"] == "succeeded", solved.text


def _calendar(world: World, path: str) -> Calendar:
    response = world.client.get(path, headers=world.as_("organizer"))
    assert response.status_code == 200, response.text
    return Calendar.from_ical(response.content)


def _calendar_name(calendar: Calendar) -> str:
    return str(unescape_backslash(str(calendar["X-WR-CALNAME"])))


def test_imported_names_are_stored_on_one_line(world: World) -> None:
    mission_id = _import(world)

    detail = world.client.get(f"/api/v1/missions/{mission_id}", headers=world.as_("organizer")).json()

    people = {p["id"]: (p["name"], p["organization"]) for p in detail["instance"]["participants"]}
    assert detail["name"] == CLEAN_MISSION
    assert people == {"mitsuba": (CLEAN_PARTY, "三葉 モビリティ"), "roadsense": ("Road Sense", "Road Sense")}
    assert detail["instance"]["venues"][0]["name"] == "Tel Aviv Hub"


def test_a_mission_name_given_on_import_is_stored_on_one_line(world: World) -> None:
    mission_id = _import(world, name="Autumn\r\nmission\u2028two")

    detail = world.client.get(f"/api/v1/missions/{mission_id}", headers=world.as_("organizer")).json()

    assert detail["name"] == "Autumn mission two"


def test_calendars_of_a_mission_with_such_names_read_back_with_the_names(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)
    _solve(sqlite_world, mission_id)

    own = _calendar(sqlite_world, f"/api/v1/missions/{mission_id}/agenda/mitsuba.ics")
    host = _calendar(sqlite_world, f"/api/v1/missions/{mission_id}/agenda/roadsense.ics")
    everything = _calendar(sqlite_world, f"/api/v1/missions/{mission_id}/agenda.ics")

    assert _calendar_name(own) == f"{CLEAN_MISSION} – {CLEAN_PARTY}"
    assert _calendar_name(everything) == CLEAN_MISSION
    assert [str(e["SUMMARY"]) for e in host.walk("VEVENT")] == [
        f"Meeting: {CLEAN_PARTY} / 面談: 三葉 モビリティ"
    ]
    assert [str(e["LOCATION"]) for e in own.walk("VEVENT")] == ["Tel Aviv Hub"]


def test_names_stored_before_the_cleaning_still_export(world: World) -> None:
    # A mission stored by an earlier version kept its line breaks: its calendars must still download.
    mission_id = _import(world)
    _solve(world, mission_id)
    with world.context.engine.begin() as connection:
        connection.execute(update(Mission).where(Mission.id == mission_id).values(name=MISSION))
        connection.execute(
            update(MissionParticipant)
            .where(MissionParticipant.mission_id == mission_id, MissionParticipant.key == "mitsuba")
            .values(name=PARTY)
        )

    own = _calendar(world, f"/api/v1/missions/{mission_id}/agenda/mitsuba.ics")
    everything = _calendar(world, f"/api/v1/missions/{mission_id}/agenda.ics")

    # In iCalendar TEXT a CR/LF pair is one line break.
    assert _calendar_name(own) == f"{MISSION} – {PARTY}".replace("\r\n", "\n")
    assert _calendar_name(everything) == MISSION.replace("\r\n", "\n")
