"""Mission services on the in-memory unit of work: access is checked by the service itself, every action
opens the unit of work and commits once, and refusals carry message ids that read well in Japanese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.planning import Instance, Meeting, Schedule, ScheduleStatus
from kakehashi.entrypoints import messages
from kakehashi.services import missions
from kakehashi.services.missions import planning as mission_planning
from kakehashi.services.repositories.missions import ParticipantRecord

pytestmark = pytest.mark.unit

ORGANIZER = Viewer(
    user_id=1, organization_id=1, organization_kind=OrganizationKind.ORGANIZER, role=Role.MEMBER
)
STARTUP = Viewer(user_id=2, organization_id=2, organization_kind=OrganizationKind.STARTUP, role=Role.MEMBER)
STRANGER = Viewer(
    user_id=3, organization_id=3, organization_kind=OrganizationKind.CORPORATION, role=Role.ADMIN
)
START = datetime(2026, 2, 1, tzinfo=UTC)


def tiny_instance() -> dict[str, Any]:
    return {
        "name": "Tiny mission",
        "slots": [
            {"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"},
            {"id": "s2", "day": "2026-03-09", "start": "10:30", "end": "11:30"},
        ],
        "venues": [{"id": "tlv", "name": "Tel Aviv Hub", "capacity": 2, "city": "Tel Aviv"}],
        "participants": [
            {"id": "mitsuba", "name": "Mitsuba", "organization": "三葉モビリティ", "role": "delegate"},
            {
                "id": "roadsense",
                "name": "RoadSense",
                "organization": "RoadSense",
                "role": "host",
                "venue": "tlv",
            },
            {
                "id": "seasense",
                "name": "SeaSense",
                "organization": "SeaSense",
                "role": "host",
                "venue": "tlv",
            },
        ],
        "requests": [{"delegate": "mitsuba", "host": "roadsense", "weight": 5, "mandatory": False}],
    }


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.missions.organizations.add(ORGANIZER.organization_id)
    return fake


def _mission(uow: FakeUnitOfWork) -> int:
    mission_id = missions.import_instance(
        uow, viewer=ORGANIZER, data=tiny_instance(), organizer_organization_id=ORGANIZER.organization_id
    )
    uow.commits = uow.entered = 0
    return mission_id


class _StubSolver:
    """Places every accepted request in the first slot: enough to test how versions are stored."""

    @staticmethod
    def solve(instance: Instance, **_: Any) -> Schedule:
        meetings = tuple(Meeting(r.delegate, r.host, "s1", "tlv") for r in instance.requests)
        return Schedule(ScheduleStatus.OPTIMAL, float(len(meetings)), float(len(meetings)), meetings)

    @staticmethod
    def repair(instance: Instance, previous: Schedule, **_: Any) -> Schedule:
        return _StubSolver.solve(instance)


@pytest.fixture
def stub_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mission_planning, "_solver", lambda: _StubSolver)


def test_import_instance_opens_the_unit_of_work_and_commits_once(uow: FakeUnitOfWork) -> None:
    mission_id = missions.import_instance(
        uow, viewer=ORGANIZER, data=tiny_instance(), organizer_organization_id=ORGANIZER.organization_id
    )

    assert (uow.entered, uow.commits) == (1, 1)
    assert [m.id for m in missions.list_missions(uow, viewer=ORGANIZER)] == [mission_id]


def test_import_instance_by_a_startup_is_refused_and_stores_nothing(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied) as error:
        missions.import_instance(uow, viewer=STARTUP, data=tiny_instance())

    assert error.value.msgid == "only organizers may create and plan missions"
    assert (uow.commits, uow.missions.missions) == (0, {})


def _badly_typed() -> dict[str, Any]:
    data = tiny_instance()
    del data["slots"][1]["day"]
    data["requests"][0]["weight"] = "heavy"
    return data


BADLY_TYPED_PROBLEMS = [
    'slot "s2": "day" is missing',
    'request "mitsuba" -> "roadsense": "weight" must be a number, not \'heavy\'',
]


@pytest.mark.parametrize(
    "read",
    [
        lambda uow, data: missions.import_instance(uow, viewer=ORGANIZER, data=data),
        lambda uow, data: missions.validate_instance(data=data),
        lambda uow, data: missions.solve_instance(data=data, time_limit=1),
        lambda uow, data: missions.repair_instance(instance_data=data, schedule_data={"meetings": []}),
        lambda uow, data: missions.file_plan_view(instance_data=data, schedule_data={"meetings": []}),
    ],
    ids=["import", "validate", "solve", "repair", "plan_view"],
)
def test_an_instance_from_a_person_is_read_with_problems_named_by_place(
    uow: FakeUnitOfWork, read: Any
) -> None:
    with pytest.raises(InvalidInput) as error:
        read(uow, _badly_typed())

    assert getattr(error.value, "problems", None) == BADLY_TYPED_PROBLEMS
    assert "schema" not in str(error.value)
    assert uow.commits == 0


def test_viewer_from_an_organization_not_in_the_mission_gets_not_found(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)

    with pytest.raises(NotFound) as error:
        missions.mission_detail(uow, viewer=STRANGER, mission_id=mission_id)

    assert (error.value.msgid, error.value.params) == ("no mission {mission_id}", {"mission_id": mission_id})
    assert uow.entered == 1


@pytest.mark.parametrize(
    "read",
    [
        lambda uow, mid: missions.list_requests(uow, viewer=STRANGER, mission_id=mid),
        lambda uow, mid: missions.export_instance(uow, viewer=STRANGER, mission_id=mid),
        lambda uow, mid: missions.schedule_history(uow, viewer=STRANGER, mission_id=mid),
        lambda uow, mid: missions.plan_view(uow, viewer=STRANGER, mission_id=mid),
    ],
)
def test_every_read_hides_the_mission_from_other_organizations(uow: FakeUnitOfWork, read: Any) -> None:
    mission_id = _mission(uow)

    with pytest.raises(NotFound):
        read(uow, mission_id)


def test_an_organization_taking_part_sees_the_mission_but_may_not_plan_it(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    uow.missions.add_participant(
        mission_id,
        ParticipantRecord(key="startup", role="host", name="Startup", organization_id=2, venue="tlv"),
    )

    listed = [m.id for m in missions.list_missions(uow, viewer=STARTUP)]
    with pytest.raises(PermissionDenied):
        missions.add_request(uow, viewer=STARTUP, mission_id=mission_id, delegate="mitsuba", host="seasense")

    assert listed == [mission_id]
    assert [m.id for m in missions.list_missions(uow, viewer=STRANGER)] == []
    assert uow.commits == 0


def test_add_request_from_both_sides_becomes_mutual_with_one_commit_each(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)

    first = missions.add_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="delegate",
        now=START,
    )
    second = missions.add_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        weight=3,
    )

    assert (first.status, first.expires_at) == ("pending", START + timedelta(days=14))
    assert (second.id, second.status, second.origin, second.weight) == (first.id, "accepted", "mutual", 3)
    assert (uow.entered, uow.commits) == (2, 2)


def test_answering_a_request_twice_says_it_was_already_answered_in_japanese(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    missions.add_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        now=START,
    )
    missions.respond_to_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        accept=True,
        now=START,
    )

    with pytest.raises(InvalidInput) as error:
        missions.respond_to_request(
            uow, viewer=ORGANIZER, mission_id=mission_id, delegate="mitsuba", host="seasense", accept=False
        )

    assert str(error.value) == 'the request "mitsuba" -> "seasense" is accepted, not pending'
    assert messages.error_text(error.value, "ja").startswith("この面談依頼にはすでに回答済みです")
    assert uow.commits == 2


def test_answering_an_expired_request_stores_the_expiry_and_refuses(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    missions.add_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        now=START,
    )

    with pytest.raises(InvalidInput) as error:
        missions.respond_to_request(
            uow,
            viewer=ORGANIZER,
            mission_id=mission_id,
            delegate="mitsuba",
            host="seasense",
            accept=True,
            now=START + timedelta(days=15),
        )

    statuses = {
        r.host: r.status for r in missions.list_requests(uow, viewer=ORGANIZER, mission_id=mission_id)
    }
    assert error.value.msgid == 'the request "{delegate}" -> "{host}" expired; ask again'
    assert statuses["seasense"] == "expired"


def test_expire_requests_marks_only_overdue_ones(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    missions.add_request(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        delegate="mitsuba",
        host="seasense",
        origin="host",
        now=START,
    )

    early = missions.expire_requests(uow, viewer=missions.SYSTEM, now=START + timedelta(days=13))
    late = missions.expire_requests(uow, viewer=missions.SYSTEM, now=START + timedelta(days=15))

    assert (early, late) == (0, 1)


def test_add_participant_host_without_venue_is_refused_without_commit(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)

    with pytest.raises(InvalidInput) as error:
        missions.add_participant(
            uow, viewer=ORGANIZER, mission_id=mission_id, key="new", name="New", role="host"
        )

    assert error.value.msgid == "a host needs a venue"
    assert messages.error_text(error.value, "ja") == "受け入れ企業には会場が必要です。"
    assert uow.commits == 0


def test_solve_then_repair_stores_versions_with_stable_uids(uow: FakeUnitOfWork, stub_solver: None) -> None:
    mission_id = _mission(uow)

    solved = missions.solve_mission(uow, viewer=ORGANIZER, mission_id=mission_id, time_limit=1)
    repaired = missions.repair_mission(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        changes=missions.RepairChanges(cancellations=(("mitsuba", "roadsense"),)),
        time_limit=1,
    )
    plan = missions.plan_view(uow, viewer=ORGANIZER, mission_id=mission_id, version=2)

    assert (solved.number, solved.meetings, uow.commits) == (1, 1, 2)
    assert repaired.summary is not None and repaired.summary.parent_number == 1
    assert [(m.uid, m.cancelled) for m in plan.meetings] == [
        (missions.meeting_uid(mission_id, "mitsuba", "roadsense"), True)
    ]


def test_repair_with_unknown_ids_lists_every_problem_and_changes_nothing(
    uow: FakeUnitOfWork, stub_solver: None
) -> None:
    mission_id = _mission(uow)
    missions.solve_mission(uow, viewer=ORGANIZER, mission_id=mission_id, time_limit=1)

    with pytest.raises(InvalidInput) as error:
        missions.repair_mission(
            uow,
            viewer=ORGANIZER,
            mission_id=mission_id,
            changes=missions.RepairChanges(cancellations=(("mitsuba", "seasense"),), dropouts=("ghost",)),
        )

    assert str(error.value) == (
        'cannot cancel "mitsuba" -> "seasense": there is no such request; '
        'cannot drop "ghost": there is no such participant'
    )
    assert messages.error_text(error.value, "ja").startswith("「mitsuba」→「seasense」は取り消せません")
    assert len(missions.schedule_history(uow, viewer=ORGANIZER, mission_id=mission_id)) == 1
    assert uow.commits == 1


def test_solve_by_a_viewer_role_is_refused_before_the_planner_runs(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    reader = Viewer(
        user_id=4, organization_id=1, organization_kind=OrganizationKind.ORGANIZER, role=Role.VIEWER
    )

    with pytest.raises(PermissionDenied):
        missions.solve_mission(uow, viewer=reader, mission_id=mission_id, time_limit=1)

    assert uow.commits == 0


def test_a_repair_says_why_each_meeting_was_dropped_in_japanese(
    uow: FakeUnitOfWork, stub_solver: None
) -> None:
    mission_id = _mission(uow)
    missions.solve_mission(uow, viewer=ORGANIZER, mission_id=mission_id, time_limit=1)

    outcome = missions.repair_mission(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        changes=missions.RepairChanges(dropouts=("roadsense",)),
        time_limit=1,
    )
    dropped = outcome.report.dropped[0]
    stored = missions.latest_schedule(uow, viewer=ORGANIZER, mission_id=mission_id)

    assert (dropped.reason, dropped.code) == ('"roadsense" dropped out', "cancelled")
    assert (
        messages.message_text(dropped.msgid, dict(dropped.params), "ja")
        == "「roadsense」が参加を取りやめました。"
    )
    assert stored.summary.changes["dropped"][0]["msgid"] == '"{participant}" dropped out'


def test_every_refused_repair_change_is_explained_in_japanese(uow: FakeUnitOfWork, stub_solver: None) -> None:
    mission_id = _mission(uow)
    missions.solve_mission(uow, viewer=ORGANIZER, mission_id=mission_id, time_limit=1)

    with pytest.raises(InvalidInput) as error:
        missions.repair_mission(
            uow,
            viewer=ORGANIZER,
            mission_id=mission_id,
            changes=missions.RepairChanges(cancellations=(("mitsuba", "seasense"),), dropouts=("ghost",)),
        )

    assert messages.error_text(error.value, "ja") == (
        "「mitsuba」→「seasense」は取り消せません。そのような面談依頼はありません。 "
        "「ghost」を辞退扱いにできません。そのような参加者はいません。"
    )


def test_instance_findings_are_message_ids_that_read_in_japanese() -> None:
    data = tiny_instance()
    data["participants"][1]["available"] = []  # roadsense: no slot at all
    data["requests"][0]["mandatory"] = True
    instance = missions.validate_instance(data=data)

    findings = missions.instance_findings(instance)

    assert [f.message for f in findings] == [
        '"roadsense" (RoadSense) is not available in any slot',
        'mandatory meeting "mitsuba" -> "roadsense" is impossible: RoadSense is not available in any slot',
    ]
    assert [messages.message_text(f.msgid, dict(f.params), "ja") for f in findings] == [
        "「roadsense」（RoadSense）はどの時間枠にも参加できません。",
        "必須の面談「mitsuba」→「roadsense」は実現できません: RoadSense はどの時間枠にも参加できません。",
    ]


OTHER_AGENCY = Viewer(
    user_id=4, organization_id=4, organization_kind=OrganizationKind.ORGANIZER, role=Role.ORGANIZER
)


def test_another_organizer_neither_sees_nor_replans_the_mission(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    commits = uow.commits

    listed = [m.id for m in missions.list_missions(uow, viewer=OTHER_AGENCY)]
    with pytest.raises(NotFound):
        missions.mission_detail(uow, viewer=OTHER_AGENCY, mission_id=mission_id)
    with pytest.raises(NotFound):
        missions.add_participant(
            uow, viewer=OTHER_AGENCY, mission_id=mission_id, key="x", name="X", role="delegate"
        )

    assert (listed, uow.commits) == ([], commits)


def test_an_invited_organizer_sees_the_mission_but_only_its_owner_replans_it(uow: FakeUnitOfWork) -> None:
    mission_id = _mission(uow)
    uow.missions.add_participant(
        mission_id,
        ParticipantRecord(
            key="agency", role="delegate", name="Agency", organization_id=OTHER_AGENCY.organization_id
        ),
    )

    listed = [m.id for m in missions.list_missions(uow, viewer=OTHER_AGENCY)]
    with pytest.raises(PermissionDenied) as error:
        missions.add_participant(
            uow, viewer=OTHER_AGENCY, mission_id=mission_id, key="x", name="X", role="delegate"
        )

    assert listed == [mission_id]
    assert error.value.msgid == "only the organizer that owns this mission may change or plan it"


def test_a_signed_in_organizer_cannot_import_a_mission_for_another_organization(uow: FakeUnitOfWork) -> None:
    uow.missions.organizations.add(OTHER_AGENCY.organization_id)

    with pytest.raises(PermissionDenied):
        missions.import_instance(
            uow,
            viewer=ORGANIZER,
            data=tiny_instance(),
            organizer_organization_id=OTHER_AGENCY.organization_id,
        )

    assert uow.missions.missions == {}
