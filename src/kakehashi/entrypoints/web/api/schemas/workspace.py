"""Response models of the workspace API: shortlists, notes, the pipeline, saved searches, alerts, meeting
requests (`XPublic` for one object; lists are `Page[XPublic]`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, PlainSerializer

# SQLite returns naive datetimes; every stored time is UTC, so say so on the wire (as `to_json` does).
UtcDatetime = Annotated[
    datetime,
    PlainSerializer(
        lambda moment: (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).isoformat(),
        return_type=str,
    ),
]


class OrgRefPublic(BaseModel):
    id: int
    name: str
    kind: str


class ShortlistItemPublic(BaseModel):
    startup: OrgRefPublic
    note: str
    added_at: UtcDatetime


class ShortlistPublic(BaseModel):
    id: int
    organization_id: int
    name: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    items: list[ShortlistItemPublic]


class NotePublic(BaseModel):
    id: int
    organization_id: int
    subject: OrgRefPublic | None
    need_id: int | None
    body: str
    author_user_id: int | None
    author_name: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class EngagementEventPublic(BaseModel):
    from_stage: str | None
    to_stage: str
    at: UtcDatetime
    user_id: int | None
    user_name: str | None
    note: str


class EngagementPublic(BaseModel):
    id: int
    organization_id: int
    startup: OrgRefPublic
    need_id: int | None
    stage: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    events: list[EngagementEventPublic]


class SavedSearchPublic(BaseModel):
    id: int
    organization_id: int
    user_id: int
    name: str
    query: str
    filters: dict[str, Any]
    alert: bool
    last_checked_at: UtcDatetime | None
    created_at: UtcDatetime


class AlertPublic(BaseModel):
    id: int
    saved_search_id: int
    saved_search_name: str
    organizations: list[OrgRefPublic]
    created_at: UtcDatetime
    read_at: UtcDatetime | None


class ContactRequestPublic(BaseModel):
    id: int
    sender: OrgRefPublic
    recipient: OrgRefPublic
    from_user_id: int | None
    need_id: int | None
    message: str
    status: str
    created_at: UtcDatetime
    expires_at: UtcDatetime
    responded_at: UtcDatetime | None
    response: str
