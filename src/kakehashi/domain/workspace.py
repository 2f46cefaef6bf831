"""The scouting workspace: pipeline stages, meeting-request states, and the records the workspace shows.

The records are plain frozen data: the repository builds them, the services check access on them and
return them to the entry points (attribute names are what the templates and the JSON API read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from kakehashi.domain.errors import InvalidInput


class EngagementStage(StrEnum):
    """Where a corporation stands with one startup, in the order deals usually progress."""

    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    MEETING = "meeting"
    POC = "poc"
    AGREEMENT = "agreement"
    INVESTMENT = "investment"
    ACQUISITION = "acquisition"
    RD_CENTER = "rd_center"


class ContactStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


def parse_stage(stage: str) -> EngagementStage:
    try:
        return EngagementStage(stage.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in EngagementStage)
        raise InvalidInput(
            "stage must be one of {allowed}, not {stage!r}", allowed=allowed, stage=stage
        ) from None


# --- records (what the workspace shows; safe outside the unit of work) ------------------------------------


@dataclass(frozen=True, slots=True)
class OrgRef:
    id: int
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ShortlistItemView:
    startup: OrgRef
    note: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class ShortlistView:
    id: int
    organization_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    items: list[ShortlistItemView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    organization_id: int
    subject: OrgRef | None
    need_id: int | None
    body: str
    author_user_id: int | None
    author_name: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EngagementEventView:
    from_stage: str | None
    to_stage: str
    at: datetime
    user_id: int | None
    user_name: str | None
    note: str


@dataclass(frozen=True, slots=True)
class EngagementView:
    id: int
    organization_id: int
    startup: OrgRef
    need_id: int | None
    stage: str
    created_at: datetime
    updated_at: datetime
    events: list[EngagementEventView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SavedSearchView:
    id: int
    organization_id: int
    user_id: int
    name: str
    query: str
    filters: dict[str, Any]
    alert: bool
    last_checked_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AlertView:
    id: int
    saved_search_id: int
    saved_search_name: str
    organizations: list[OrgRef]
    created_at: datetime
    read_at: datetime | None
    user_id: int = 0  # whose alert it is (alerts are personal, not shared with colleagues)


@dataclass(frozen=True, slots=True)
class ContactRequestView:
    id: int
    sender: OrgRef
    recipient: OrgRef
    from_user_id: int | None
    need_id: int | None
    message: str
    status: str
    created_at: datetime
    expires_at: datetime
    responded_at: datetime | None
    response: str
