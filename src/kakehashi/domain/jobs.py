"""Background jobs as the application sees them: kinds, the life of a job, and which jobs exclude each other.

The jobs table in the database is the source of truth for every web worker; the queue library only carries
"run job <id>". A job is queued, then running (claimed by one worker, which beats a heartbeat), then
succeeded, failed or cancelled; a failed or cancelled job can be queued again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def active(self) -> bool:
        return self in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def retryable(self) -> bool:
        return self in (JobStatus.FAILED, JobStatus.CANCELLED)


class JobKind(StrEnum):
    SOLVE = "solve"  # plan a mission from scratch
    REPAIR = "repair"  # repair a mission's latest schedule
    IMPORT_COMPANIES = "import_companies"  # a file uploaded through the web
    IMPORT_ROUNDS = "import_rounds"
    REBUILD_INDEX = "rebuild_index"
    RESOLVE_IDENTITIES = "resolve_identities"
    HOUSEKEEPING = "housekeeping"  # expire meeting requests, saved-search alerts and their e-mails


def lock_key(kind: JobKind, subject: str | None) -> str | None:
    """Jobs with the same key never run side by side (the database refuses a second active one): every
    planner run of one mission, and each catalogue-wide job with itself."""
    if kind in (JobKind.SOLVE, JobKind.REPAIR):
        return f"planner:{subject}"
    if kind in (JobKind.REBUILD_INDEX, JobKind.RESOLVE_IDENTITIES, JobKind.HOUSEKEEPING):
        return kind.value
    return None  # imports may queue up; each is one transaction of its own


def mission_subject(mission_id: int) -> str:
    return f"mission:{mission_id}"


def subject_mission_id(subject: str | None) -> int | None:
    if subject and subject.startswith("mission:") and subject[8:].isdigit():
        return int(subject[8:])
    return None


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job as stored: what to do, how far it got and how it ended."""

    id: int
    kind: JobKind
    status: JobStatus
    subject: str | None
    params: dict[str, Any]
    progress: float
    phase: str
    result: dict[str, Any] | None
    error_message: str | None  # a message id, translated where it is shown
    error_params: dict[str, Any]
    attempts: int
    max_attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    created_by_user_id: int | None
    organization_id: int | None
    worker: str | None = None
    has_payload: bool = False

    @property
    def done(self) -> bool:
        return not self.status.active

    @property
    def mission_id(self) -> int | None:
        return subject_mission_id(self.subject)
