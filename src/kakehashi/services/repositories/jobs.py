"""Background jobs: the table every web worker and job worker reads (the queue only carries job ids).

State changes that two workers may race for (claiming a queued job, the one active planner run of a mission)
are single conditional statements in the database, not read-then-write in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from kakehashi.domain.jobs import JobKind, JobRecord, JobStatus


@dataclass(frozen=True, slots=True)
class NewJob:
    kind: JobKind
    subject: str | None
    lock_key: str | None  # unique among active jobs: a second one is a Conflict
    params: dict[str, Any]
    created_at: datetime
    created_by_user_id: int | None
    organization_id: int | None
    max_attempts: int
    payload: bytes | None = None


class JobsRepository(Protocol):
    def add(self, job: NewJob) -> JobRecord:
        """Store a queued job (raises Conflict at commit when an active job holds the same lock key)."""
        ...

    def get(self, job_id: int) -> JobRecord | None: ...

    def payload(self, job_id: int) -> bytes | None:
        """The uploaded file a job works on, if any."""
        ...

    def active_with_lock(self, lock_key: str) -> JobRecord | None: ...

    def list_jobs(self, *, status: JobStatus | None, limit: int, offset: int) -> tuple[list[JobRecord], int]:
        """Newest first, with the total count."""
        ...

    def claim(self, job_id: int, *, worker: str, at: datetime) -> JobRecord | None:
        """queued -> running for exactly one caller (one conditional UPDATE); None when someone else has it
        or it is no longer queued. Counts the attempt and starts the heartbeat."""
        ...

    def beat(self, job_ids: Sequence[int], *, at: datetime) -> None:
        """The heartbeat of running jobs: a worker that stops beating is presumed dead."""
        ...

    def set_progress(self, job_id: int, *, progress: float, phase: str, at: datetime) -> None: ...

    def finish(
        self,
        job_id: int,
        *,
        status: JobStatus,
        at: datetime,
        result: dict[str, Any] | None = None,
        error_message: str | None = None,
        error_params: dict[str, Any] | None = None,
    ) -> None:
        """End a running job (releases its lock key)."""
        ...

    def requeue(
        self,
        job_id: int,
        *,
        lock_key: str | None,
        reset_attempts: bool,
        note: str | None = None,
        note_params: dict[str, Any] | None = None,
    ) -> None:
        """Back to queued (progress cleared). `note` keeps why, as the error message id, until it ends."""
        ...

    def stale_running(self, *, beat_before: datetime) -> list[JobRecord]:
        """Running jobs whose heartbeat stopped before this moment."""
        ...

    def queued_before(self, *, created_before: datetime) -> list[JobRecord]:
        """Queued jobs older than this moment (their message may have been lost with a queue)."""
        ...

    def last_created(self, kind: JobKind) -> datetime | None: ...
