"""Re-planning keeps every still-valid meeting exactly where it was and reports what changed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kakehashi.adapters.planner.solver import repair, solve
from kakehashi.domain.planning import check_schedule, instance_from_dict

from .conftest import delegate, host, instance_data, request, slot

pytestmark = pytest.mark.integration


def base() -> dict[str, Any]:
    return instance_data(
        slots=[slot("s1", "09:00", "09:30"), slot("s2", "09:45", "10:15"), slot("s3", "10:30", "11:00")],
        venues=[{"id": f"v{n}", "name": f"Room {n}", "capacity": 1} for n in (1, 2, 3)],
        participants=[
            delegate("a"),
            delegate("b"),
            host("h1", "v1"),
            host("h2", "v2"),
            host("h3", "v3"),
        ],
        requests=[
            request("a", "h1", 5),
            request("a", "h2", 4),
            request("b", "h1", 3),
            request("b", "h3", 2),
        ],
    )


def positions(meetings: Any) -> set[tuple[str, str, str]]:
    return {(m.delegate, m.host, m.slot) for m in meetings}


def test_repair_after_cancellation_keeps_other_meetings() -> None:
    data = base()
    first = solve(instance_from_dict(data), time_limit=3)
    changed = copy.deepcopy(data)
    changed["requests"] = [r for r in changed["requests"] if (r["delegate"], r["host"]) != ("a", "h2")]

    schedule, report = repair(instance_from_dict(changed), first, time_limit=3)

    assert positions(report.kept) == positions(first.meetings) - {
        (m.delegate, m.host, m.slot) for m in first.meetings if m.host == "h2"
    }
    assert positions(report.kept) <= positions(schedule.meetings)
    assert [(u.delegate, u.host, u.code) for u in report.dropped] == [("a", "h2", "cancelled")]


def test_repair_after_host_drops_out_reports_dropped() -> None:
    data = base()
    first = solve(instance_from_dict(data), time_limit=3)
    changed = copy.deepcopy(data)
    changed["participants"] = [p for p in changed["participants"] if p["id"] != "h3"]
    changed["requests"] = [r for r in changed["requests"] if r["host"] != "h3"]

    schedule, report = repair(instance_from_dict(changed), first, time_limit=3)

    assert positions(schedule.meetings) == {(d, h, s) for d, h, s in positions(first.meetings) if h != "h3"}
    assert [(u.host, u.reason) for u in report.dropped] == [("h3", "h3 is no longer part of the delegation")]


def test_repair_places_late_request_around_kept_meetings() -> None:
    data = base()
    # A fourth slot: b is busy in two slots and h2 in one, so b and h2 share a free slot whatever the first
    # schedule (with three slots, a compact first schedule may put a-h2 in b's only free slot).
    data["slots"].append(slot("s4", "11:15", "11:45"))
    first = solve(instance_from_dict(data), time_limit=3)
    changed = copy.deepcopy(data)
    changed["requests"].append(request("b", "h2", 1))

    schedule, report = repair(instance_from_dict(changed), first, time_limit=3)

    assert positions(report.kept) == positions(first.meetings)
    assert [(m.delegate, m.host) for m in report.added] == [("b", "h2")]
    assert check_schedule(instance_from_dict(changed), list(schedule.meetings)) == []


def test_repair_moves_meeting_whose_slot_became_unavailable() -> None:
    data = base()
    data["slots"].append(slot("s4", "11:15", "11:45"))  # room to move into, whatever the first schedule
    first = solve(instance_from_dict(data), time_limit=3)
    meeting = next(m for m in first.meetings if m.host == "h1" and m.delegate == "a")
    changed = copy.deepcopy(data)
    h1 = next(p for p in changed["participants"] if p["id"] == "h1")
    h1["available"] = [s["id"] for s in changed["slots"] if s["id"] != meeting.slot]

    schedule, report = repair(instance_from_dict(changed), first, time_limit=3)

    assert [
        (a.slot == meeting.slot, b.slot != meeting.slot) for a, b in report.moved if a.key == ("a", "h1")
    ] == [(True, True)]
    assert positions(report.kept) == positions(first.meetings) - {
        (meeting.delegate, meeting.host, meeting.slot)
    } - {(a.delegate, a.host, a.slot) for a, _b in report.moved}
    assert check_schedule(instance_from_dict(changed), list(schedule.meetings), include_mandatory=False) == []
