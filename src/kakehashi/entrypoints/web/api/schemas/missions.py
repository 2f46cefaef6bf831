"""Response models of the /api/v1/missions operations (timestamps as ISO 8601 UTC strings, as before)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class MissionPublic(BaseModel):
    """A mission as lists show it."""

    id: int
    name: str
    status: str
    timezone: str
    delegates: int
    hosts: int
    requests: int
    versions: int
    created_at: str


class ScheduleVersionPublic(BaseModel):
    """One stored schedule version: its quality and what changed from its parent."""

    mission_id: int
    version: int
    kind: str
    status: str
    objective: float
    bound: float
    gap: float
    meetings: int
    unscheduled: int
    created_at: str
    parent: int | None = None
    changes: dict[str, Any] = Field(default_factory=dict)
    summary: list[str] = Field(
        default_factory=list,
        description="What the solve traded, in English: weight, bound and gap, what compact days cost, fairness",
    )


class MissionDetailPublic(BaseModel):
    """The mission's summary, its instance (JSON exchange format) and every schedule version (oldest first)."""

    id: int
    name: str
    status: str
    timezone: str
    delegates: int
    hosts: int
    requests: int
    versions: list[ScheduleVersionPublic]
    created_at: str
    instance: dict[str, Any]


class MissionScheduleFields(BaseModel):
    """A schedule in the exchange format (see docs/schemas): meetings, left-out requests, bound and gap."""

    model_config = ConfigDict(extra="allow")

    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    meetings: list[dict[str, Any]] = Field(default_factory=list)
    unscheduled: list[dict[str, Any]] = Field(default_factory=list)
    stats: dict[str, Any] = Field(default_factory=dict)


class MissionSchedulePublic(MissionScheduleFields):
    version: ScheduleVersionPublic


class MissionRepairPublic(MissionScheduleFields):
    """The repaired schedule, its new version and what moved (kept / moved / added / dropped)."""

    version: ScheduleVersionPublic | None
    changes: dict[str, Any]


class MissionRequestPublic(BaseModel):
    """A meeting request and where it stands (pending ones expire)."""

    id: int
    delegate: str
    host: str
    weight: float
    mandatory: bool
    origin: str
    status: str
    created_at: str
    expires_at: str | None = None
    note: str | None = None
