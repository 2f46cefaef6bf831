"""Response models of /api/v1/jobs and of the operations that queue a job (timestamps as ISO 8601 UTC)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from kakehashi.domain.errors import params_from_json, render
from kakehashi.domain.jobs import JobRecord


class JobErrorPublic(BaseModel):
    """Why a job failed (or, on a queued job, why it runs again): the English text and its message id."""

    detail: str
    message_id: str
    params: dict[str, Any] = Field(default_factory=dict)


class JobPublic(BaseModel):
    """A background job as every web worker sees it (the jobs table): follow `url` until `done`."""

    id: int
    kind: str = Field(description="solve, repair, import_companies, import_rounds, rebuild_index, ...")
    status: str = Field(description="queued, running, succeeded, failed or cancelled")
    done: bool
    subject: str | None = None
    mission_id: int | None = None
    progress: float = Field(ge=0, le=1)
    phase: str
    result: dict[str, Any] | None = None
    error: JobErrorPublic | None = None
    attempts: int
    max_attempts: int
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    url: str


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def job_public(job: JobRecord) -> JobPublic:
    error = None
    if job.error_message:
        error = JobErrorPublic(
            detail=render(job.error_message, params_from_json(job.error_params)),
            message_id=job.error_message,
            params=job.error_params,
        )
    return JobPublic(
        id=job.id,
        kind=job.kind.value,
        status=job.status.value,
        done=job.done,
        subject=job.subject,
        mission_id=job.mission_id,
        progress=round(job.progress, 4),
        phase=job.phase,
        result=job.result,
        error=error,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        created_at=job.created_at.isoformat(),
        started_at=_iso(job.started_at),
        finished_at=_iso(job.finished_at),
        url=f"/api/v1/jobs/{job.id}",
    )
