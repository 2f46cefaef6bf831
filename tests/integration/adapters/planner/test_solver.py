"""The planner on small instances whose best schedule is known: every hard rule, reasons, bounds."""

from __future__ import annotations

from typing import Any

import pytest

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.solver import solve
from kakehashi.domain.planning import Instance, Schedule, ScheduleStatus, check_schedule, instance_from_dict

from .conftest import delegate, host, instance_data, request, slot

pytestmark = pytest.mark.integration

S1 = slot("s1", "09:00", "09:30")
S2 = slot("s2", "09:45", "10:15")
S3 = slot("s3", "10:30", "11:00")


def plan(data: dict[str, Any], time_limit: float = 3.0) -> tuple[Instance, Schedule]:
    instance = instance_from_dict(data)
    schedule = solve(instance, time_limit=time_limit)
    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    return instance, schedule


def placed(schedule: Schedule) -> set[tuple[str, str, str]]:
    return {(m.delegate, m.host, m.slot) for m in schedule.meetings}


def test_solve_two_delegates_one_slot_heavier_wins() -> None:
    data = instance_data(
        slots=[S1],
        participants=[delegate("a"), delegate("b"), host("h", "v1")],
        requests=[request("a", "h", 2), request("b", "h", 5)],
    )

    _, schedule = plan(data)

    assert (placed(schedule), schedule.status, schedule.objective, schedule.bound) == (
        {("b", "h", "s1")},
        ScheduleStatus.OPTIMAL,
        5,
        5,
    )
    assert [(u.delegate, u.code) for u in schedule.unscheduled] == [("a", "lower_weight")]
    assert (
        "lower weight (2) than the meetings that took its place: Team b with Host h"
        in schedule.unscheduled[0].reason
    )


def test_solve_travel_time_keeps_cities_apart() -> None:
    data = instance_data(
        slots=[S1, S2],
        venues=[
            {"id": "tlv", "name": "Tel Aviv", "capacity": 1, "city": "Tel Aviv"},
            {"id": "hfa", "name": "Haifa", "capacity": 1, "city": "Haifa"},
        ],
        travel=[{"from": "tlv", "to": "hfa", "minutes": 90}],
        participants=[delegate("a"), host("h1", "tlv"), host("h2", "hfa")],
        requests=[request("a", "h1", 3), request("a", "h2", 2)],
    )

    _, schedule = plan(data)

    assert (len(schedule.meetings), schedule.objective, [u.code for u in schedule.unscheduled]) == (
        1,
        3,
        ["travel_impossible"],
    )


def test_solve_travel_possible_with_enough_gap() -> None:
    data = instance_data(
        slots=[S1, slot("s2", "11:30", "12:00")],
        venues=[
            {"id": "tlv", "name": "Tel Aviv", "capacity": 1, "city": "Tel Aviv"},
            {"id": "hfa", "name": "Haifa", "capacity": 1, "city": "Haifa"},
        ],
        travel=[{"from": "tlv", "to": "hfa", "minutes": 90}],
        participants=[delegate("a"), host("h1", "tlv"), host("h2", "hfa")],
        requests=[request("a", "h1", 3), request("a", "h2", 2)],
    )

    _, schedule = plan(data)

    assert (schedule.objective, schedule.status, schedule.stats["city_changes"]) == (
        5,
        ScheduleStatus.OPTIMAL,
        1,
    )


def test_solve_venue_capacity_shared_hall() -> None:
    data = instance_data(
        slots=[S1],
        venues=[{"id": "hall", "name": "Hub", "capacity": 1}],
        participants=[delegate("a"), delegate("b"), host("h1", "hall"), host("h2", "hall")],
        requests=[request("a", "h1", 4), request("b", "h2", 3)],
    )

    _, schedule = plan(data)

    assert (placed(schedule), [u.code for u in schedule.unscheduled]) == ({("a", "h1", "s1")}, ["venue_full"])


def test_solve_availability_respected() -> None:
    data = instance_data(
        slots=[S1, S2, S3],
        participants=[delegate("a", available=["s1", "s3"]), host("h", "v1", available=["s2", "s3"])],
        requests=[request("a", "h", 1)],
    )

    _, schedule = plan(data)

    assert placed(schedule) == {("a", "h", "s3")}


def test_solve_no_common_slot_reported() -> None:
    data = instance_data(
        slots=[S1, S2],
        participants=[delegate("a", available=["s1"]), host("h", "v1", available=["s2"])],
        requests=[request("a", "h", 1)],
    )

    _, schedule = plan(data)

    assert ([u.code for u in schedule.unscheduled], schedule.meetings) == (["no_common_free_slot"], ())


def test_solve_max_meetings_respected() -> None:
    data = instance_data(
        slots=[S1, S2, S3],
        venues=[{"id": "v1", "name": "Room 1", "capacity": 1}, {"id": "v2", "name": "Room 2", "capacity": 1}],
        participants=[delegate("a", max_meetings=1), host("h1", "v1"), host("h2", "v2")],
        requests=[request("a", "h1", 1), request("a", "h2", 4)],
    )

    _, schedule = plan(data)

    assert ({(m.delegate, m.host) for m in schedule.meetings}, [u.code for u in schedule.unscheduled]) == (
        {("a", "h2")},
        ["delegate_max_meetings"],
    )


def test_solve_each_request_at_most_once() -> None:
    data = instance_data(
        slots=[S1, S2, S3],
        participants=[delegate("a"), host("h", "v1")],
        requests=[request("a", "h", 5)],
    )

    _, schedule = plan(data)

    assert (len(schedule.meetings), schedule.objective) == (1, 5)


def test_solve_one_meeting_per_slot_for_a_delegate() -> None:
    data = instance_data(
        slots=[S1],
        venues=[{"id": "v1", "name": "Room 1", "capacity": 5}],
        participants=[delegate("a"), host("h1", "v1"), host("h2", "v1")],
        requests=[request("a", "h1", 1), request("a", "h2", 2)],
    )

    _, schedule = plan(data)

    assert placed(schedule) == {("a", "h2", "s1")}


def test_solve_mandatory_placed_before_heavier() -> None:
    data = instance_data(
        slots=[S1],
        participants=[delegate("a"), delegate("b"), host("h", "v1")],
        requests=[request("a", "h", 1, mandatory=True), request("b", "h", 5)],
    )

    _, schedule = plan(data)

    assert (placed(schedule), schedule.status) == ({("a", "h", "s1")}, ScheduleStatus.OPTIMAL)


def test_solve_impossible_mandatory_named_with_reason() -> None:
    data = instance_data(
        slots=[S1],
        participants=[delegate("a"), delegate("b"), delegate("c", available=[]), host("h", "v1")],
        requests=[
            request("a", "h", 1, mandatory=True),
            request("b", "h", 1, mandatory=True),
            request("c", "h", 1, mandatory=True),
        ],
    )

    _, schedule = plan(data)

    missing = {(u.delegate, u.code) for u in schedule.unscheduled if u.mandatory}
    assert (schedule.status, len(schedule.meetings), len(missing)) == (ScheduleStatus.INFEASIBLE, 1, 2)
    assert ("c", "delegate_unavailable") in missing
    assert all(u.reason.startswith("mandatory meeting cannot be placed") for u in schedule.unscheduled)


def test_solve_interpreters_limit_meetings_per_slot() -> None:
    data = instance_data(
        slots=[S1],
        venues=[{"id": "v1", "name": "Room 1", "capacity": 1}, {"id": "v2", "name": "Room 2", "capacity": 1}],
        participants=[delegate("a"), delegate("b"), host("h1", "v1"), host("h2", "v2")],
        requests=[request("a", "h1", 2, interpreter="ja-he"), request("b", "h2", 3, needs_interpreter=True)],
        interpreters=[{"id": "i1", "name": "Yuki", "languages": ["ja", "he"]}],
    )

    _, schedule = plan(data)

    assert [(m.delegate, m.interpreter) for m in schedule.meetings] == [("b", "i1")]
    assert [u.code for u in schedule.unscheduled] == ["interpreter_unavailable"]


def test_solve_interpreter_language_must_match() -> None:
    data = instance_data(
        slots=[S1, S2],
        participants=[delegate("a"), host("h1", "v1")],
        requests=[request("a", "h1", 2, interpreter="ja-he")],
        interpreters=[
            {"id": "en", "name": "Sam", "languages": ["ja", "en"]},
            {"id": "he", "name": "Noa", "languages": ["ja", "he"], "available": ["s2"]},
        ],
    )

    _, schedule = plan(data)

    assert [(m.slot, m.interpreter) for m in schedule.meetings] == [("s2", "he")]


def test_solve_generated_instance_bound_above_objective_and_rules_hold() -> None:
    instance = generate_instance(12, 20, 1, seed=3)

    schedule = solve(instance, time_limit=4.0)

    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    assert schedule.bound >= schedule.objective
    assert schedule.stats["min_share_bound"] >= schedule.stats["min_share"]
    assert len(schedule.meetings) + len(schedule.unscheduled) == len(instance.requests)
    assert {t.delegate for t in schedule.teams} == {p.id for p in instance.delegates}


def test_solve_request_to_unavailable_host_explained() -> None:
    data = instance_data(
        slots=[S1, S2],
        participants=[delegate("a"), host("h", "v1", available=[])],
        requests=[request("a", "h", 2)],
    )

    _, schedule = plan(data)

    assert [(u.code, u.reason) for u in schedule.unscheduled] == [
        ("host_unavailable", "Host h is not available in any slot")
    ]


def test_solve_respects_time_limit_on_a_larger_instance() -> None:
    instance = generate_instance(40, 60, 2, seed=1)

    schedule = solve(instance, time_limit=3.0)

    assert schedule.stats["method"].startswith("ejection")
    assert check_schedule(instance, list(schedule.meetings), include_mandatory=False) == []
    assert schedule.bound >= schedule.objective
