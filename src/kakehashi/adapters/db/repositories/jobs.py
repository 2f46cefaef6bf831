"""SQLAlchemy implementation of services.repositories.jobs.JobsRepository.

Claiming a job is one `UPDATE ... WHERE status = 'queued'`: whichever worker's statement lands first gets
the row, the other sees no row changed. The unique `lock_key` does the same for "one active planner run
per mission" across every process and machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import Job
from kakehashi.domain.jobs import JobKind, JobRecord, JobStatus
from kakehashi.services.repositories.jobs import NewJob

_ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every moment stored here is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _record(row: Job, *, has_payload: bool = False) -> JobRecord:
    created = _aware(row.created_at)
    assert created is not None
    return JobRecord(
        id=row.id,
        kind=JobKind(row.kind),
        status=JobStatus(row.status),
        subject=row.subject,
        params=dict(row.params or {}),
        progress=float(row.progress or 0.0),
        phase=row.phase or "",
        result=dict(row.result) if row.result is not None else None,
        error_message=row.error_message,
        error_params=dict(row.error_params or {}),
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        created_at=created,
        started_at=_aware(row.started_at),
        finished_at=_aware(row.finished_at),
        heartbeat_at=_aware(row.heartbeat_at),
        created_by_user_id=row.created_by_user_id,
        organization_id=row.organization_id,
        worker=row.worker,
        has_payload=has_payload,
    )


class SqlAlchemyJobsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: NewJob) -> JobRecord:
        row = Job(
            kind=job.kind.value,
            status=JobStatus.QUEUED.value,
            subject=job.subject,
            lock_key=job.lock_key,
            params=job.params,
            payload=job.payload,
            progress=0.0,
            phase="",
            error_params={},
            attempts=0,
            max_attempts=job.max_attempts,
            created_at=job.created_at,
            created_by_user_id=job.created_by_user_id,
            organization_id=job.organization_id,
        )
        self.session.add(row)
        self.session.flush()  # the lock key's unique constraint speaks here, inside the caller's transaction
        return _record(row, has_payload=job.payload is not None)

    def _row(self, job_id: int) -> Job | None:
        return self.session.get(Job, job_id, populate_existing=True)

    def get(self, job_id: int) -> JobRecord | None:
        row = self._row(job_id)
        if row is None:
            return None
        has_payload = self.session.scalar(select(Job.payload.is_not(None)).where(Job.id == job_id))
        return _record(row, has_payload=bool(has_payload))

    def payload(self, job_id: int) -> bytes | None:
        return self.session.scalar(select(Job.payload).where(Job.id == job_id))

    def active_with_lock(self, lock_key: str) -> JobRecord | None:
        row = self.session.scalars(select(Job).where(Job.lock_key == lock_key)).first()
        return _record(row) if row is not None else None

    def list_jobs(self, *, status: JobStatus | None, limit: int, offset: int) -> tuple[list[JobRecord], int]:
        query = select(Job)
        count = select(func.count(Job.id))
        if status is not None:
            query = query.where(Job.status == status.value)
            count = count.where(Job.status == status.value)
        rows = self.session.scalars(query.order_by(Job.id.desc()).limit(limit).offset(offset)).all()
        return [_record(r) for r in rows], int(self.session.scalar(count) or 0)

    def claim(self, job_id: int, *, worker: str, at: datetime) -> JobRecord | None:
        changed = self.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
            .values(
                status=JobStatus.RUNNING.value,
                attempts=Job.attempts + 1,
                started_at=at,
                heartbeat_at=at,
                worker=worker[:120],
                progress=0.0,
                phase="",
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 0) != 1:
            return None
        return self.get(job_id)

    def beat(self, job_ids: Sequence[int], *, at: datetime) -> None:
        if not job_ids:
            return
        self.session.execute(
            update(Job)
            .where(Job.id.in_(list(job_ids)), Job.status == JobStatus.RUNNING.value)
            .values(heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )

    def set_progress(self, job_id: int, *, progress: float, phase: str, at: datetime) -> None:
        self.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING.value)
            .values(progress=progress, phase=phase[:80], heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )

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
        values: dict[str, Any] = {
            "status": status.value,
            "finished_at": at,
            "lock_key": None,
            "result": result,
            "error_message": error_message[:500] if error_message else None,
            "error_params": error_params or {},
        }
        if status is JobStatus.SUCCEEDED:
            values["progress"] = 1.0
        self.session.execute(
            update(Job).where(Job.id == job_id).values(**values).execution_options(synchronize_session=False)
        )

    def requeue(
        self,
        job_id: int,
        *,
        lock_key: str | None,
        reset_attempts: bool,
        note: str | None = None,
        note_params: dict[str, Any] | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "status": JobStatus.QUEUED.value,
            "lock_key": lock_key,
            "progress": 0.0,
            "phase": "",
            "result": None,
            "error_message": note,
            "error_params": note_params or {},
            "finished_at": None,
            "heartbeat_at": None,
            "worker": None,
        }
        if reset_attempts:
            values["attempts"] = 0
        self.session.execute(
            update(Job).where(Job.id == job_id).values(**values).execution_options(synchronize_session=False)
        )
        self.session.flush()

    def stale_running(self, *, beat_before: datetime) -> list[JobRecord]:
        rows = self.session.scalars(
            select(Job)
            .where(Job.status == JobStatus.RUNNING.value, Job.heartbeat_at < beat_before)
            .order_by(Job.id)
        ).all()
        return [_record(r) for r in rows]

    def queued_before(self, *, created_before: datetime) -> list[JobRecord]:
        rows = self.session.scalars(
            select(Job)
            .where(Job.status == JobStatus.QUEUED.value, Job.created_at < created_before)
            .order_by(Job.id)
        ).all()
        return [_record(r) for r in rows]

    def last_created(self, kind: JobKind) -> datetime | None:
        return _aware(self.session.scalar(select(func.max(Job.created_at)).where(Job.kind == kind.value)))
