from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from icalendar.parser import unescape_backslash

from kakehashi.adapters.exports.agenda_ics import mission_calendar_ics, participant_agenda_ics
from kakehashi.adapters.exports.plan_view import PlanView
from kakehashi.domain.errors import NotFound

pytestmark = pytest.mark.unit


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_agenda_ics_every_event_carries_the_venue_time_zone(make_plan: Callable[..., PlanView]) -> None:
    data = participant_agenda_ics(make_plan(), "mitsuba")

    events = _events(data)
    tzids = [(e["DTSTART"].params.get("TZID"), e["DTEND"].params.get("TZID")) for e in events]

    assert tzids == [("Asia/Jerusalem", "Asia/Jerusalem")]
    assert b"BEGIN:VTIMEZONE" in data
    assert b"TZID:Asia/Jerusalem" in data


def test_agenda_ics_winter_meeting_shows_at_five_pm_in_tokyo(make_plan: Callable[..., PlanView]) -> None:
    event = _events(participant_agenda_ics(make_plan(day=date(2026, 3, 9)), "mitsuba"))[0]

    start = event.decoded("DTSTART")

    assert start.astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None) == datetime(2026, 3, 9, 17, 0)


def test_agenda_ics_summer_meeting_shows_at_four_pm_in_tokyo(make_plan: Callable[..., PlanView]) -> None:
    event = _events(participant_agenda_ics(make_plan(day=date(2026, 6, 10)), "mitsuba"))[0]

    start = event.decoded("DTSTART")

    assert start.astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None) == datetime(2026, 6, 10, 16, 0)


def test_agenda_ics_vtimezone_survives_a_round_trip_without_zoneinfo_lookup(
    make_plan: Callable[..., PlanView],
) -> None:
    # A phone only has the VTIMEZONE in the file: parse it and check the offset it declares for March.
    data = participant_agenda_ics(make_plan(day=date(2026, 3, 9)), "mitsuba")

    timezone = next(iter(Calendar.from_ical(data).walk("VTIMEZONE")))
    offsets = {sub.decoded("TZOFFSETTO") for sub in timezone.subcomponents}

    assert offsets == {timedelta(hours=2), timedelta(hours=3)}


def test_agenda_ics_summary_names_the_other_party_in_both_languages(
    make_plan: Callable[..., PlanView],
) -> None:
    event = _events(participant_agenda_ics(make_plan(), "roadsense"))[0]

    assert str(event["SUMMARY"]) == "Meeting: Mitsuba Mobility / 面談: 三葉モビリティ株式会社"
    assert str(event["LOCATION"]) == "Tel Aviv Innovation Hub"


def test_agenda_ics_uid_is_stable_and_sequence_grows_when_a_meeting_moves(
    make_plan: Callable[..., PlanView], repaired: Callable[[PlanView], PlanView]
) -> None:
    before = _events(participant_agenda_ics(make_plan(), "mitsuba"))[0]

    after = _events(participant_agenda_ics(repaired(make_plan()), "mitsuba"))[0]

    assert str(after["UID"]) == str(before["UID"]) == "m1-aaa@kakehashi"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").hour == 14


def test_agenda_ics_cancelled_meeting_keeps_uid_with_status_cancelled(
    make_plan: Callable[..., PlanView], repaired: Callable[[PlanView], PlanView]
) -> None:
    before = _events(participant_agenda_ics(make_plan(), "kuroshio"))[0]

    after = _events(participant_agenda_ics(repaired(make_plan()), "kuroshio"))

    assert [(str(e["UID"]), str(e["STATUS"])) for e in after] == [("m1-bbb@kakehashi", "CANCELLED")]
    assert int(after[0]["SEQUENCE"]) > int(before["SEQUENCE"])


def test_agenda_ics_calendar_is_published_with_one_event_per_meeting(
    make_plan: Callable[..., PlanView],
) -> None:
    calendar = Calendar.from_ical(mission_calendar_ics(make_plan()))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert sorted(str(e["UID"]) for e in calendar.walk("VEVENT")) == ["m1-aaa@kakehashi", "m1-bbb@kakehashi"]


def test_agenda_ics_unknown_participant_is_not_found(make_plan: Callable[..., PlanView]) -> None:
    with pytest.raises(NotFound) as error:
        participant_agenda_ics(make_plan(), "nobody")

    assert str(error.value) == "no participant 'nobody' in mission 1"


# Names stored before input cleaning (or typed into an older version) may hold line breaks and the characters
# iCalendar escapes; every text property must still be written with the library's escaping.
OLD_MISSION = "Spring\r\nmission \\ 2026; Tel Aviv, Haifa"
OLD_PARTY = "Mitsuba\r\nMobility \\ R&D; Japan, Inc."


def _old_names(plan: PlanView) -> PlanView:
    participants = dict(plan.participants)
    participants["mitsuba"] = replace(participants["mitsuba"], name=OLD_PARTY)
    return replace(plan, name=OLD_MISSION, participants=participants)


def _calendar_name(calendar: Calendar) -> str:
    # icalendar reads X-WR-CALNAME back as it stands in the file; clients unescape it as TEXT.
    return str(unescape_backslash(str(calendar["X-WR-CALNAME"])))


def test_agenda_ics_names_with_line_breaks_and_separators_read_back(
    make_plan: Callable[..., PlanView],
) -> None:
    plan = _old_names(make_plan())

    own = Calendar.from_ical(participant_agenda_ics(plan, "mitsuba"))
    other = Calendar.from_ical(participant_agenda_ics(plan, "roadsense"))
    everything = Calendar.from_ical(mission_calendar_ics(plan))

    # A CR/LF pair is one line break in iCalendar TEXT.
    mission, party = OLD_MISSION.replace("\r\n", "\n"), OLD_PARTY.replace("\r\n", "\n")
    assert _calendar_name(own) == f"{mission} – {party}"
    assert _calendar_name(everything) == mission
    assert [str(e["SUMMARY"]) for e in other.walk("VEVENT")] == [
        f"Meeting: {party} / 面談: 三葉モビリティ株式会社"
    ]
    assert f"Mission / ミッション: {mission}" in str(next(iter(own.walk("VEVENT")))["DESCRIPTION"])


def test_agenda_ics_calendar_name_escapes_backslash_semicolon_and_comma(
    make_plan: Callable[..., PlanView],
) -> None:
    plan = replace(make_plan(), name="R\\D; Tel Aviv, Haifa")

    data = mission_calendar_ics(plan)

    assert b"X-WR-CALNAME:R\\\\D\\; Tel Aviv\\, Haifa\r\n" in data
