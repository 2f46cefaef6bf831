"""The planning exchange format: every bad input gets one clear message; valid input round-trips."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.planning import (
    InvalidInstance,
    Meeting,
    Schedule,
    ScheduleStatus,
    Unscheduled,
    check_schedule,
    city_changes,
    idle_slots,
    instance_from_dict,
    min_share,
)

pytestmark = pytest.mark.unit


def valid() -> dict[str, Any]:
    return {
        "name": "Spring mission",
        "slots": [
            {"id": "s1", "day": "2026-03-02", "start": "09:00", "end": "09:30"},
            {"id": "s2", "day": "2026-03-02", "start": "09:45", "end": "10:15"},
            {"id": "s3", "day": "2026-03-02", "start": "10:30", "end": "11:00"},
        ],
        "venues": [
            {"id": "tlv", "name": "Tel Aviv office", "capacity": 1, "city": "Tel Aviv"},
            {"id": "hfa", "name": "Haifa office", "capacity": 1, "city": "Haifa"},
        ],
        "travel": [{"from": "tlv", "to": "hfa", "minutes": 90}],
        "participants": [
            {"id": "d1", "name": "Team A", "organization": "Acme KK", "role": "delegate"},
            {"id": "h1", "name": "Startup 1", "organization": "S1", "role": "host", "venue": "tlv"},
            {
                "id": "h2",
                "name": "Startup 2",
                "organization": "S2",
                "role": "host",
                "venue": "hfa",
                "available": ["s3"],
            },
        ],
        "requests": [
            {"delegate": "d1", "host": "h1", "weight": 3, "mandatory": False},
            {"delegate": "d1", "host": "h2", "weight": 2, "mandatory": True},
        ],
    }


def problems_of(data: Any) -> list[str]:
    with pytest.raises(InvalidInstance) as caught:
        instance_from_dict(data)
    return caught.value.problems


def test_instance_from_dict_valid_round_trips() -> None:
    data = valid()

    instance = instance_from_dict(data)

    assert instance.to_dict() == data


def test_instance_from_dict_extra_fields_ignored() -> None:
    data = valid()
    data["organizer"] = "JETRO"
    data["participants"][0]["notes"] = "arrives Sunday"

    instance = instance_from_dict(data)

    assert [p.id for p in instance.participants] == ["d1", "h1", "h2"]


def test_instance_from_dict_not_an_object_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        instance_from_dict([1, 2])

    assert "JSON object" in str(caught.value)


def test_instance_from_dict_unknown_ids_named() -> None:
    data = valid()
    data["requests"].append({"delegate": "d9", "host": "h1", "weight": 1})
    data["participants"][1]["venue"] = "nowhere"
    data["participants"][0]["available"] = ["s1", "s7"]

    assert problems_of(data) == [
        'participant "d1": unknown slot "s7" in "available"',
        'participant "h1": unknown venue "nowhere"',
        'request "d9" -> "h1": unknown participant "d9"',
    ]


def test_instance_from_dict_duplicate_slot_time_refused() -> None:
    data = valid()
    data["slots"].append({"id": "s1b", "day": "2026-03-02", "start": "09:00", "end": "09:30"})

    assert problems_of(data) == ['slots "s1" and "s1b" are the same time (2026-03-02 09:00-09:30)']


def test_instance_from_dict_duplicate_slot_id_refused() -> None:
    data = valid()
    data["slots"].append({"id": "s1", "day": "2026-03-03", "start": "09:00", "end": "09:30"})

    assert problems_of(data) == ['duplicate slot id "s1"']


def test_instance_from_dict_overlapping_slots_refused() -> None:
    data = valid()
    data["slots"].append({"id": "s4", "day": "2026-03-02", "start": "09:15", "end": "09:40"})

    assert problems_of(data) == ['slots "s1" (09:00-09:30) and "s4" (09:15-09:40) overlap on 2026-03-02']


def test_instance_from_dict_host_without_venue_refused() -> None:
    data = valid()
    del data["participants"][1]["venue"]

    assert problems_of(data) == ['participant "h1": a host needs a "venue"']


def test_instance_from_dict_request_between_same_roles_refused() -> None:
    data = valid()
    data["requests"].append({"delegate": "h1", "host": "h2", "weight": 1})

    assert problems_of(data) == ['request "h1" -> "h2": "h1" is a host, not a delegate']


def test_instance_from_dict_request_without_common_slot_accepted() -> None:
    data = valid()
    data["participants"][0]["available"] = ["s1"]

    instance = instance_from_dict(data)

    assert instance.common_slots(instance.requests[1]) == []


def test_instance_can_follow_respects_travel() -> None:
    instance = instance_from_dict(valid())

    assert (instance.can_follow("s1", "tlv", "s2", "hfa"), instance.can_follow("s1", "tlv", "s3", "tlv")) == (
        False,
        True,
    )


def test_schedule_round_trips_through_dict() -> None:
    schedule = Schedule(
        status=ScheduleStatus.FEASIBLE,
        objective=3,
        bound=5,
        meetings=(Meeting("d1", "h1", "s1", "tlv"),),
        unscheduled=(Unscheduled("d1", "h2", "host full", "host_full", True),),
        stats={"weight": 3},
    )

    again = Schedule.from_dict(copy.deepcopy(schedule.to_dict()))

    assert (again.meetings, again.unscheduled, again.bound, again.status, again.gap) == (
        schedule.meetings,
        schedule.unscheduled,
        5,
        ScheduleStatus.FEASIBLE,
        0.4,
    )


def test_schedule_from_dict_bad_status_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        Schedule.from_dict({"status": "great", "meetings": []})

    assert str(caught.value) == "schedule: \"status\" must be optimal, feasible or infeasible, not 'great'"


def test_check_schedule_names_each_broken_rule() -> None:
    instance = instance_from_dict(valid())
    meetings = [
        Meeting("d1", "h1", "s1", "tlv"),
        Meeting("d1", "h2", "s2", "hfa"),
        Meeting("d1", "h1", "s3", "tlv"),
    ]

    rules = sorted({v.rule for v in check_schedule(instance, meetings)})

    assert rules == ["both_available", "request_at_most_once", "travel_time"]


def test_metrics_idle_city_and_share() -> None:
    instance = instance_from_dict(valid())
    meetings = [Meeting("d1", "h1", "s1", "tlv"), Meeting("d1", "h2", "s3", "hfa")]

    assert (
        idle_slots(instance, meetings),
        city_changes(instance, meetings),
        min_share(instance, meetings),
    ) == (
        1,
        1,
        1.0,
    )


def test_venues_without_a_city_are_grouped_by_travel_time() -> None:
    data = valid()
    data["venues"] = [
        {"id": "tlv-a", "name": "Tel Aviv office A", "capacity": 1},
        {"id": "tlv-b", "name": "Tel Aviv office B", "capacity": 1},
        {"id": "hfa", "name": "Haifa office", "capacity": 1},
    ]
    data["travel"] = [
        {"from": "tlv-a", "to": "tlv-b", "minutes": 15},
        {"from": "tlv-a", "to": "hfa", "minutes": 90},
        {"from": "tlv-b", "to": "hfa", "minutes": 90},
    ]
    data["participants"][1]["venue"] = "tlv-a"
    data["participants"][2]["venue"] = "hfa"
    data["participants"].append(
        {"id": "h3", "name": "Startup 3", "organization": "S3", "role": "host", "venue": "tlv-b"}
    )
    instance = instance_from_dict(data)

    assert instance.place_of("tlv-a") == instance.place_of("tlv-b") != instance.place_of("hfa")
    # Office next door: no city change; then on to Haifa: one.
    meetings = [
        Meeting("d1", "h1", "s1", "tlv-a"),
        Meeting("d1", "h3", "s2", "tlv-b"),
        Meeting("d1", "h2", "s3", "hfa"),
    ]
    assert city_changes(instance, meetings) == 1


def test_instance_from_dict_names_the_item_it_cannot_read() -> None:
    data = valid()
    del data["slots"][1]["day"]

    with pytest.raises(InvalidInstance) as caught:
        instance_from_dict(data)

    assert caught.value.problems == [
        "slots[1] does not follow docs/schemas/instance.schema.json (KeyError('day'))"
    ]
