from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kakehashi.domain.errors import InvalidInput, NotFound
from kakehashi.domain.planning import Request
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import missions
from kakehashi.services.missions import SYSTEM

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "mission-small.json"


def tiny_instance() -> dict[str, Any]:
    """Two teams, three hosts in two cities, four slots on one day: solved in well under a second."""
    return {
        "name": "Tiny mission",
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "10:30", "end": "11:30"},
            {"id": "s3", "day": "2026-03-09", "start": "13:00", "end": "14:00"},
            {"id": "s4", "day": "2026-03-09", "start": "14:30", "end": "15:30"},
        ],
        "venues": [
            {"id": "tlv", "name": "Tel Aviv Hub", "capacity": 2, "city": "Tel Aviv"},
            {"id": "hfa", "name": "MATAM", "capacity": 1, "city": "Haifa"},
        ],
        "travel": [{"from": "tlv", "to": "hfa", "minutes": 90}],
        "participants": [
            {"id": "mitsuba", "name": "Mitsuba", "organization": "三葉モビリティ", "role": "delegate"},
            {"id": "kuroshio", "name": "Kuroshio", "organization": "黒潮マリン", "role": "delegate"},
            {
                "id": "roadsense",
                "name": "RoadSense",
                "organization": "RoadSense",
                "role": "host",
                "venue": "tlv",
            },
            {
                "id": "cyberdome",
                "name": "CyberDome",
                "organization": "CyberDome",
                "role": "host",
                "venue": "tlv",
            },
            {
                "id": "seasense",
                "name": "SeaSense",
                "organization": "SeaSense",
                "role": "host",
                "venue": "hfa",
                "available": ["s3", "s4"],
            },
        ],
        "requests": [
            {"delegate": "mitsuba", "host": "roadsense", "weight": 5, "mandatory": True},
            {"delegate": "mitsuba", "host": "cyberdome", "weight": 2, "mandatory": False},
            {"delegate": "kuroshio", "host": "seasense", "weight": 5, "mandatory": False},
            {"delegate": "kuroshio", "host": "cyberdome", "weight": 3, "mandatory": False},
            {"delegate": "kuroshio", "host": "roadsense", "weight": 1, "mandatory": False},
        ],
    }


def _import(context: AppContext, data: dict[str, Any]) -> int:
    return missions.import_instance(context.uow(), viewer=SYSTEM, data=data)


def _solve(context: AppContext, mission_id: int) -> missions.VersionSummary:
    return missions.solve_mission(context.uow(), viewer=SYSTEM, mission_id=mission_id, time_limit=5)


def test_import_instance_then_export_equals_the_file(context: AppContext) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))

    mission_id = _import(context, data)
    exported = missions.export_instance(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    assert exported == data


def test_import_instance_invalid_stores_nothing(context: AppContext) -> None:
    data = tiny_instance()
    data["requests"].append({"delegate": "mitsuba", "host": "nobody", "weight": 1})

    with pytest.raises(InvalidInput) as error:
        missions.import_instance(context.uow(), viewer=SYSTEM, data=data)
    stored = missions.list_missions(context.uow(), viewer=SYSTEM)

    assert str(error.value) == 'invalid instance: request "mitsuba" -> "nobody": unknown participant "nobody"'
    assert stored == []


def test_import_instance_unknown_time_zone_is_refused(context: AppContext) -> None:
    with pytest.raises(InvalidInput) as error:
        missions.import_instance(context.uow(), viewer=SYSTEM, data=tiny_instance(), timezone="Mars/Olympus")

    assert str(error.value) == 'unknown time zone "Mars/Olympus" (use an IANA name such as Asia/Jerusalem)'


def test_add_request_from_both_sides_becomes_mutual_and_accepted(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    now = datetime(2026, 2, 1, tzinfo=UTC)

    first = missions.add_request(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="delegate",
        now=now,
    )
    second = missions.add_request(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        weight=3,
        now=now,
    )

    assert (first.status, first.expires_at) == ("pending", now + timedelta(days=14))
    assert (second.status, second.origin, second.weight) == ("accepted", "mutual", 3)


def test_expire_requests_marks_only_overdue_pending_requests(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    start = datetime(2026, 2, 1, tzinfo=UTC)
    missions.add_request(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="delegate",
        now=start,
    )

    early = missions.expire_requests(
        context.uow(), viewer=SYSTEM, mission_id=mission_id, now=start + timedelta(days=13)
    )
    late = missions.expire_requests(
        context.uow(), viewer=SYSTEM, mission_id=mission_id, now=start + timedelta(days=15)
    )
    statuses = sorted(
        {r.status for r in missions.list_requests(context.uow(), viewer=SYSTEM, mission_id=mission_id)}
    )

    assert (early, late) == (0, 1)
    assert statuses == ["accepted", "expired"]


def test_respond_to_request_after_expiry_is_refused(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    start = datetime(2026, 2, 1, tzinfo=UTC)
    missions.add_request(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        now=start,
    )

    with pytest.raises(InvalidInput) as error:
        missions.respond_to_request(
            context.uow(),
            viewer=SYSTEM,
            mission_id=mission_id,
            delegate="mitsuba",
            host="seasense",
            accept=True,
            now=start + timedelta(days=30),
        )

    assert str(error.value) == 'the request "mitsuba" -> "seasense" expired; ask again'


def test_solve_mission_stores_a_version_with_stable_uids(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())

    summary = _solve(context, mission_id)
    stored = missions.latest_schedule(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    assert (summary.number, summary.kind) == (1, "solve")
    assert summary.meetings == len(stored.schedule.meetings) == 5
    assert stored.uids[("mitsuba", "roadsense")] == missions.meeting_uid(mission_id, "mitsuba", "roadsense")


def test_repair_mission_keeps_unaffected_meetings_and_their_uids(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)
    before = missions.latest_schedule(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    outcome = missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(cancellations=(("kuroshio", "cyberdome"),)),
        time_limit=5,
    )
    after = missions.latest_schedule(context.uow(), viewer=SYSTEM, mission_id=mission_id)
    history = missions.schedule_history(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    unaffected = {m for m in before.schedule.meetings if m.key != ("kuroshio", "cyberdome")}
    assert set(after.schedule.meetings) >= unaffected
    assert {k: v for k, v in after.uids.items()} == {
        k: v for k, v in before.uids.items() if k != ("kuroshio", "cyberdome")
    }
    assert [(u.delegate, u.host, u.reason) for u in outcome.report.dropped] == [
        ("kuroshio", "cyberdome", "cancelled")
    ]
    assert [(v.number, v.kind, v.parent_number) for v in history] == [(1, "solve", None), (2, "repair", 1)]


def test_repair_mission_cancelled_meeting_reaches_agendas_as_cancelled(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)
    missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(dropouts=("seasense",)),
        time_limit=5,
    )

    plan = missions.plan_view(context.uow(), viewer=SYSTEM, mission_id=mission_id)
    first = missions.plan_view(context.uow(), viewer=SYSTEM, mission_id=mission_id, version=1)

    cancelled = [m for m in plan.meetings if m.cancelled]
    original = next(m for m in first.meetings if m.host == "seasense")
    assert [(m.delegate, m.host, m.uid) for m in cancelled] == [("kuroshio", "seasense", original.uid)]
    assert cancelled[0].sequence > original.sequence


def test_repair_mission_late_request_is_added_without_moving_others(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)
    # A team that joins late is free all day, and CyberDome has free slots: the request always fits.
    missions.add_participant(
        context.uow(), viewer=SYSTEM, mission_id=mission_id, key="hikari", name="Hikari", role="delegate"
    )

    outcome = missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(late_requests=(Request("hikari", "cyberdome", 4.0),)),
        time_limit=5,
    )

    assert [m.key for m in outcome.report.added] == [("hikari", "cyberdome")]
    assert (outcome.report.moved, outcome.report.dropped) == ((), ())


def test_repair_mission_unknown_ids_change_nothing(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)

    with pytest.raises(InvalidInput) as error:
        missions.repair_mission(
            context.uow(),
            viewer=SYSTEM,
            mission_id=mission_id,
            changes=missions.RepairChanges(cancellations=(("mitsuba", "seasense"),), dropouts=("ghost",)),
            time_limit=5,
        )
    history = missions.schedule_history(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    assert str(error.value) == (
        'cannot cancel "mitsuba" -> "seasense": there is no such request; '
        'cannot drop "ghost": there is no such participant'
    )
    assert len(history) == 1


def test_repair_mission_without_a_schedule_asks_to_solve_first(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())

    with pytest.raises(NotFound) as error:
        missions.repair_mission(
            context.uow(),
            viewer=SYSTEM,
            mission_id=mission_id,
            changes=missions.RepairChanges(),
            time_limit=5,
        )

    assert str(error.value) == (
        f"mission {mission_id} has no schedule yet: run `kakehashi schedule run {mission_id}` first"
    )


def test_team_summary_says_what_each_team_asked_and_got(context: AppContext) -> None:
    data = tiny_instance()
    # SeaSense can only meet in s3/s4 and has room for one meeting: one of two asks must go without.
    data["participants"][4]["max_meetings"] = 1
    data["requests"].append({"delegate": "mitsuba", "host": "seasense", "weight": 1, "mandatory": False})
    mission_id = _import(context, data)
    _solve(context, mission_id)

    teams = {
        t["participant"]: t
        for t in missions.team_summary(context.uow(), viewer=SYSTEM, mission_id=mission_id)
    }

    mitsuba = teams["mitsuba"]
    missing = [r for r in mitsuba["requests"] if not r["scheduled"]]
    assert (mitsuba["asked"], mitsuba["got"]) == (3, 2)
    assert [r["with"] for r in missing] == ["seasense"]
    assert missing[0]["reason"] != ""


def test_repair_mission_readded_meeting_outranks_its_cancellation(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)
    pair = ("kuroshio", "cyberdome")
    missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(cancellations=(pair,)),
        time_limit=5,
    )
    missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(late_requests=(Request(*pair, 3.0),)),
        time_limit=5,
    )

    cancelled = next(
        m
        for m in missions.plan_view(context.uow(), viewer=SYSTEM, mission_id=mission_id, version=2).meetings
        if m.cancelled
    )
    back = next(
        m
        for m in missions.plan_view(context.uow(), viewer=SYSTEM, mission_id=mission_id, version=3).meetings
        if (m.delegate, m.host) == pair
    )

    assert (back.uid, back.cancelled) == (cancelled.uid, False)
    assert back.sequence > cancelled.sequence


def test_add_participant_and_request_reach_the_exported_instance(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())

    missions.add_participant(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        key="hikari",
        name="Hikari",
        role="delegate",
        organization="ひかり医療",
    )
    missions.add_request(
        context.uow(), viewer=SYSTEM, mission_id=mission_id, delegate="hikari", host="cyberdome", weight=2
    )
    exported = missions.export_instance(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    assert exported["participants"][-1] == {
        "id": "hikari",
        "name": "Hikari",
        "organization": "ひかり医療",
        "role": "delegate",
    }
    assert exported["requests"][-1] == {
        "delegate": "hikari",
        "host": "cyberdome",
        "weight": 2,
        "mandatory": False,
    }


def test_add_participant_host_without_venue_is_refused(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())

    with pytest.raises(InvalidInput) as error:
        missions.add_participant(
            context.uow(), viewer=SYSTEM, mission_id=mission_id, key="newhost", name="New host", role="host"
        )

    assert str(error.value) == "a host needs a venue"


def test_export_instance_after_a_dropout_leaves_the_host_and_its_requests_out(context: AppContext) -> None:
    mission_id = _import(context, tiny_instance())
    _solve(context, mission_id)
    missions.repair_mission(
        context.uow(),
        viewer=SYSTEM,
        mission_id=mission_id,
        changes=missions.RepairChanges(dropouts=("seasense",)),
        time_limit=5,
    )

    exported = missions.export_instance(context.uow(), viewer=SYSTEM, mission_id=mission_id)

    assert "seasense" not in [p["id"] for p in exported["participants"]]
    assert [r for r in exported["requests"] if r["host"] == "seasense"] == []
