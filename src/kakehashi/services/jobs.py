"""Background jobs: queue one, follow it from any web worker, run it in a worker, survive that worker's death.

The jobs table (through `uow.jobs`) is the source of truth; the queue (`JobQueue`, huey in adapters/jobs)
only carries "run job <id>". A worker claims a queued job with one conditional update, beats a heartbeat
while it runs and records the result or the error (a message id with its parameters, translated where it is
shown). `reap` finds running jobs whose heartbeat stopped (the worker was killed) and queues them again, up
to `max_attempts`, or fails them with the reason; a failed job can be retried by an administrator or by its
own organization. Planner runs write their schedule in one transaction, so a killed run leaves nothing
half-written, and a unique lock key keeps two runs of one mission from overlapping.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from kakehashi.domain.access import SYSTEM, Role, SystemActor, Viewer
from kakehashi.domain.errors import (
    Conflict,
    InvalidInput,
    KakehashiError,
    NotFound,
    PermissionDenied,
    params_to_json,
)
from kakehashi.domain.jobs import JobKind, JobRecord, JobStatus, lock_key
from kakehashi.services.repositories.jobs import NewJob
from kakehashi.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

logger = logging.getLogger("kakehashi.jobs")

Actor = Viewer | SystemActor
DEFAULT_MAX_ATTEMPTS = 3
MAX_PAYLOAD_BYTES = 50 * 1024 * 1024

WORKER_LOST = "the worker running this job stopped; it was queued again (attempt {attempt} of {attempts})"
WORKER_LOST_FINAL = "the worker running this job stopped {attempts} times; retry it once the cause is fixed"
INTERNAL_ERROR = "the job stopped because of an internal error; it has been logged"
UNKNOWN_KIND = "this kind of job cannot run here: {kind}"


class JobQueue(Protocol):
    """The queue library's side: deliver "run job <id>" to some worker (adapters/jobs)."""

    def send(self, job_id: int) -> None: ...


class Reporter(Protocol):
    def __call__(self, fraction: float, phase: str) -> None: ...


Handler = Callable[[JobRecord, Reporter], Mapping[str, Any]]


def now() -> datetime:
    return datetime.now(UTC)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# ------------------------------------------------------------------------------------------------ access


def _is_admin(viewer: Actor) -> bool:
    """The install's operators: the command line, and administrators of an organizer organization (an
    administrator of a corporation administers that corporation only)."""
    return isinstance(viewer, SystemActor) or (viewer.role is Role.ADMIN and viewer.is_organizer)


def _visible(viewer: Actor, job: JobRecord) -> bool:
    """A job is seen by the install's operators and by the organization of whoever started it."""
    return _is_admin(viewer) or (
        isinstance(viewer, Viewer)
        and job.organization_id is not None
        and viewer.organization_id == job.organization_id
    )


def _job(uow: UnitOfWork, viewer: Actor, job_id: int) -> JobRecord:
    job = uow.jobs.get(job_id)
    if job is None or not _visible(viewer, job):
        raise NotFound("no job with id {job_id}", job_id=job_id)
    return job


# ------------------------------------------------------------------------------------------------ queueing


def enqueue(
    uow: UnitOfWork,
    queue: JobQueue,
    *,
    viewer: Actor,
    kind: JobKind,
    subject: str | None = None,
    params: Mapping[str, Any] | None = None,
    payload: bytes | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> JobRecord:
    """Store a queued job and send it to the queue. The caller has checked that the viewer may do the work
    itself; here only writers start jobs. When a job with the same lock key is already queued or running
    (a planner run of the same mission), that job is answered instead of a second one."""
    if isinstance(viewer, Viewer) and not viewer.can_write:
        raise PermissionDenied("you may not do this")
    if payload is not None and len(payload) > MAX_PAYLOAD_BYTES:
        raise InvalidInput("the file is larger than {limit} MB", limit=MAX_PAYLOAD_BYTES // (1024 * 1024))
    key = lock_key(kind, subject)
    with uow:
        running = uow.jobs.active_with_lock(key) if key is not None else None
        if running is not None:
            return running
        job = uow.jobs.add(
            NewJob(
                kind=kind,
                subject=subject,
                lock_key=key,
                params=dict(params or {}),
                created_at=now(),
                created_by_user_id=viewer.user_id if isinstance(viewer, Viewer) else None,
                organization_id=viewer.organization_id if isinstance(viewer, Viewer) else None,
                max_attempts=max(1, max_attempts),
                payload=payload,
            )
        )
        uow.commit()
    _send(queue, job.id)
    with uow:  # in immediate mode the job has already run: answer its state now
        return uow.jobs.get(job.id) or job


def _send(queue: JobQueue, job_id: int) -> None:
    try:
        queue.send(job_id)
    except Exception:  # the row is committed; `reap` sends queued jobs again, so nothing is lost
        logger.exception("job %s could not be sent to the queue; the reaper will send it again", job_id)


def get_job(uow: UnitOfWork, *, viewer: Actor, job_id: int) -> JobRecord:
    with uow:
        return _job(uow, viewer, job_id)


def list_jobs(
    uow: UnitOfWork, *, viewer: Actor, status: JobStatus | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[JobRecord], int]:
    """Every job, newest first: the install's operators only."""
    if not _is_admin(viewer):
        raise PermissionDenied("only administrators see every job")
    with uow:
        return uow.jobs.list_jobs(status=status, limit=limit, offset=offset)


def retry_job(uow: UnitOfWork, queue: JobQueue, *, viewer: Actor, job_id: int) -> JobRecord:
    """Queue a failed or cancelled job again, with fresh attempts."""
    with uow:
        job = _job(uow, viewer, job_id)
        if isinstance(viewer, Viewer) and not (
            viewer.can_write and (_is_admin(viewer) or _visible(viewer, job))
        ):
            raise PermissionDenied("you may not do this")
        if not job.status.retryable:
            raise InvalidInput(
                "only a failed or cancelled job can be retried; this one is {status}", status=job.status.value
            )
        key = lock_key(job.kind, job.subject)
        holder = uow.jobs.active_with_lock(key) if key is not None else None
        if holder is not None:
            raise Conflict(
                "another job on the same subject is queued or running (job {job_id})", job_id=holder.id
            )
        uow.jobs.requeue(job_id, lock_key=key, reset_attempts=True)
        uow.commit()
    _send(queue, job_id)
    with uow:
        return _job(uow, viewer, job_id)


def cancel_job(uow: UnitOfWork, *, viewer: Actor, job_id: int) -> JobRecord:
    """Cancel a job that has not started yet (a running planner run cannot be interrupted halfway)."""
    with uow:
        job = _job(uow, viewer, job_id)
        if isinstance(viewer, Viewer) and not viewer.can_write:
            raise PermissionDenied("you may not do this")
        if job.status is not JobStatus.QUEUED:
            raise InvalidInput(
                "only a queued job can be cancelled; this one is {status}", status=job.status.value
            )
        uow.jobs.finish(job_id, status=JobStatus.CANCELLED, at=now())
        uow.commit()
        return _job(uow, viewer, job_id)


def enqueue_if_due(
    uow: UnitOfWork, queue: JobQueue, *, kind: JobKind, every_seconds: float, at: datetime | None = None
) -> JobRecord | None:
    """A periodic job (housekeeping) started by the system, unless one was started within `every_seconds`
    (every worker's scheduler asks; the first one in the period wins, the lock key stops overlaps)."""
    moment = at or now()
    with uow:
        last = uow.jobs.last_created(kind)
    if last is not None and last > moment - timedelta(seconds=every_seconds):
        return None
    try:
        return enqueue(uow, queue, viewer=SYSTEM, kind=kind)
    except Conflict:  # another worker queued it at the same moment
        return None


# ------------------------------------------------------------------------------------------------ running


@dataclass
class _Heartbeat:
    """Beats the job's heartbeat from a side thread while the handler works (a long CP-SAT solve reports
    no progress for seconds at a time, and a dead worker must be told apart from a busy one)."""

    uow_factory: UnitOfWorkFactory
    job_id: int
    interval: float

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"job-{self.job_id}-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                uow = self.uow_factory()
                with uow:
                    uow.jobs.beat([self.job_id], at=now())
                    uow.commit()
            except Exception:  # a missed beat is not fatal; several in a row make the job stale
                logger.warning("heartbeat of job %s failed", self.job_id, exc_info=True)


def _reporter(uow_factory: UnitOfWorkFactory, job_id: int, every: float = 0.5) -> Reporter:
    last = [0.0]

    def report(fraction: float, phase: str) -> None:
        moment = time.monotonic()
        if moment - last[0] < every and fraction < 1.0:
            return
        last[0] = moment
        try:
            uow = uow_factory()
            with uow:
                uow.jobs.set_progress(job_id, progress=max(0.0, min(1.0, fraction)), phase=phase, at=now())
                uow.commit()
        except Exception:  # progress is a courtesy; the job goes on
            logger.warning("progress of job %s not recorded", job_id, exc_info=True)

    return report


def run_job(
    uow_factory: UnitOfWorkFactory,
    *,
    job_id: int,
    handlers: Mapping[JobKind, Handler],
    heartbeat_seconds: float,
    worker: str | None = None,
) -> JobStatus | None:
    """Claim the job and run its handler; None when another worker has it or it is no longer queued."""
    uow = uow_factory()
    with uow:
        job = uow.jobs.claim(job_id, worker=worker or worker_name(), at=now())
        uow.commit()
    if job is None:
        return None
    outcome: dict[str, Any] = {}
    status = JobStatus.FAILED
    handler = handlers.get(job.kind)
    with _Heartbeat(uow_factory, job.id, heartbeat_seconds):
        try:
            if handler is None:
                raise KakehashiError(UNKNOWN_KIND, kind=job.kind.value)
            outcome = {"result": dict(handler(job, _reporter(uow_factory, job.id)))}
            status = JobStatus.SUCCEEDED
        except KakehashiError as exc:  # the user's problem (an unsound mission, a bad file): not retried
            outcome = {"error_message": exc.msgid, "error_params": params_to_json(exc.params)}
        except Exception:
            logger.exception("job %s (%s) failed", job.id, job.kind.value)
            outcome = {"error_message": INTERNAL_ERROR}
    finish = uow_factory()
    with finish:
        finish.jobs.finish(job.id, status=status, at=now(), **outcome)
        finish.commit()
    return status


@dataclass(frozen=True, slots=True)
class ReapReport:
    requeued: tuple[int, ...]
    failed: tuple[int, ...]
    resent: tuple[int, ...]


def reap(uow: UnitOfWork, queue: JobQueue, *, stale_seconds: float, at: datetime | None = None) -> ReapReport:
    """Running jobs whose heartbeat stopped `stale_seconds` ago lost their worker: queue them again (up to
    their attempts) or fail them with the reason. Queued jobs that waited that long are sent again in case
    their message was lost (claiming is idempotent, so a duplicate message does nothing)."""
    moment = at or now()
    before = moment - timedelta(seconds=stale_seconds)
    requeued: list[int] = []
    failed: list[int] = []
    with uow:
        for job in uow.jobs.stale_running(beat_before=before):
            if job.attempts < job.max_attempts:
                uow.jobs.requeue(
                    job.id,
                    lock_key=lock_key(job.kind, job.subject),
                    reset_attempts=False,
                    note=WORKER_LOST,
                    note_params={"attempt": job.attempts + 1, "attempts": job.max_attempts},
                )
                requeued.append(job.id)
            else:
                uow.jobs.finish(
                    job.id,
                    status=JobStatus.FAILED,
                    at=moment,
                    error_message=WORKER_LOST_FINAL,
                    error_params={"attempts": job.attempts},
                )
                failed.append(job.id)
        waiting = [j.id for j in uow.jobs.queued_before(created_before=before) if j.id not in requeued]
        uow.commit()
    for job_id in (*requeued, *waiting):
        _send(queue, job_id)
    if requeued or failed:
        logger.warning("jobs whose worker stopped: queued again %s, failed %s", requeued, failed)
    return ReapReport(requeued=tuple(requeued), failed=tuple(failed), resent=tuple(waiting))
