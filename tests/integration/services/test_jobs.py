"""Jobs on both databases with the immediate queue: a planner run queued through the service is stored,
run and followed by id; the database refuses overlapping runs of one mission; the reaper turns a job whose
worker died into a queued job again, then into a failure with the reason that can be retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import update
from tests.integration.services.test_missions import tiny_instance

from kakehashi.adapters.db.models import Job, User
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import Conflict, NotFound, PermissionDenied
from kakehashi.domain.jobs import JobKind, JobStatus, mission_subject
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts, job_kinds, jobs, missions
from kakehashi.services.missions import SYSTEM

pytestmark = pytest.mark.integration


class Recorder:
    """A queue that only remembers what it was asked to send (a worker is not running in these tests)."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, job_id: int) -> None:
        self.sent.append(job_id)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


def _viewer(
    context: AppContext, email: str, org: str, kind: str = "organizer", role: str = "member"
) -> Viewer:
    user = accounts.add_user(
        context.uow(), email=email, password="correct horse battery", org_name=org, org_kind=kind, role=role
    )
    return accounts.viewer_for_user(context.uow(), user_id=user.id)


def _mission(context: AppContext, viewer: Viewer) -> int:
    return missions.import_instance(
        context.uow(), viewer=viewer, data=tiny_instance(), organizer_organization_id=viewer.organization_id
    )


def test_solve_job_runs_and_is_followed_by_id(context: AppContext) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    mission_id = _mission(context, organizer)

    job = job_kinds.start_solve(
        context.uow(), context.job_queue, viewer=organizer, mission_id=mission_id, time_limit=5
    )

    seen = jobs.get_job(context.uow(), viewer=organizer, job_id=job.id)
    assert (seen.status, seen.kind, seen.mission_id, seen.attempts) == (
        JobStatus.SUCCEEDED,
        JobKind.SOLVE,
        mission_id,
        1,
    )
    assert seen.result == {"version": 1}
    assert seen.progress == 1.0
    assert [
        v.number for v in missions.schedule_history(context.uow(), viewer=organizer, mission_id=mission_id)
    ] == [1]


def test_a_job_is_not_found_by_another_organization(context: AppContext) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    other = _viewer(context, "x@kansai.jp", "Kansai Economic Federation")
    job = job_kinds.start_solve(
        context.uow(),
        context.job_queue,
        viewer=organizer,
        mission_id=_mission(context, organizer),
        time_limit=2,
    )

    with pytest.raises(NotFound) as refused:
        jobs.get_job(context.uow(), viewer=other, job_id=job.id)
    assert refused.value.msgid == "no job with id {job_id}"
    with pytest.raises(PermissionDenied):
        jobs.list_jobs(context.uow(), viewer=other)


def test_a_second_run_of_a_mission_answers_the_active_one_and_the_database_refuses_two(
    context: AppContext,
) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    mission_id = _mission(context, organizer)
    queue = Recorder()

    first = job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id)
    second = job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id)

    assert second.id == first.id and queue.sent == [first.id]
    with context.session_factory() as session:  # a racing worker that skipped the check still cannot
        session.add(
            Job(
                kind="repair",
                status="queued",
                subject=mission_subject(mission_id),
                lock_key=f"planner:mission:{mission_id}",
                params={},
                progress=0.0,
                phase="",
                error_params={},
                attempts=0,
                max_attempts=3,
                created_at=datetime.now(UTC),
            )
        )
        with pytest.raises(Exception, match="(?i)unique|duplicate"):
            session.commit()


def test_reaper_requeues_a_job_whose_worker_died_then_fails_it_with_the_reason(context: AppContext) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    mission_id = _mission(context, organizer)
    queue = Recorder()
    job = job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id, time_limit=2)
    long_ago = datetime.now(UTC) - timedelta(minutes=10)

    def worker_dies() -> None:  # claimed, then nothing: the state a kill -9 leaves behind
        uow = context.uow()
        with uow:
            assert uow.jobs.claim(job.id, worker="gone:1", at=long_ago) is not None
            uow.commit()

    for attempt in range(1, 3):
        worker_dies()
        report = jobs.reap(context.uow(), queue, stale_seconds=30)
        assert report.requeued == (job.id,)
        again = jobs.get_job(context.uow(), viewer=organizer, job_id=job.id)
        assert (again.status, again.attempts) == (JobStatus.QUEUED, attempt)
        assert again.error_message == jobs.WORKER_LOST
    worker_dies()
    report = jobs.reap(context.uow(), queue, stale_seconds=30)

    failed = jobs.get_job(context.uow(), viewer=organizer, job_id=job.id)
    assert report.failed == (job.id,)
    assert (failed.status, failed.error_message, failed.error_params) == (
        JobStatus.FAILED,
        jobs.WORKER_LOST_FINAL,
        {"attempts": 3},
    )
    retried = jobs.retry_job(context.uow(), context.job_queue, viewer=organizer, job_id=job.id)
    assert (retried.status, retried.result) == (JobStatus.SUCCEEDED, {"version": 1})


def test_retry_is_refused_while_another_run_of_the_mission_is_active(context: AppContext) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    mission_id = _mission(context, organizer)
    queue = Recorder()
    job = job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id)
    jobs.cancel_job(context.uow(), viewer=organizer, job_id=job.id)
    job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id)

    with pytest.raises(Conflict):
        jobs.retry_job(context.uow(), queue, viewer=organizer, job_id=job.id)


def test_a_job_of_a_user_who_may_no_longer_plan_fails_with_a_message(context: AppContext) -> None:
    organizer = _viewer(context, "o@jetro.go.jp", "JETRO")
    mission_id = _mission(context, organizer)
    queue = Recorder()
    job = job_kinds.start_solve(context.uow(), queue, viewer=organizer, mission_id=mission_id)
    with context.session_factory() as session:  # deactivated after queueing, before the worker ran it
        session.execute(update(User).where(User.id == organizer.user_id).values(is_active=False))
        session.commit()

    status = context.run_job(job.id)

    failed = jobs.get_job(context.uow(), viewer=SYSTEM, job_id=job.id)
    assert status is JobStatus.FAILED
    assert failed.error_message is not None and failed.status is JobStatus.FAILED
    assert missions.schedule_history(context.uow(), viewer=SYSTEM, mission_id=mission_id) == []
