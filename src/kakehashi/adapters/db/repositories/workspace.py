"""SQLAlchemy implementation of services.repositories.workspace.WorkspaceRepository.

Reads answer the frozen records of kakehashi.domain.workspace; each write flushes, so a read in the same unit
of work sees it (ids, defaults). Access checks are the services' job, not this module's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import (
    Alert,
    ContactRequest,
    Engagement,
    EngagementEvent,
    Need,
    Note,
    Organization,
    SavedSearch,
    Shortlist,
    ShortlistItem,
    User,
)
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


def _ref(org: Organization) -> OrgRef:
    return OrgRef(id=org.id, name=org.name, kind=org.kind)


class SqlAlchemyWorkspaceRepository:
    """Shortlists, notes, engagements, meeting requests, saved searches and alerts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- what the workspace refers to --------------------------------------------------------------------

    def _orgs(self, ids: Iterable[int]) -> dict[int, Organization]:
        wanted = set(ids)
        if not wanted:
            return {}
        return {
            o.id: o for o in self.session.scalars(select(Organization).where(Organization.id.in_(wanted)))
        }

    def _user_names(self, ids: Iterable[int | None]) -> dict[int, str]:
        wanted = {i for i in ids if i}
        if not wanted:
            return {}
        rows = self.session.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all()
        return {int(uid): str(name) for uid, name in rows}

    def organization(self, organization_id: int) -> OrgRef | None:
        org = self.session.get(Organization, organization_id)
        return _ref(org) if org is not None else None

    def organization_names(self, organization_ids: Collection[int]) -> list[str]:
        if not organization_ids:
            return []
        names = self.session.scalars(
            select(Organization.name).where(Organization.id.in_(set(organization_ids)))
        ).all()
        return list(names)

    def need_access(self, need_id: int) -> NeedAccess | None:
        need = self.session.get(Need, need_id)
        return NeedAccess(organization_id=need.organization_id, visibility=need.visibility) if need else None

    def mailbox(self, user_id: int) -> Mailbox | None:
        user = self.session.get(User, user_id)
        return Mailbox(email=user.email, is_active=user.is_active) if user is not None else None

    # --- shortlists --------------------------------------------------------------------------------------

    def _shortlist_view(
        self, shortlist: Shortlist, orgs: Mapping[int, Organization] | None = None
    ) -> ShortlistView:
        if orgs is None:
            orgs = self._orgs(item.startup_id for item in shortlist.items)
        return ShortlistView(
            id=shortlist.id,
            organization_id=shortlist.organization_id,
            name=shortlist.name,
            created_at=shortlist.created_at,
            updated_at=shortlist.updated_at,
            items=[
                ShortlistItemView(startup=_ref(orgs[item.startup_id]), note=item.note, added_at=item.added_at)
                for item in shortlist.items
                if item.startup_id in orgs
            ],
        )

    def shortlist(self, shortlist_id: int) -> ShortlistView | None:
        shortlist = self.session.get(Shortlist, shortlist_id)
        return self._shortlist_view(shortlist) if shortlist is not None else None

    def shortlists(self, *, organization_id: int) -> list[ShortlistView]:
        rows = self.session.scalars(
            select(Shortlist)
            .where(Shortlist.organization_id == organization_id)
            .order_by(Shortlist.name, Shortlist.id)
        ).all()
        orgs = self._orgs(item.startup_id for s in rows for item in s.items)
        return [self._shortlist_view(s, orgs) for s in rows]

    def add_shortlist(self, *, organization_id: int, name: str, created_by_user_id: int | None) -> int:
        shortlist = Shortlist(
            organization_id=organization_id, name=name, created_by_user_id=created_by_user_id
        )
        self.session.add(shortlist)
        self.session.flush()
        return shortlist.id

    def _get_shortlist(self, shortlist_id: int) -> Shortlist:
        shortlist = self.session.get(Shortlist, shortlist_id)
        assert shortlist is not None, "the service checks existence first"
        return shortlist

    def rename_shortlist(self, shortlist_id: int, *, name: str) -> None:
        self._get_shortlist(shortlist_id).name = name
        self.session.flush()

    def delete_shortlist(self, shortlist_id: int) -> None:
        self.session.delete(self._get_shortlist(shortlist_id))
        self.session.flush()

    def put_shortlist_item(
        self, shortlist_id: int, *, startup_id: int, note: str | None, at: datetime
    ) -> None:
        shortlist = self._get_shortlist(shortlist_id)
        existing = next((i for i in shortlist.items if i.startup_id == startup_id), None)
        if existing is None:
            shortlist.items.append(ShortlistItem(startup_id=startup_id, note=note or ""))
        elif note is not None:
            existing.note = note
        shortlist.updated_at = at
        self.session.flush()

    def remove_shortlist_item(self, shortlist_id: int, *, startup_id: int, at: datetime) -> bool:
        shortlist = self._get_shortlist(shortlist_id)
        item = next((i for i in shortlist.items if i.startup_id == startup_id), None)
        if item is None:
            return False
        shortlist.items.remove(item)
        shortlist.updated_at = at
        self.session.flush()
        return True

    # --- notes -------------------------------------------------------------------------------------------

    def _note_view(self, note: Note, orgs: Mapping[int, Organization], names: Mapping[int, str]) -> NoteView:
        subject = orgs.get(note.subject_organization_id) if note.subject_organization_id else None
        return NoteView(
            id=note.id,
            organization_id=note.organization_id,
            subject=_ref(subject) if subject is not None else None,
            need_id=note.need_id,
            body=note.body,
            author_user_id=note.author_user_id,
            author_name=names.get(note.author_user_id) if note.author_user_id else None,
            created_at=note.created_at,
            updated_at=note.updated_at,
        )

    def _note_views(self, notes: Sequence[Note]) -> list[NoteView]:
        orgs = self._orgs(n.subject_organization_id for n in notes if n.subject_organization_id)
        names = self._user_names(n.author_user_id for n in notes)
        return [self._note_view(n, orgs, names) for n in notes]

    def note(self, note_id: int) -> NoteView | None:
        note = self.session.get(Note, note_id)
        return self._note_views([note])[0] if note is not None else None

    def notes(
        self, *, organization_id: int, subject_organization_id: int | None, need_id: int | None
    ) -> list[NoteView]:
        query = select(Note).where(Note.organization_id == organization_id)
        if subject_organization_id is not None:
            query = query.where(Note.subject_organization_id == subject_organization_id)
        if need_id is not None:
            query = query.where(Note.need_id == need_id)
        return self._note_views(
            self.session.scalars(query.order_by(Note.created_at.desc(), Note.id.desc())).all()
        )

    def add_note(
        self,
        *,
        organization_id: int,
        subject_organization_id: int | None,
        need_id: int | None,
        body: str,
        author_user_id: int | None,
    ) -> int:
        note = Note(
            organization_id=organization_id,
            subject_organization_id=subject_organization_id,
            need_id=need_id,
            body=body,
            author_user_id=author_user_id,
        )
        self.session.add(note)
        self.session.flush()
        return note.id

    def _get_note(self, note_id: int) -> Note:
        note = self.session.get(Note, note_id)
        assert note is not None, "the service checks existence first"
        return note

    def update_note(self, note_id: int, *, body: str) -> None:
        self._get_note(note_id).body = body
        self.session.flush()

    def delete_note(self, note_id: int) -> None:
        self.session.delete(self._get_note(note_id))
        self.session.flush()

    # --- engagements -------------------------------------------------------------------------------------

    def _engagement_views(self, engagements: Sequence[Engagement]) -> list[EngagementView]:
        orgs = self._orgs(e.startup_id for e in engagements)
        names = self._user_names(ev.user_id for e in engagements for ev in e.events)
        return [
            EngagementView(
                id=e.id,
                organization_id=e.organization_id,
                startup=_ref(orgs[e.startup_id]),  # foreign key, cascade on delete
                need_id=e.need_id,
                stage=e.stage,
                created_at=e.created_at,
                updated_at=e.updated_at,
                events=[
                    EngagementEventView(
                        from_stage=ev.from_stage,
                        to_stage=ev.to_stage,
                        at=ev.at,
                        user_id=ev.user_id,
                        user_name=names.get(ev.user_id) if ev.user_id else None,
                        note=ev.note,
                    )
                    for ev in e.events
                ],
            )
            for e in engagements
        ]

    def engagement(self, engagement_id: int) -> EngagementView | None:
        engagement = self.session.get(Engagement, engagement_id)
        return self._engagement_views([engagement])[0] if engagement is not None else None

    def engagements(
        self, *, organization_id: int, stage: str | None, startup_id: int | None
    ) -> list[EngagementView]:
        query = select(Engagement).where(Engagement.organization_id == organization_id)
        if stage:
            query = query.where(Engagement.stage == stage)
        if startup_id is not None:
            query = query.where(Engagement.startup_id == startup_id)
        rows = self.session.scalars(query.order_by(Engagement.updated_at.desc(), Engagement.id.desc())).all()
        return self._engagement_views(rows)

    def find_engagement(
        self, *, organization_id: int, startup_id: int, need_id: int | None
    ) -> EngagementView | None:
        existing = self.session.scalars(
            select(Engagement).where(
                Engagement.organization_id == organization_id,
                Engagement.startup_id == startup_id,
                Engagement.need_id.is_(None) if need_id is None else Engagement.need_id == need_id,
            )
        ).first()
        return self._engagement_views([existing])[0] if existing is not None else None

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
        engagement = Engagement(
            organization_id=organization_id, startup_id=startup_id, need_id=need_id, stage=stage
        )
        engagement.events.append(
            EngagementEvent(from_stage=None, to_stage=stage, user_id=user_id, note=note, at=at)
        )
        self.session.add(engagement)
        self.session.flush()
        return engagement.id

    def _get_engagement(self, engagement_id: int) -> Engagement:
        engagement = self.session.get(Engagement, engagement_id)
        assert engagement is not None, "the service checks existence first"
        return engagement

    def move_engagement(
        self, engagement_id: int, *, stage: str, user_id: int | None, note: str, at: datetime
    ) -> None:
        engagement = self._get_engagement(engagement_id)
        engagement.events.append(
            EngagementEvent(from_stage=engagement.stage, to_stage=stage, user_id=user_id, note=note, at=at)
        )
        engagement.stage = stage
        engagement.updated_at = at
        self.session.flush()

    def delete_engagement(self, engagement_id: int) -> None:
        self.session.delete(self._get_engagement(engagement_id))
        self.session.flush()

    # --- saved searches and alerts -----------------------------------------------------------------------

    @staticmethod
    def _saved_view(saved: SavedSearch) -> SavedSearchView:
        return SavedSearchView(
            id=saved.id,
            organization_id=saved.organization_id,
            user_id=saved.user_id,
            name=saved.name,
            query=saved.query,
            filters=dict(saved.filters or {}),
            alert=saved.alert,
            last_checked_at=saved.last_checked_at,
            created_at=saved.created_at,
        )

    def saved_search(self, saved_search_id: int) -> SavedSearchView | None:
        saved = self.session.get(SavedSearch, saved_search_id)
        return self._saved_view(saved) if saved is not None else None

    def saved_searches(self, *, organization_id: int) -> list[SavedSearchView]:
        rows = self.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.organization_id == organization_id)
            .order_by(SavedSearch.name, SavedSearch.id)
        ).all()
        return [self._saved_view(s) for s in rows]

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
        saved = SavedSearch(
            organization_id=organization_id,
            user_id=user_id,
            name=name,
            query=query,
            filters=dict(filters),
            alert=alert,
            last_seen_ids=[],
        )
        self.session.add(saved)
        self.session.flush()
        return saved.id

    def _get_saved(self, saved_search_id: int) -> SavedSearch:
        saved = self.session.get(SavedSearch, saved_search_id)
        assert saved is not None, "the service checks existence first"
        return saved

    def update_saved_search(self, saved_search_id: int, *, name: str | None, alert: bool | None) -> None:
        saved = self._get_saved(saved_search_id)
        if name is not None:
            saved.name = name
        if alert is not None:
            saved.alert = alert
        self.session.flush()

    def delete_saved_search(self, saved_search_id: int) -> None:
        self.session.delete(self._get_saved(saved_search_id))
        self.session.flush()

    def alerting_searches(self) -> list[AlertingSearch]:
        rows = self.session.scalars(
            select(SavedSearch).where(SavedSearch.alert).order_by(SavedSearch.id)
        ).all()
        return [
            AlertingSearch(
                id=s.id,
                user_id=s.user_id,
                name=s.name,
                query=s.query,
                filters=dict(s.filters or {}),
                last_checked_at=s.last_checked_at,
                last_seen_ids=tuple(int(i) for i in s.last_seen_ids or []),
            )
            for s in rows
        ]

    def record_alert_check(self, saved_search_id: int, *, seen_ids: Sequence[int], at: datetime) -> None:
        saved = self._get_saved(saved_search_id)
        saved.last_seen_ids = list(seen_ids)  # a new list, so the JSON column sees the change
        saved.last_checked_at = at
        self.session.flush()

    def add_alert(
        self, *, user_id: int, saved_search_id: int, organization_ids: Sequence[int], at: datetime
    ) -> int:
        alert = Alert(
            user_id=user_id,
            saved_search_id=saved_search_id,
            organization_ids=list(organization_ids),
            created_at=at,
        )
        self.session.add(alert)
        self.session.flush()
        return alert.id

    def _alert_views(self, rows: Sequence[tuple[Alert, str]]) -> list[AlertView]:
        orgs = self._orgs(int(i) for alert, _ in rows for i in alert.organization_ids or [])
        return [
            AlertView(
                id=alert.id,
                saved_search_id=alert.saved_search_id,
                saved_search_name=str(name),
                organizations=[_ref(orgs[int(i)]) for i in alert.organization_ids or [] if int(i) in orgs],
                created_at=alert.created_at,
                read_at=alert.read_at,
                user_id=alert.user_id,
            )
            for alert, name in rows
        ]

    def _alert_query(self) -> Any:
        return select(Alert, SavedSearch.name).join(SavedSearch, SavedSearch.id == Alert.saved_search_id)

    def alert(self, alert_id: int) -> AlertView | None:
        rows = self.session.execute(self._alert_query().where(Alert.id == alert_id)).all()
        views = self._alert_views([(a, n) for a, n in rows])
        return views[0] if views else None

    def alerts(self, *, user_id: int, unread_only: bool) -> list[AlertView]:
        query = self._alert_query().where(Alert.user_id == user_id)
        if unread_only:
            query = query.where(Alert.read_at.is_(None))
        rows = self.session.execute(query.order_by(Alert.created_at.desc(), Alert.id.desc())).all()
        return self._alert_views([(a, n) for a, n in rows])

    def count_unread_alerts(self, *, user_id: int) -> int:
        count = self.session.scalar(
            select(func.count(Alert.id)).where(Alert.user_id == user_id, Alert.read_at.is_(None))
        )
        return int(count or 0)

    def mark_alert_read(self, alert_id: int, *, at: datetime) -> None:
        alert = self.session.get(Alert, alert_id)
        assert alert is not None, "the service checks existence first"
        alert.read_at = at
        self.session.flush()

    # --- meeting requests --------------------------------------------------------------------------------

    def _contact_views(self, requests: Sequence[ContactRequest]) -> list[ContactRequestView]:
        orgs = self._orgs(o for r in requests for o in (r.from_organization_id, r.to_organization_id))
        return [
            ContactRequestView(
                id=r.id,
                sender=_ref(orgs[r.from_organization_id]),  # foreign keys, cascade on delete
                recipient=_ref(orgs[r.to_organization_id]),
                from_user_id=r.from_user_id,
                need_id=r.need_id,
                message=r.message,
                status=r.status,
                created_at=r.created_at,
                expires_at=r.expires_at,
                responded_at=r.responded_at,
                response=r.response,
            )
            for r in requests
        ]

    def contact_request(self, request_id: int) -> ContactRequestView | None:
        request = self.session.get(ContactRequest, request_id)
        return self._contact_views([request])[0] if request is not None else None

    def contact_requests(self, *, organization_id: int, box: Box) -> list[ContactRequestView]:
        condition: ColumnElement[bool]
        if box == "received":
            condition = ContactRequest.to_organization_id == organization_id
        elif box == "sent":
            condition = ContactRequest.from_organization_id == organization_id
        else:
            condition = or_(
                ContactRequest.to_organization_id == organization_id,
                ContactRequest.from_organization_id == organization_id,
            )
        rows = self.session.scalars(
            select(ContactRequest)
            .where(condition)
            .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
        ).all()
        return self._contact_views(rows)

    def pending_contact_requests(
        self, *, from_organization_id: int, to_organization_id: int
    ) -> list[ContactRequestView]:
        rows = self.session.scalars(
            select(ContactRequest).where(
                ContactRequest.from_organization_id == from_organization_id,
                ContactRequest.to_organization_id == to_organization_id,
                ContactRequest.status == ContactStatus.PENDING.value,
            )
        ).all()
        return self._contact_views(rows)

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
        request = ContactRequest(
            from_organization_id=from_organization_id,
            to_organization_id=to_organization_id,
            from_user_id=from_user_id,
            need_id=need_id,
            message=message,
            status=ContactStatus.PENDING.value,
            created_at=created_at,
            expires_at=expires_at,
        )
        self.session.add(request)
        self.session.flush()
        return request.id

    def _get_contact(self, request_id: int) -> ContactRequest:
        request = self.session.get(ContactRequest, request_id)
        assert request is not None, "the service checks existence first"
        return request

    def set_contact_status(
        self,
        request_id: int,
        *,
        status: str,
        responded_at: datetime | None = None,
        response: str | None = None,
    ) -> None:
        request = self._get_contact(request_id)
        request.status = status
        if responded_at is not None:
            request.responded_at = responded_at
        if response is not None:
            request.response = response
        self.session.flush()

    def delete_contact_request(self, request_id: int) -> None:
        self.session.delete(self._get_contact(request_id))
        self.session.flush()

    def expire_contact_requests(self, *, expires_by: datetime, created_by: datetime | None) -> int:
        condition: ColumnElement[bool] = ContactRequest.expires_at <= expires_by
        if created_by is not None:
            condition = or_(condition, ContactRequest.created_at <= created_by)
        rows = self.session.scalars(
            select(ContactRequest).where(ContactRequest.status == ContactStatus.PENDING.value, condition)
        ).all()
        for request in rows:
            request.status = ContactStatus.EXPIRED.value
        self.session.flush()
        return len(rows)
