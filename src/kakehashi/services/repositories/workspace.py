"""Shortlists, notes, engagements, meeting requests, saved searches and alerts.

The repository stores and reads; it checks nobody's access (the workspace services do, on the records it
returns). Every read answers plain frozen records from `kakehashi.domain.workspace`, never ORM objects.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from kakehashi.domain.workspace import (
    AlertView,
    ContactRequestView,
    EngagementView,
    NoteView,
    OrgRef,
    SavedSearchView,
    ShortlistView,
)

Box = Literal["received", "sent", "all"]


@dataclass(frozen=True, slots=True)
class NeedAccess:
    """What access rules need to know about a need: who owns it and whether it is an open call."""

    organization_id: int | None
    visibility: str


@dataclass(frozen=True, slots=True)
class Mailbox:
    """Where a user's alert e-mail goes, and whether they may still receive it."""

    email: str
    is_active: bool


@dataclass(frozen=True, slots=True)
class AlertingSearch:
    """A saved search with alerts on, as the alert check reads and advances it."""

    id: int
    user_id: int
    name: str
    query: str
    filters: dict[str, Any]
    last_checked_at: datetime | None
    last_seen_ids: tuple[int, ...]


class WorkspaceRepository(Protocol):
    """Shortlists, notes, engagements, meeting requests, saved searches and alerts."""

    # --- what the workspace refers to (organizations, needs, users) ---
    def organization(self, organization_id: int) -> OrgRef | None: ...
    def organization_names(self, organization_ids: Collection[int]) -> list[str]: ...
    def need_access(self, need_id: int) -> NeedAccess | None: ...
    def mailbox(self, user_id: int) -> Mailbox | None: ...

    # --- shortlists ---
    def shortlist(self, shortlist_id: int) -> ShortlistView | None: ...
    def shortlists(self, *, organization_id: int) -> list[ShortlistView]: ...
    def add_shortlist(self, *, organization_id: int, name: str, created_by_user_id: int | None) -> int: ...
    def rename_shortlist(self, shortlist_id: int, *, name: str) -> None: ...
    def delete_shortlist(self, shortlist_id: int) -> None: ...
    def put_shortlist_item(
        self, shortlist_id: int, *, startup_id: int, note: str | None, at: datetime
    ) -> None:
        """Add the company (or, when it is there already and `note` is given, replace its note)."""
        ...

    def remove_shortlist_item(self, shortlist_id: int, *, startup_id: int, at: datetime) -> bool:
        """False when the company was not on the shortlist."""
        ...

    # --- notes ---
    def note(self, note_id: int) -> NoteView | None: ...
    def notes(
        self, *, organization_id: int, subject_organization_id: int | None, need_id: int | None
    ) -> list[NoteView]: ...
    def add_note(
        self,
        *,
        organization_id: int,
        subject_organization_id: int | None,
        need_id: int | None,
        body: str,
        author_user_id: int | None,
    ) -> int: ...
    def update_note(self, note_id: int, *, body: str) -> None: ...
    def delete_note(self, note_id: int) -> None: ...

    # --- engagements ---
    def engagement(self, engagement_id: int) -> EngagementView | None: ...
    def engagements(
        self, *, organization_id: int, stage: str | None, startup_id: int | None
    ) -> list[EngagementView]: ...
    def find_engagement(
        self, *, organization_id: int, startup_id: int, need_id: int | None
    ) -> EngagementView | None: ...
    def add_engagement(
        self,
        *,
        organization_id: int,
        startup_id: int,
        need_id: int | None,
        stage: str,
        user_id: int | None,
        note: str,
        at: datetime,
    ) -> int: ...
    def move_engagement(
        self, engagement_id: int, *, stage: str, user_id: int | None, note: str, at: datetime
    ) -> None: ...
    def delete_engagement(self, engagement_id: int) -> None: ...

    # --- saved searches and alerts ---
    def saved_search(self, saved_search_id: int) -> SavedSearchView | None: ...
    def saved_searches(self, *, organization_id: int) -> list[SavedSearchView]: ...
    def add_saved_search(
        self,
        *,
        organization_id: int,
        user_id: int,
        name: str,
        query: str,
        filters: Mapping[str, Any],
        alert: bool,
    ) -> int: ...
    def update_saved_search(self, saved_search_id: int, *, name: str | None, alert: bool | None) -> None: ...
    def delete_saved_search(self, saved_search_id: int) -> None: ...
    def alerting_searches(self) -> list[AlertingSearch]: ...
    def record_alert_check(self, saved_search_id: int, *, seen_ids: Sequence[int], at: datetime) -> None: ...
    def add_alert(
        self, *, user_id: int, saved_search_id: int, organization_ids: Sequence[int], at: datetime
    ) -> int: ...
    def alert(self, alert_id: int) -> AlertView | None: ...
    def alerts(self, *, user_id: int, unread_only: bool) -> list[AlertView]: ...
    def count_unread_alerts(self, *, user_id: int) -> int: ...
    def mark_alert_read(self, alert_id: int, *, at: datetime) -> None: ...

    # --- meeting requests (status as stored: a pending one may be past its expiry) ---
    def contact_request(self, request_id: int) -> ContactRequestView | None: ...
    def contact_requests(self, *, organization_id: int, box: Box) -> list[ContactRequestView]: ...
    def pending_contact_requests(
        self, *, from_organization_id: int, to_organization_id: int
    ) -> list[ContactRequestView]: ...
    def add_contact_request(
        self,
        *,
        from_organization_id: int,
        to_organization_id: int,
        from_user_id: int | None,
        need_id: int | None,
        message: str,
        created_at: datetime,
        expires_at: datetime,
    ) -> int: ...
    def set_contact_status(
        self,
        request_id: int,
        *,
        status: str,
        responded_at: datetime | None = None,
        response: str | None = None,
    ) -> None: ...
    def delete_contact_request(self, request_id: int) -> None: ...
    def expire_contact_requests(self, *, expires_by: datetime, created_by: datetime | None) -> int:
        """Mark pending requests expired when `expires_at <= expires_by` (or `created_at <= created_by`)."""
        ...
