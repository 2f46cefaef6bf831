"""The jobs service on the in-memory unit of work: who sees a job, one commit per change, how a handler's
outcome is recorded (result, a user's error as a message id, an internal error without its traceback)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, Msg, NotFound, PermissionDenied
from kakehashi.domain.jobs import JobKind, JobRecord, JobStatus
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services import jobs
from kakehashi.services.jobs import Reporter

pytestmark = pytest.mark.unit

ORGANIZER = Viewer(1, 10, OrganizationKind.ORGANIZER, Role.ORGANIZER)
ORGANIZER_ADMIN = Viewer(2, 10, OrganizationKind.ORGANIZER, Role.ADMIN)
CORPORATE_ADMIN = Viewer(3, 20, OrganizationKind.CORPORATION, Role.ADMIN)
READER = Viewer(4, 10, OrganizationKind.ORGANIZER, Role.VIEWER)


class Recorder:
    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, job_id: int) -> None:
        self.sent.append(job_id)


def _queued(uow: FakeUnitOfWork, viewer: Viewer = ORGANIZER, kind: JobKind = JobKind.SOLVE) -> JobRecord:
    return jobs.enqueue(
        uow, Recorder(), viewer=viewer, kind=kind, subject="mission:7", params={"time_limit": 1}
    )


def test_enqueue_commits_once_and_sends_the_id() -> None:
    uow, queue = FakeUnitOfWork(), Recorder()

    job = jobs.enqueue(uow, queue, viewer=ORGANIZER, kind=JobKind.SOLVE, subject="mission:7")

    assert (uow.commits, queue.sent, job.status, job.organization_id) == (1, [job.id], JobStatus.QUEUED, 10)


def test_a_read_only_user_starts_no_job() -> None:
    uow = FakeUnitOfWork()

    with pytest.raises(PermissionDenied):
        _queued(uow, READER)
    assert uow.commits == 0


def test_another_organization_is_told_the_job_does_not_exist() -> None:
    uow = FakeUnitOfWork()
    job = _queued(uow)

    with pytest.raises(NotFound) as refused:
        jobs.get_job(uow, viewer=CORPORATE_ADMIN, job_id=job.id)
    assert refused.value.msgid == "no job with id {job_id}"


def test_only_an_organizer_administrator_lists_every_job() -> None:
    uow = FakeUnitOfWork()
    _queued(uow)

    items, total = jobs.list_jobs(uow, viewer=ORGANIZER_ADMIN)

    assert total == 1 and items[0].kind is JobKind.SOLVE
    with pytest.raises(PermissionDenied):
        jobs.list_jobs(uow, viewer=CORPORATE_ADMIN)


def _run(uow: FakeUnitOfWork, job: JobRecord, handler: Any) -> JobRecord:
    status = jobs.run_job(lambda: uow, job_id=job.id, handlers={job.kind: handler}, heartbeat_seconds=60)
    assert status is not None
    return jobs.get_job(uow, viewer=ORGANIZER, job_id=job.id)


def test_a_handler_result_is_stored_and_the_lock_released() -> None:
    uow = FakeUnitOfWork()
    job = _queued(uow)

    def solve(job: JobRecord, report: Reporter) -> Mapping[str, Any]:
        report(1.0, "done")
        return {"version": 3}

    done = _run(uow, job, solve)

    assert (done.status, done.result, done.progress, done.attempts) == (
        JobStatus.SUCCEEDED,
        {"version": 3},
        1.0,
        1,
    )
    assert uow.jobs.active_with_lock("planner:mission:7") is None


def test_a_users_error_is_stored_as_its_message_id_and_parameters() -> None:
    uow = FakeUnitOfWork()
    job = _queued(uow)

    def refuse(job: JobRecord, report: Reporter) -> Mapping[str, Any]:
        raise InvalidInput("{what} is missing", what=Msg("the schedule"))

    failed = _run(uow, job, refuse)

    assert (failed.status, failed.error_message, failed.error_params) == (
        JobStatus.FAILED,
        "{what} is missing",
        {"what": {"msg": "the schedule"}},
    )


def test_an_internal_error_fails_the_job_without_its_traceback() -> None:
    uow = FakeUnitOfWork()
    job = _queued(uow)

    def crash(job: JobRecord, report: Reporter) -> Mapping[str, Any]:
        raise RuntimeError("secret path /etc/kakehashi")

    failed = _run(uow, job, crash)

    assert (failed.status, failed.error_message) == (JobStatus.FAILED, jobs.INTERNAL_ERROR)
    assert "secret" not in str(failed.error_params)


def test_a_job_already_claimed_is_not_run_twice() -> None:
    uow = FakeUnitOfWork()
    job = _queued(uow)
    uow.jobs.claim(job.id, worker="other:1", at=datetime.now(UTC))
    calls: list[int] = []

    status = jobs.run_job(
        lambda: uow,
        job_id=job.id,
        handlers={JobKind.SOLVE: lambda j, r: calls.append(j.id) or {}},
        heartbeat_seconds=60,
    )

    assert (status, calls) == (None, [])


def test_periodic_housekeeping_is_queued_once_per_period() -> None:
    uow, queue = FakeUnitOfWork(), Recorder()
    start = datetime.now(UTC)

    first = jobs.enqueue_if_due(uow, queue, kind=JobKind.HOUSEKEEPING, every_seconds=900, at=start)
    soon = jobs.enqueue_if_due(
        uow, queue, kind=JobKind.HOUSEKEEPING, every_seconds=900, at=start + timedelta(seconds=60)
    )

    assert first is not None and soon is None
    assert queue.sent == [first.id]
