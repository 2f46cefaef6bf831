"""In-memory JobsRepository: jobs in a dict; the lock key and the claim behave as the SQL ones do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from kakehashi.domain.errors import Conflict
from kakehashi.domain.jobs import JobKind, JobRecord, JobStatus
from kakehashi.services.repositories.jobs import NewJob


class FakeJobsRepository:
    def __init__(self) -> None:
        self.jobs: dict[int, JobRecord] = {}
        self.locks: dict[int, str | None] = {}
        self.payloads: dict[int, bytes | None] = {}

    def add(self, job: NewJob) -> JobRecord:
        if job.lock_key is not None and job.lock_key in self.locks.values():
            raise Conflict()
        record = JobRecord(
            id=len(self.jobs) + 1,
            kind=job.kind,
            status=JobStatus.QUEUED,
            subject=job.subject,
            params=dict(job.params),
            progress=0.0,
            phase="",
            result=None,
            error_message=None,
            error_params={},
            attempts=0,
            max_attempts=job.max_attempts,
            created_at=job.created_at,
            started_at=None,
            finished_at=None,
            heartbeat_at=None,
            created_by_user_id=job.created_by_user_id,
            organization_id=job.organization_id,
            has_payload=job.payload is not None,
        )
        self.jobs[record.id] = record
        self.locks[record.id] = job.lock_key
        self.payloads[record.id] = job.payload
        return record

    def get(self, job_id: int) -> JobRecord | None:
        return self.jobs.get(job_id)

    def payload(self, job_id: int) -> bytes | None:
        return self.payloads.get(job_id)

    def active_with_lock(self, lock_key: str) -> JobRecord | None:
        return next((self.jobs[i] for i, key in self.locks.items() if key == lock_key), None)

    def list_jobs(self, *, status: JobStatus | None, limit: int, offset: int) -> tuple[list[JobRecord], int]:
        found = [j for j in sorted(self.jobs.values(), key=lambda j: -j.id) if status in (None, j.status)]
        return found[offset : offset + limit], len(found)

    def claim(self, job_id: int, *, worker: str, at: datetime) -> JobRecord | None:
        job = self.jobs.get(job_id)
        if job is None or job.status is not JobStatus.QUEUED:
            return None
        job = replace(
            job,
            status=JobStatus.RUNNING,
            attempts=job.attempts + 1,
            started_at=at,
            heartbeat_at=at,
            worker=worker,
        )
        self.jobs[job_id] = job
        return job

    def beat(self, job_ids: Sequence[int], *, at: datetime) -> None:
        for i in job_ids:
            if self.jobs[i].status is JobStatus.RUNNING:
                self.jobs[i] = replace(self.jobs[i], heartbeat_at=at)

    def set_progress(self, job_id: int, *, progress: float, phase: str, at: datetime) -> None:
        self.jobs[job_id] = replace(self.jobs[job_id], progress=progress, phase=phase, heartbeat_at=at)

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
        job = self.jobs[job_id]
        self.jobs[job_id] = replace(
            job,
            status=status,
            finished_at=at,
            result=result,
            error_message=error_message,
            error_params=error_params or {},
            progress=1.0 if status is JobStatus.SUCCEEDED else job.progress,
        )
        self.locks[job_id] = None

    def requeue(
        self,
        job_id: int,
        *,
        lock_key: str | None,
        reset_attempts: bool,
        note: str | None = None,
        note_params: dict[str, Any] | None = None,
    ) -> None:
        if lock_key is not None and any(k == lock_key for i, k in self.locks.items() if i != job_id):
            raise Conflict()
        job = self.jobs[job_id]
        self.jobs[job_id] = replace(
            job,
            status=JobStatus.QUEUED,
            attempts=0 if reset_attempts else job.attempts,
            progress=0.0,
            phase="",
            result=None,
            error_message=note,
            error_params=note_params or {},
            finished_at=None,
            heartbeat_at=None,
            worker=None,
        )
        self.locks[job_id] = lock_key

    def stale_running(self, *, beat_before: datetime) -> list[JobRecord]:
        return [
            j
            for j in self.jobs.values()
            if j.status is JobStatus.RUNNING and j.heartbeat_at is not None and j.heartbeat_at < beat_before
        ]

    def queued_before(self, *, created_before: datetime) -> list[JobRecord]:
        return [
            j for j in self.jobs.values() if j.status is JobStatus.QUEUED and j.created_at < created_before
        ]

    def last_created(self, kind: JobKind) -> datetime | None:
        return max((j.created_at for j in self.jobs.values() if j.kind is kind), default=None)
