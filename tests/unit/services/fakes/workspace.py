"""In-memory stand-in for services.repositories.workspace (service unit tests only).

Rows are mutable dataclasses kept in dicts; reads answer the same frozen records as the SQL repository, in the
same order. Tests seed what the workspace refers to with `add_organization`, `add_need` and `add_user`.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kakehashi.domain.workspace import (
    AlertView,
    ContactRequestView,
    ContactStatus,
    EngagementEventView,
    EngagementView,
    NoteView,
    OrgRef,
    SavedSearchView,
    ShortlistItemView,
    ShortlistView,
)
from kakehashi.services.repositories.workspace import AlertingSearch, Box, Mailbox, NeedAccess

_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class _User:
    name: str
    email: str
    is_active: bool


@dataclass
class _Item:
    startup_id: int
    note: str
    added_at: datetime


@dataclass
class _Shortlist:
    id: int
    organization_id: int
    name: str
    created_by_user_id: int | None
    created_at: datetime
    updated_at: datetime
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Note:
    id: int
    organization_id: int
    subject_organization_id: int | None
    need_id: int | None
    body: str
    author_user_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass
class _Event:
    from_stage: str | None
    to_stage: str
    at: datetime
    user_id: int | None
    note: str


@dataclass
class _Engagement:
    id: int
    organization_id: int
    startup_id: int
    need_id: int | None
    stage: str
    created_at: datetime
    updated_at: datetime
    events: list[_Event] = field(default_factory=list)


@dataclass
class _Saved:
    id: int
    organization_id: int
    user_id: int
    name: str
    query: str
    filters: dict[str, Any]
    alert: bool
    created_at: datetime
    last_checked_at: datetime | None = None
    last_seen_ids: list[int] = field(default_factory=list)


@dataclass
class _Alert:
    id: int
    user_id: int
    saved_search_id: int
    organization_ids: list[int]
    created_at: datetime
    read_at: datetime | None = None


@dataclass
class _Request:
    id: int
    from_organization_id: int
    to_organization_id: int
    from_user_id: int | None
    need_id: int | None
    message: str
    status: str
    created_at: datetime
    expires_at: datetime
    responded_at: datetime | None = None
    response: str = ""


class FakeWorkspaceRepository:
    """Keeps rows in plain dicts; deleting an organization's rows is not modelled (no cascade needed)."""

    def __init__(self) -> None:
        self.organizations: dict[int, OrgRef] = {}
        self.needs: dict[int, NeedAccess] = {}
        self.users: dict[int, _User] = {}
        self.shortlist_rows: dict[int, _Shortlist] = {}
        self.note_rows: dict[int, _Note] = {}
        self.engagement_rows: dict[int, _Engagement] = {}
        self.saved_rows: dict[int, _Saved] = {}
        self.alert_rows: dict[int, _Alert] = {}
        self.request_rows: dict[int, _Request] = {}
        self._ids = itertools.count(1)
        self.clock = _EPOCH  # what the database would stamp as "now" for defaults

    # --- seeding (tests) ---------------------------------------------------------------------------------

    def add_organization(self, organization_id: int, name: str, kind: str) -> OrgRef:
        self.organizations[organization_id] = OrgRef(id=organization_id, name=name, kind=kind)
        return self.organizations[organization_id]

    def add_need(self, need_id: int, *, organization_id: int | None, visibility: str = "private") -> None:
        self.needs[need_id] = NeedAccess(organization_id=organization_id, visibility=visibility)

    def add_user(self, user_id: int, *, name: str, email: str, is_active: bool = True) -> None:
        self.users[user_id] = _User(name=name, email=email, is_active=is_active)

    def _next(self) -> int:
        return next(self._ids)

    def _name(self, user_id: int | None) -> str | None:
        return self.users[user_id].name if user_id and user_id in self.users else None

    # --- what the workspace refers to --------------------------------------------------------------------

    def organization(self, organization_id: int) -> OrgRef | None:
        return self.organizations.get(organization_id)

    def organization_names(self, organization_ids: Collection[int]) -> list[str]:
        return [self.organizations[i].name for i in sorted(set(organization_ids)) if i in self.organizations]

    def need_access(self, need_id: int) -> NeedAccess | None:
        return self.needs.get(need_id)

    def mailbox(self, user_id: int) -> Mailbox | None:
        user = self.users.get(user_id)
        return Mailbox(email=user.email, is_active=user.is_active) if user else None

    # --- shortlists --------------------------------------------------------------------------------------

    def _shortlist_view(self, row: _Shortlist) -> ShortlistView:
        return ShortlistView(
            id=row.id,
            organization_id=row.organization_id,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            items=[
                ShortlistItemView(startup=self.organizations[i.startup_id], note=i.note, added_at=i.added_at)
                for i in row.items
                if i.startup_id in self.organizations
            ],
        )

    def shortlist(self, shortlist_id: int) -> ShortlistView | None:
        row = self.shortlist_rows.get(shortlist_id)
        return self._shortlist_view(row) if row else None

    def shortlists(self, *, organization_id: int) -> list[ShortlistView]:
        rows = [r for r in self.shortlist_rows.values() if r.organization_id == organization_id]
        return [self._shortlist_view(r) for r in sorted(rows, key=lambda r: (r.name, r.id))]

    def add_shortlist(self, *, organization_id: int, name: str, created_by_user_id: int | None) -> int:
        row = _Shortlist(self._next(), organization_id, name, created_by_user_id, self.clock, self.clock)
        self.shortlist_rows[row.id] = row
        return row.id

    def rename_shortlist(self, shortlist_id: int, *, name: str) -> None:
        self.shortlist_rows[shortlist_id].name = name

    def delete_shortlist(self, shortlist_id: int) -> None:
        del self.shortlist_rows[shortlist_id]

    def put_shortlist_item(
        self, shortlist_id: int, *, startup_id: int, note: str | None, at: datetime
    ) -> None:
        row = self.shortlist_rows[shortlist_id]
        existing = next((i for i in row.items if i.startup_id == startup_id), None)
        if existing is None:
            row.items.append(_Item(startup_id=startup_id, note=note or "", added_at=self.clock))
        elif note is not None:
            existing.note = note
        row.updated_at = at

    def remove_shortlist_item(self, shortlist_id: int, *, startup_id: int, at: datetime) -> bool:
        row = self.shortlist_rows[shortlist_id]
        item = next((i for i in row.items if i.startup_id == startup_id), None)
        if item is None:
            return False
        row.items.remove(item)
        row.updated_at = at
        return True

    # --- notes -------------------------------------------------------------------------------------------

    def _note_view(self, row: _Note) -> NoteView:
        return NoteView(
            id=row.id,
            organization_id=row.organization_id,
            subject=self.organizations.get(row.subject_organization_id)
            if row.subject_organization_id
            else None,
            need_id=row.need_id,
            body=row.body,
            author_user_id=row.author_user_id,
            author_name=self._name(row.author_user_id),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def note(self, note_id: int) -> NoteView | None:
        row = self.note_rows.get(note_id)
        return self._note_view(row) if row else None

    def notes(
        self, *, organization_id: int, subject_organization_id: int | None, need_id: int | None
    ) -> list[NoteView]:
        rows = [
            r
            for r in self.note_rows.values()
            if r.organization_id == organization_id
            and (subject_organization_id is None or r.subject_organization_id == subject_organization_id)
            and (need_id is None or r.need_id == need_id)
        ]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [self._note_view(r) for r in rows]

    def add_note(
        self,
        *,
        organization_id: int,
        subject_organization_id: int | None,
        need_id: int | None,
        body: str,
        author_user_id: int | None,
    ) -> int:
        row = _Note(
            self._next(),
            organization_id,
            subject_organization_id,
            need_id,
            body,
            author_user_id,
            self.clock,
            self.clock,
        )
        self.note_rows[row.id] = row
        return row.id

    def update_note(self, note_id: int, *, body: str) -> None:
        self.note_rows[note_id].body = body
        self.note_rows[note_id].updated_at = self.clock

    def delete_note(self, note_id: int) -> None:
        del self.note_rows[note_id]

    # --- engagements -------------------------------------------------------------------------------------

    def _engagement_view(self, row: _Engagement) -> EngagementView:
        return EngagementView(
            id=row.id,
            organization_id=row.organization_id,
            startup=self.organizations[row.startup_id],
            need_id=row.need_id,
            stage=row.stage,
            created_at=row.created_at,
            updated_at=row.updated_at,
            events=[
                EngagementEventView(
                    from_stage=e.from_stage,
                    to_stage=e.to_stage,
                    at=e.at,
                    user_id=e.user_id,
                    user_name=self._name(e.user_id),
                    note=e.note,
                )
                for e in row.events
            ],
        )

    def engagement(self, engagement_id: int) -> EngagementView | None:
        row = self.engagement_rows.get(engagement_id)
        return self._engagement_view(row) if row else None

    def engagements(
        self, *, organization_id: int, stage: str | None, startup_id: int | None
    ) -> list[EngagementView]:
        rows = [
            r
            for r in self.engagement_rows.values()
            if r.organization_id == organization_id
            and (not stage or r.stage == stage)
            and (startup_id is None or r.startup_id == startup_id)
        ]
        rows.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
        return [self._engagement_view(r) for r in rows]

    def find_engagement(
        self, *, organization_id: int, startup_id: int, need_id: int | None
    ) -> EngagementView | None:
        for row in self.engagement_rows.values():
            if (row.organization_id, row.startup_id, row.need_id) == (organization_id, startup_id, need_id):
                return self._engagement_view(row)
        return None

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
    ) -> int:
        row = _Engagement(self._next(), organization_id, startup_id, need_id, stage, self.clock, self.clock)
        row.events.append(_Event(from_stage=None, to_stage=stage, at=at, user_id=user_id, note=note))
        self.engagement_rows[row.id] = row
        return row.id

    def move_engagement(
        self, engagement_id: int, *, stage: str, user_id: int | None, note: str, at: datetime
    ) -> None:
        row = self.engagement_rows[engagement_id]
        row.events.append(_Event(from_stage=row.stage, to_stage=stage, at=at, user_id=user_id, note=note))
        row.stage = stage
        row.updated_at = at

    def delete_engagement(self, engagement_id: int) -> None:
        del self.engagement_rows[engagement_id]

    # --- saved searches and alerts -----------------------------------------------------------------------

    @staticmethod
    def _saved_view(row: _Saved) -> SavedSearchView:
        return SavedSearchView(
            id=row.id,
            organization_id=row.organization_id,
            user_id=row.user_id,
            name=row.name,
            query=row.query,
            filters=dict(row.filters),
            alert=row.alert,
            last_checked_at=row.last_checked_at,
            created_at=row.created_at,
        )

    def saved_search(self, saved_search_id: int) -> SavedSearchView | None:
        row = self.saved_rows.get(saved_search_id)
        return self._saved_view(row) if row else None

    def saved_searches(self, *, organization_id: int) -> list[SavedSearchView]:
        rows = [r for r in self.saved_rows.values() if r.organization_id == organization_id]
        return [self._saved_view(r) for r in sorted(rows, key=lambda r: (r.name, r.id))]

    def add_saved_search(
        self,
        *,
        organization_id: int,
        user_id: int,
        name: str,
        query: str,
        filters: Mapping[str, Any],
        alert: bool,
    ) -> int:
        row = _Saved(self._next(), organization_id, user_id, name, query, dict(filters), alert, self.clock)
        self.saved_rows[row.id] = row
        return row.id

    def update_saved_search(self, saved_search_id: int, *, name: str | None, alert: bool | None) -> None:
        row = self.saved_rows[saved_search_id]
        if name is not None:
            row.name = name
        if alert is not None:
            row.alert = alert

    def delete_saved_search(self, saved_search_id: int) -> None:
        del self.saved_rows[saved_search_id]
        for alert_id in [a.id for a in self.alert_rows.values() if a.saved_search_id == saved_search_id]:
            del self.alert_rows[alert_id]  # the foreign key cascades

    def alerting_searches(self) -> list[AlertingSearch]:
        return [
            AlertingSearch(
                id=r.id,
                user_id=r.user_id,
                name=r.name,
                query=r.query,
                filters=dict(r.filters),
                last_checked_at=r.last_checked_at,
                last_seen_ids=tuple(r.last_seen_ids),
            )
            for r in sorted(self.saved_rows.values(), key=lambda r: r.id)
            if r.alert
        ]

    def record_alert_check(self, saved_search_id: int, *, seen_ids: Sequence[int], at: datetime) -> None:
        row = self.saved_rows[saved_search_id]
        row.last_seen_ids = list(seen_ids)
        row.last_checked_at = at

    def add_alert(
        self, *, user_id: int, saved_search_id: int, organization_ids: Sequence[int], at: datetime
    ) -> int:
        row = _Alert(self._next(), user_id, saved_search_id, list(organization_ids), at)
        self.alert_rows[row.id] = row
        return row.id

    def _alert_view(self, row: _Alert) -> AlertView:
        return AlertView(
            id=row.id,
            saved_search_id=row.saved_search_id,
            saved_search_name=self.saved_rows[row.saved_search_id].name,
            organizations=[self.organizations[i] for i in row.organization_ids if i in self.organizations],
            created_at=row.created_at,
            read_at=row.read_at,
            user_id=row.user_id,
        )

    def alert(self, alert_id: int) -> AlertView | None:
        row = self.alert_rows.get(alert_id)
        return self._alert_view(row) if row else None

    def alerts(self, *, user_id: int, unread_only: bool) -> list[AlertView]:
        rows = [
            r
            for r in self.alert_rows.values()
            if r.user_id == user_id and (not unread_only or r.read_at is None)
        ]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [self._alert_view(r) for r in rows]

    def count_unread_alerts(self, *, user_id: int) -> int:
        return sum(1 for r in self.alert_rows.values() if r.user_id == user_id and r.read_at is None)

    def mark_alert_read(self, alert_id: int, *, at: datetime) -> None:
        self.alert_rows[alert_id].read_at = at

    # --- meeting requests --------------------------------------------------------------------------------

    def _request_view(self, row: _Request) -> ContactRequestView:
        return ContactRequestView(
            id=row.id,
            sender=self.organizations[row.from_organization_id],
            recipient=self.organizations[row.to_organization_id],
            from_user_id=row.from_user_id,
            need_id=row.need_id,
            message=row.message,
            status=row.status,
            created_at=row.created_at,
            expires_at=row.expires_at,
            responded_at=row.responded_at,
            response=row.response,
        )

    def contact_request(self, request_id: int) -> ContactRequestView | None:
        row = self.request_rows.get(request_id)
        return self._request_view(row) if row else None

    def contact_requests(self, *, organization_id: int, box: Box) -> list[ContactRequestView]:
        def wanted(row: _Request) -> bool:
            received = row.to_organization_id == organization_id
            sent = row.from_organization_id == organization_id
            return {"received": received, "sent": sent, "all": received or sent}[box]

        rows = [r for r in self.request_rows.values() if wanted(r)]
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [self._request_view(r) for r in rows]

    def pending_contact_requests(
        self, *, from_organization_id: int, to_organization_id: int
    ) -> list[ContactRequestView]:
        return [
            self._request_view(r)
            for r in self.request_rows.values()
            if (r.from_organization_id, r.to_organization_id) == (from_organization_id, to_organization_id)
            and r.status == ContactStatus.PENDING.value
        ]

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
    ) -> int:
        row = _Request(
            self._next(),
            from_organization_id,
            to_organization_id,
            from_user_id,
            need_id,
            message,
            ContactStatus.PENDING.value,
            created_at,
            expires_at,
        )
        self.request_rows[row.id] = row
        return row.id

    def set_contact_status(
        self,
        request_id: int,
        *,
        status: str,
        responded_at: datetime | None = None,
        response: str | None = None,
    ) -> None:
        row = self.request_rows[request_id]
        row.status = status
        if responded_at is not None:
            row.responded_at = responded_at
        if response is not None:
            row.response = response

    def delete_contact_request(self, request_id: int) -> None:
        del self.request_rows[request_id]

    def expire_contact_requests(self, *, expires_by: datetime, created_by: datetime | None) -> int:
        stale = [
            r
            for r in self.request_rows.values()
            if r.status == ContactStatus.PENDING.value
            and (r.expires_at <= expires_by or (created_by is not None and r.created_at <= created_by))
        ]
        for row in stale:
            row.status = ContactStatus.EXPIRED.value
        return len(stale)
