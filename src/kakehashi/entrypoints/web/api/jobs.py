"""Background jobs: follow one by id from any web worker (the jobs table), and, for administrators, list
every job and retry a failed one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.jobs import JobStatus
from kakehashi.entrypoints.web.api.schemas import Page
from kakehashi.entrypoints.web.api.schemas.jobs import JobPublic, job_public
from kakehashi.entrypoints.web.deps import JobQueueDep, UowDep, ViewerDep
from kakehashi.services import jobs

router = APIRouter(prefix="/jobs", tags=["jobs"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("")
def list_jobs(
    viewer: ViewerDep,
    uow: UowDep,
    status: Annotated[
        str | None, Query(max_length=12, description="queued, running, succeeded, failed, cancelled")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Page[JobPublic]:
    """`{"items", "total"}`: every job, newest first (administrators only)."""
    try:
        wanted = JobStatus(status) if status else None
    except ValueError:
        raise InvalidInput("unknown job status: {status}", status=status) from None
    items, total = jobs.list_jobs(uow, viewer=viewer, status=wanted, limit=limit, offset=offset)
    return Page[JobPublic](items=[job_public(j) for j in items], total=total)


@router.get("/{job_id}")
def get_job(job_id: Id, viewer: ViewerDep, uow: UowDep) -> JobPublic:
    """A job's status, progress, result or error (its own organization and administrators see it)."""
    return job_public(jobs.get_job(uow, viewer=viewer, job_id=job_id))


@router.post("/{job_id}/retry", status_code=202)
def retry_job(job_id: Id, viewer: ViewerDep, uow: UowDep, queue: JobQueueDep) -> JobPublic:
    """Queue a failed or cancelled job again."""
    return job_public(jobs.retry_job(uow, queue, viewer=viewer, job_id=job_id))
