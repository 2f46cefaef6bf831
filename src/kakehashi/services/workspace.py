"""A corporation's private workspace: shortlists, notes, the engagement pipeline with its history,
saved searches with alerts, and meeting requests between organizations that expire when unanswered.

Every function takes the signed-in `viewer` and applies domain.access: what the viewer may not see is
NotFound (so existence never leaks); what they may see but not change is PermissionDenied.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

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
from kakehashi.domain.access import (
    Viewer,
    can_edit_workspace,
    can_view_contact_request,
    can_view_need,
    can_view_workspace,
)
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.workspace import ContactStatus, EngagementStage, parse_stage
from kakehashi.services.unit_of_work import UnitOfWork

NAME_MAX = 200
NOTE_MAX = 10_000
MESSAGE_MAX = 5_000
QUERY_MAX = 1_000
ALERT_DEPTH = 50  # how many top results of a saved search are watched for newcomers
SEEN_MAX = 2_000  # ids remembered per saved search (older ones may alert again, which is harmless)


# --- views returned to entry points (plain data, safe outside the unit of work) --------------------------


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


@dataclass(frozen=True, slots=True)
class AlertRun:
    """What one pass of check_alerts did."""

    checked: int
    alerts: int
    emails: int
    email_errors: list[str] = field(default_factory=list)


SearchFn = Callable[[str, Mapping[str, Any]], Sequence[int]]
"""Runs a saved search: (query, filters) -> organization ids, best first."""

Mailer = Callable[[str, str, str], None]
"""Sends one e-mail: (to, subject, body)."""


# --- helpers ---------------------------------------------------------------------------------------------


def _now(now: datetime | None = None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _text(value: str | None, *, limit: int, what: str, required: bool = False) -> str:
    """NFC text without surrounding blanks; refuses empty required text and text over the limit."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if required and not text:
        raise InvalidInput(f"the {what} is empty")
    if len(text) > limit:
        raise InvalidInput(f"the {what} must have at most {limit:,} characters")
    if "\x00" in text:
        raise InvalidInput(f"the {what} contains a NUL character")
    return text


def _ref(org: Organization) -> OrgRef:
    return OrgRef(id=org.id, name=org.name, kind=org.kind)


def _organization(uow: UnitOfWork, organization_id: int) -> Organization:
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"no organization with id {organization_id}")
    return org


def _require_writer(viewer: Viewer) -> None:
    if not viewer.can_write:
        raise PermissionDenied("your role (viewer) may look but not change anything")


def _check_visible(viewer: Viewer, owner_organization_id: int, what: str, ident: int) -> None:
    if not can_view_workspace(viewer, owner_organization_id=owner_organization_id):
        raise NotFound(f"no {what} with id {ident}")


def _check_editable(viewer: Viewer, owner_organization_id: int) -> None:
    _require_writer(viewer)
    if not can_edit_workspace(viewer, owner_organization_id=owner_organization_id):
        raise PermissionDenied("only the organization that owns this may change it")


def _visible_need(uow: UnitOfWork, viewer: Viewer, need_id: int) -> Need:
    need = uow.session.get(Need, need_id)
    if need is None or not can_view_need(
        viewer, owner_organization_id=need.organization_id, visibility=need.visibility
    ):
        raise NotFound(f"no need with id {need_id}")
    return need


def _owner_scope(viewer: Viewer, organization_id: int | None) -> int:
    """Whose workspace a listing shows: one's own, or (organizers only) another organization's."""
    if organization_id is None or organization_id == viewer.organization_id:
        return viewer.organization_id
    if not viewer.is_organizer:
        raise NotFound(f"no organization with id {organization_id}")
    return organization_id


def _user_names(uow: UnitOfWork, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = uow.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return {int(uid): str(name) for uid, name in rows}


# --- shortlists ------------------------------------------------------------------------------------------


def _shortlist_view(uow: UnitOfWork, shortlist: Shortlist) -> ShortlistView:
    ids = [item.startup_id for item in shortlist.items]
    orgs = (
        {o.id: o for o in uow.session.scalars(select(Organization).where(Organization.id.in_(ids)))}
        if ids
        else {}
    )
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


def _load_shortlist(uow: UnitOfWork, viewer: Viewer, shortlist_id: int) -> Shortlist:
    shortlist = uow.session.get(Shortlist, shortlist_id)
    if shortlist is None:
        raise NotFound(f"no shortlist with id {shortlist_id}")
    _check_visible(viewer, shortlist.organization_id, "shortlist", shortlist_id)
    return shortlist


def create_shortlist(uow: UnitOfWork, *, viewer: Viewer, name: str) -> ShortlistView:
    """A new, empty shortlist owned by the viewer's organization."""
    _require_writer(viewer)
    clean = _text(name, limit=NAME_MAX, what="shortlist name", required=True)
    with uow:
        shortlist = Shortlist(
            organization_id=viewer.organization_id, name=clean, created_by_user_id=viewer.user_id
        )
        uow.session.add(shortlist)
        uow.session.flush()
        view = _shortlist_view(uow, shortlist)
        uow.commit()
    return view


def list_shortlists(
    uow: UnitOfWork, *, viewer: Viewer, organization_id: int | None = None
) -> list[ShortlistView]:
    owner = _owner_scope(viewer, organization_id)
    with uow:
        rows = uow.session.scalars(
            select(Shortlist).where(Shortlist.organization_id == owner).order_by(Shortlist.name, Shortlist.id)
        ).all()
        return [_shortlist_view(uow, s) for s in rows]


def get_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int) -> ShortlistView:
    with uow:
        return _shortlist_view(uow, _load_shortlist(uow, viewer, shortlist_id))


def rename_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, name: str) -> ShortlistView:
    clean = _text(name, limit=NAME_MAX, what="shortlist name", required=True)
    with uow:
        shortlist = _load_shortlist(uow, viewer, shortlist_id)
        _check_editable(viewer, shortlist.organization_id)
        shortlist.name = clean
        uow.session.flush()
        view = _shortlist_view(uow, shortlist)
        uow.commit()
    return view


def delete_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int) -> None:
    with uow:
        shortlist = _load_shortlist(uow, viewer, shortlist_id)
        _check_editable(viewer, shortlist.organization_id)
        uow.session.delete(shortlist)
        uow.commit()


def add_to_shortlist(
    uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, startup_id: int, note: str = ""
) -> ShortlistView:
    """Add a company (updating its note when it is already there)."""
    clean = _text(note, limit=NOTE_MAX, what="note")
    with uow:
        shortlist = _load_shortlist(uow, viewer, shortlist_id)
        _check_editable(viewer, shortlist.organization_id)
        _organization(uow, startup_id)
        existing = next((i for i in shortlist.items if i.startup_id == startup_id), None)
        if existing is None:
            shortlist.items.append(ShortlistItem(startup_id=startup_id, note=clean))
        elif note:
            existing.note = clean
        shortlist.updated_at = _now()
        uow.session.flush()
        view = _shortlist_view(uow, shortlist)
        uow.commit()
    return view


def remove_from_shortlist(
    uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, startup_id: int
) -> ShortlistView:
    with uow:
        shortlist = _load_shortlist(uow, viewer, shortlist_id)
        _check_editable(viewer, shortlist.organization_id)
        item = next((i for i in shortlist.items if i.startup_id == startup_id), None)
        if item is None:
            raise NotFound(f"company {startup_id} is not on this shortlist")
        shortlist.items.remove(item)
        shortlist.updated_at = _now()
        uow.session.flush()
        view = _shortlist_view(uow, shortlist)
        uow.commit()
    return view


# --- notes -----------------------------------------------------------------------------------------------


def _note_view(uow: UnitOfWork, note: Note, names: Mapping[int, str] | None = None) -> NoteView:
    subject = (
        uow.session.get(Organization, note.subject_organization_id) if note.subject_organization_id else None
    )
    if names is None:
        names = _user_names(uow, {note.author_user_id} if note.author_user_id else set())
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


def _load_note(uow: UnitOfWork, viewer: Viewer, note_id: int) -> Note:
    note = uow.session.get(Note, note_id)
    if note is None:
        raise NotFound(f"no note with id {note_id}")
    _check_visible(viewer, note.organization_id, "note", note_id)
    return note


def add_note(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    body: str,
    subject_organization_id: int | None = None,
    need_id: int | None = None,
) -> NoteView:
    """A private note of the viewer's organization about a company and/or one of its needs."""
    _require_writer(viewer)
    text = _text(body, limit=NOTE_MAX, what="note", required=True)
    with uow:
        if subject_organization_id is not None:
            _organization(uow, subject_organization_id)
        if need_id is not None:
            _visible_need(uow, viewer, need_id)
        note = Note(
            organization_id=viewer.organization_id,
            subject_organization_id=subject_organization_id,
            need_id=need_id,
            body=text,
            author_user_id=viewer.user_id,
        )
        uow.session.add(note)
        uow.session.flush()
        view = _note_view(uow, note)
        uow.commit()
    return view


def list_notes(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    subject_organization_id: int | None = None,
    need_id: int | None = None,
    organization_id: int | None = None,
) -> list[NoteView]:
    """The viewer's organization's notes (organizers may ask for another organization's), newest first."""
    owner = _owner_scope(viewer, organization_id)
    with uow:
        query = select(Note).where(Note.organization_id == owner)
        if subject_organization_id is not None:
            query = query.where(Note.subject_organization_id == subject_organization_id)
        if need_id is not None:
            query = query.where(Note.need_id == need_id)
        notes = uow.session.scalars(query.order_by(Note.created_at.desc(), Note.id.desc())).all()
        names = _user_names(uow, {n.author_user_id for n in notes if n.author_user_id})
        return [_note_view(uow, n, names) for n in notes]


def get_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int) -> NoteView:
    with uow:
        return _note_view(uow, _load_note(uow, viewer, note_id))


def update_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int, body: str) -> NoteView:
    text = _text(body, limit=NOTE_MAX, what="note", required=True)
    with uow:
        note = _load_note(uow, viewer, note_id)
        _check_editable(viewer, note.organization_id)
        note.body = text
        uow.session.flush()
        view = _note_view(uow, note)
        uow.commit()
    return view


def delete_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int) -> None:
    with uow:
        note = _load_note(uow, viewer, note_id)
        _check_editable(viewer, note.organization_id)
        uow.session.delete(note)
        uow.commit()


# --- engagements (pipeline) ------------------------------------------------------------------------------


def _engagement_view(uow: UnitOfWork, engagement: Engagement) -> EngagementView:
    startup = uow.session.get(Organization, engagement.startup_id)
    assert startup is not None  # foreign key, cascade on delete
    names = _user_names(uow, {e.user_id for e in engagement.events if e.user_id})
    return EngagementView(
        id=engagement.id,
        organization_id=engagement.organization_id,
        startup=_ref(startup),
        need_id=engagement.need_id,
        stage=engagement.stage,
        created_at=engagement.created_at,
        updated_at=engagement.updated_at,
        events=[
            EngagementEventView(
                from_stage=e.from_stage,
                to_stage=e.to_stage,
                at=e.at,
                user_id=e.user_id,
                user_name=names.get(e.user_id) if e.user_id else None,
                note=e.note,
            )
            for e in engagement.events
        ],
    )


def _load_engagement(uow: UnitOfWork, viewer: Viewer, engagement_id: int) -> Engagement:
    engagement = uow.session.get(Engagement, engagement_id)
    if engagement is None:
        raise NotFound(f"no engagement with id {engagement_id}")
    _check_visible(viewer, engagement.organization_id, "engagement", engagement_id)
    return engagement


def start_engagement(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    startup_id: int,
    need_id: int | None = None,
    stage: str = EngagementStage.IDENTIFIED.value,
    note: str = "",
) -> EngagementView:
    """Put a startup in the viewer's pipeline (once per startup and need: adding again returns the entry)."""
    _require_writer(viewer)
    to_stage = parse_stage(stage)
    text = _text(note, limit=NOTE_MAX, what="note")
    with uow:
        startup = _organization(uow, startup_id)
        if startup.id == viewer.organization_id:
            raise InvalidInput("an organization cannot be in its own pipeline")
        if need_id is not None:
            _visible_need(uow, viewer, need_id)
        existing = uow.session.scalars(
            select(Engagement).where(
                Engagement.organization_id == viewer.organization_id,
                Engagement.startup_id == startup_id,
                Engagement.need_id.is_(None) if need_id is None else Engagement.need_id == need_id,
            )
        ).first()
        if existing is not None:
            return _engagement_view(uow, existing)
        engagement = Engagement(
            organization_id=viewer.organization_id,
            startup_id=startup_id,
            need_id=need_id,
            stage=to_stage.value,
        )
        engagement.events.append(
            EngagementEvent(from_stage=None, to_stage=to_stage.value, user_id=viewer.user_id, note=text)
        )
        uow.session.add(engagement)
        uow.session.flush()
        view = _engagement_view(uow, engagement)
        uow.commit()
    return view


def move_engagement(
    uow: UnitOfWork, *, viewer: Viewer, engagement_id: int, stage: str, note: str = ""
) -> EngagementView:
    """Change the stage (any direction: deals also fall back) and record who did it, when and why."""
    to_stage = parse_stage(stage)
    text = _text(note, limit=NOTE_MAX, what="note")
    with uow:
        engagement = _load_engagement(uow, viewer, engagement_id)
        _check_editable(viewer, engagement.organization_id)
        if engagement.stage == to_stage.value and not text:
            return _engagement_view(uow, engagement)
        engagement.events.append(
            EngagementEvent(
                from_stage=engagement.stage,
                to_stage=to_stage.value,
                user_id=viewer.user_id,
                note=text,
                at=_now(),
            )
        )
        engagement.stage = to_stage.value
        engagement.updated_at = _now()
        uow.session.flush()
        view = _engagement_view(uow, engagement)
        uow.commit()
    return view


def list_engagements(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    stage: str | None = None,
    startup_id: int | None = None,
    organization_id: int | None = None,
) -> list[EngagementView]:
    """The pipeline of the viewer's organization (organizers may ask for another's), most recent first."""
    owner = _owner_scope(viewer, organization_id)
    with uow:
        query = select(Engagement).where(Engagement.organization_id == owner)
        if stage:
            query = query.where(Engagement.stage == parse_stage(stage).value)
        if startup_id is not None:
            query = query.where(Engagement.startup_id == startup_id)
        rows = uow.session.scalars(query.order_by(Engagement.updated_at.desc(), Engagement.id.desc())).all()
        return [_engagement_view(uow, e) for e in rows]


def get_engagement(uow: UnitOfWork, *, viewer: Viewer, engagement_id: int) -> EngagementView:
    with uow:
        return _engagement_view(uow, _load_engagement(uow, viewer, engagement_id))


def delete_engagement(uow: UnitOfWork, *, viewer: Viewer, engagement_id: int) -> None:
    with uow:
        engagement = _load_engagement(uow, viewer, engagement_id)
        _check_editable(viewer, engagement.organization_id)
        uow.session.delete(engagement)
        uow.commit()


# --- saved searches and alerts ---------------------------------------------------------------------------


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


def _clean_filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Filters are kept as plain JSON: string keys, scalar or list-of-scalar values."""
    clean: dict[str, Any] = {}
    for key, value in (filters or {}).items():
        if not isinstance(key, str) or len(key) > 40:
            raise InvalidInput("filter names must be short strings")
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list | tuple):
            if len(value) > 100 or not all(isinstance(v, str | int | float) for v in value):
                raise InvalidInput(f"filter {key!r} must be a short list of values")
            clean[key] = [v if not isinstance(v, str) else v[:200] for v in value]
        elif isinstance(value, str | int | float | bool):
            clean[key] = value[:200] if isinstance(value, str) else value
        else:
            raise InvalidInput(f"filter {key!r} has an unsupported value")
    if len(clean) > 30:
        raise InvalidInput("too many filters")
    return clean


def _load_saved(uow: UnitOfWork, viewer: Viewer, saved_search_id: int) -> SavedSearch:
    saved = uow.session.get(SavedSearch, saved_search_id)
    if saved is None:
        raise NotFound(f"no saved search with id {saved_search_id}")
    _check_visible(viewer, saved.organization_id, "saved search", saved_search_id)
    return saved


def save_search(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    name: str,
    query: str,
    filters: Mapping[str, Any] | None = None,
    alert: bool = False,
) -> SavedSearchView:
    """Keep a search; with `alert`, check_alerts reports startups that newly match it."""
    _require_writer(viewer)
    clean_name = _text(name, limit=NAME_MAX, what="name", required=True)
    clean_query = _text(query, limit=QUERY_MAX, what="query")
    clean_filters = _clean_filters(filters)
    if not clean_query and not clean_filters:
        raise InvalidInput("a saved search needs a query or at least one filter")
    with uow:
        saved = SavedSearch(
            organization_id=viewer.organization_id,
            user_id=viewer.user_id,
            name=clean_name,
            query=clean_query,
            filters=clean_filters,
            alert=alert,
            last_seen_ids=[],
        )
        uow.session.add(saved)
        uow.session.flush()
        view = _saved_view(saved)
        uow.commit()
    return view


def list_saved_searches(uow: UnitOfWork, *, viewer: Viewer) -> list[SavedSearchView]:
    """The saved searches of the viewer's organization (colleagues share them)."""
    with uow:
        rows = uow.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.organization_id == viewer.organization_id)
            .order_by(SavedSearch.name, SavedSearch.id)
        ).all()
        return [_saved_view(s) for s in rows]


def get_saved_search(uow: UnitOfWork, *, viewer: Viewer, saved_search_id: int) -> SavedSearchView:
    with uow:
        return _saved_view(_load_saved(uow, viewer, saved_search_id))


def update_saved_search(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    saved_search_id: int,
    name: str | None = None,
    alert: bool | None = None,
) -> SavedSearchView:
    with uow:
        saved = _load_saved(uow, viewer, saved_search_id)
        _check_editable(viewer, saved.organization_id)
        if name is not None:
            saved.name = _text(name, limit=NAME_MAX, what="name", required=True)
        if alert is not None:
            saved.alert = alert
        uow.session.flush()
        view = _saved_view(saved)
        uow.commit()
    return view


def delete_saved_search(uow: UnitOfWork, *, viewer: Viewer, saved_search_id: int) -> None:
    with uow:
        saved = _load_saved(uow, viewer, saved_search_id)
        _check_editable(viewer, saved.organization_id)
        uow.session.delete(saved)
        uow.commit()


def check_alerts(
    uow: UnitOfWork,
    *,
    search: SearchFn,
    mailer: Mailer | None = None,
    now: datetime | None = None,
    depth: int = ALERT_DEPTH,
) -> AlertRun:
    """Run every alerting saved search; startups not seen before become an in-app alert (and an e-mail).

    The first run of a search only records what it finds today, so nobody is alerted about the whole
    catalogue at once.
    """
    moment = _now(now)
    checked = created = sent = 0
    errors: list[str] = []
    outbox: list[tuple[str, str, str]] = []
    with uow:
        searches = uow.session.scalars(
            select(SavedSearch).where(SavedSearch.alert).order_by(SavedSearch.id)
        ).all()
        for saved in searches:
            ids = [int(i) for i in search(saved.query, dict(saved.filters or {}))[:depth]]
            seen = [int(i) for i in (saved.last_seen_ids or [])]
            seen_set = set(seen)
            new = [i for i in ids if i not in seen_set]
            checked += 1
            if saved.last_checked_at is not None and new:
                uow.session.add(
                    Alert(
                        user_id=saved.user_id,
                        saved_search_id=saved.id,
                        organization_ids=new,
                        created_at=moment,
                    )
                )
                created += 1
                user = uow.session.get(User, saved.user_id)
                if mailer is not None and user is not None and user.is_active:
                    names = uow.session.scalars(
                        select(Organization.name).where(Organization.id.in_(new))
                    ).all()
                    outbox.append(_alert_mail(user.email, saved.name, list(names)))
            saved.last_seen_ids = (seen + new)[-SEEN_MAX:]
            saved.last_checked_at = moment
        uow.commit()
    for to, subject, body in outbox:
        # Mail goes out after the commit: a slow or failing SMTP server must not lose the in-app alerts.
        try:
            assert mailer is not None
            mailer(to, subject, body)
            sent += 1
        except Exception as exc:  # reported to the caller; the alert itself is already stored
            errors.append(f"{to}: {exc}")
    return AlertRun(checked=checked, alerts=created, emails=sent, email_errors=errors)


def _alert_mail(to: str, search_name: str, names: list[str]) -> tuple[str, str, str]:
    subject = f"[Kakehashi] {len(names)} new match(es) for “{search_name}” / 新着 {len(names)} 件"
    lines = [f"New startups match your saved search “{search_name}”:", ""]
    lines += [f"- {name}" for name in names]
    lines += ["", f"保存した検索「{search_name}」に新しいスタートアップが見つかりました。"]
    return to, subject, "\n".join(lines)


def list_alerts(uow: UnitOfWork, *, viewer: Viewer, unread_only: bool = False) -> list[AlertView]:
    """The viewer's own alerts, newest first."""
    with uow:
        query = (
            select(Alert, SavedSearch.name)
            .join(SavedSearch, SavedSearch.id == Alert.saved_search_id)
            .where(Alert.user_id == viewer.user_id)
        )
        if unread_only:
            query = query.where(Alert.read_at.is_(None))
        rows = uow.session.execute(query.order_by(Alert.created_at.desc(), Alert.id.desc())).all()
        ids = {int(i) for alert, _ in rows for i in alert.organization_ids or []}
        orgs = (
            {o.id: o for o in uow.session.scalars(select(Organization).where(Organization.id.in_(ids)))}
            if ids
            else {}
        )
        return [
            AlertView(
                id=alert.id,
                saved_search_id=alert.saved_search_id,
                saved_search_name=str(name),
                organizations=[_ref(orgs[int(i)]) for i in alert.organization_ids or [] if int(i) in orgs],
                created_at=alert.created_at,
                read_at=alert.read_at,
            )
            for alert, name in rows
        ]


def count_unread_alerts(uow: UnitOfWork, *, viewer: Viewer) -> int:
    with uow:
        count = uow.session.scalar(
            select(func.count(Alert.id)).where(Alert.user_id == viewer.user_id, Alert.read_at.is_(None))
        )
        return int(count or 0)


def mark_alert_read(uow: UnitOfWork, *, viewer: Viewer, alert_id: int, now: datetime | None = None) -> None:
    with uow:
        alert = uow.session.get(Alert, alert_id)
        if alert is None or alert.user_id != viewer.user_id:
            raise NotFound(f"no alert with id {alert_id}")
        if alert.read_at is None:
            alert.read_at = _now(now)
        uow.commit()


# --- meeting requests between organizations --------------------------------------------------------------


def _effective_status(request: ContactRequest, moment: datetime) -> str:
    # A pending request past its expiry reads as expired even before expire_stale_requests stores it.
    if request.status == ContactStatus.PENDING.value and _aware(request.expires_at) <= moment:
        return ContactStatus.EXPIRED.value
    return request.status


def _contact_view(uow: UnitOfWork, request: ContactRequest, moment: datetime) -> ContactRequestView:
    sender = uow.session.get(Organization, request.from_organization_id)
    recipient = uow.session.get(Organization, request.to_organization_id)
    assert sender is not None and recipient is not None  # foreign keys, cascade on delete
    return ContactRequestView(
        id=request.id,
        sender=_ref(sender),
        recipient=_ref(recipient),
        from_user_id=request.from_user_id,
        need_id=request.need_id,
        message=request.message,
        status=_effective_status(request, moment),
        created_at=request.created_at,
        expires_at=request.expires_at,
        responded_at=request.responded_at,
        response=request.response,
    )


_CONTACTABLE = {OrganizationKind.STARTUP.value, OrganizationKind.CORPORATION.value}


def send_contact_request(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    to_organization_id: int,
    message: str,
    ttl_days: int,
    need_id: int | None = None,
    now: datetime | None = None,
) -> ContactRequestView:
    """Ask another organization for a meeting; unanswered, the request expires after `ttl_days`."""
    _require_writer(viewer)
    if not 1 <= ttl_days <= 365:
        raise InvalidInput("a meeting request must expire after 1 to 365 days")
    text = _text(message, limit=MESSAGE_MAX, what="message", required=True)
    moment = _now(now)
    with uow:
        recipient = _organization(uow, to_organization_id)
        if recipient.id == viewer.organization_id:
            raise InvalidInput("an organization cannot send a meeting request to itself")
        if recipient.kind not in _CONTACTABLE:
            raise InvalidInput("meeting requests go to startups and corporations")
        if need_id is not None:
            _visible_need(uow, viewer, need_id)
        pending = uow.session.scalars(
            select(ContactRequest).where(
                ContactRequest.from_organization_id == viewer.organization_id,
                ContactRequest.to_organization_id == recipient.id,
                ContactRequest.status == ContactStatus.PENDING.value,
            )
        ).all()
        if any(_effective_status(p, moment) == ContactStatus.PENDING.value for p in pending):
            raise InvalidInput("a meeting request to this organization is already waiting for an answer")
        request = ContactRequest(
            from_organization_id=viewer.organization_id,
            to_organization_id=recipient.id,
            from_user_id=viewer.user_id,
            need_id=need_id,
            message=text,
            status=ContactStatus.PENDING.value,
            created_at=moment,
            expires_at=moment + timedelta(days=ttl_days),
        )
        uow.session.add(request)
        uow.session.flush()
        view = _contact_view(uow, request, moment)
        uow.commit()
    return view


def list_contact_requests(
    uow: UnitOfWork, *, viewer: Viewer, box: str = "all", now: datetime | None = None
) -> list[ContactRequestView]:
    """Requests received, sent, or both ('received' | 'sent' | 'all'), newest first."""
    if box not in {"received", "sent", "all"}:
        raise InvalidInput("box must be received, sent or all")
    moment = _now(now)
    mine = viewer.organization_id
    with uow:
        query = select(ContactRequest)
        if box == "received":
            query = query.where(ContactRequest.to_organization_id == mine)
        elif box == "sent":
            query = query.where(ContactRequest.from_organization_id == mine)
        else:
            query = query.where(
                or_(ContactRequest.to_organization_id == mine, ContactRequest.from_organization_id == mine)
            )
        rows = uow.session.scalars(query.order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc()))
        return [_contact_view(uow, r, moment) for r in rows]


def _load_contact(uow: UnitOfWork, viewer: Viewer, request_id: int) -> ContactRequest:
    request = uow.session.get(ContactRequest, request_id)
    if request is None or not can_view_contact_request(
        viewer,
        from_organization_id=request.from_organization_id,
        to_organization_id=request.to_organization_id,
    ):
        raise NotFound(f"no meeting request with id {request_id}")
    return request


def get_contact_request(
    uow: UnitOfWork, *, viewer: Viewer, request_id: int, now: datetime | None = None
) -> ContactRequestView:
    with uow:
        return _contact_view(uow, _load_contact(uow, viewer, request_id), _now(now))


def respond_contact_request(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    request_id: int,
    accept: bool,
    response: str = "",
    now: datetime | None = None,
) -> ContactRequestView:
    """The recipient accepts or declines; an expired or answered request cannot be answered."""
    text = _text(response, limit=MESSAGE_MAX, what="answer")
    moment = _now(now)
    with uow:
        request = _load_contact(uow, viewer, request_id)
        if request.to_organization_id != viewer.organization_id:
            raise PermissionDenied("only the organization that received the request can answer it")
        _require_writer(viewer)
        status = _effective_status(request, moment)
        if status == ContactStatus.EXPIRED.value:
            request.status = status
            uow.commit()
            raise InvalidInput("this meeting request has expired; ask the sender to send a new one")
        if status != ContactStatus.PENDING.value:
            raise InvalidInput(f"this meeting request was already answered ({status})")
        request.status = (ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED).value
        request.responded_at = moment
        request.response = text
        uow.session.flush()
        view = _contact_view(uow, request, moment)
        uow.commit()
    return view


def withdraw_contact_request(uow: UnitOfWork, *, viewer: Viewer, request_id: int) -> None:
    """The sender takes back a request nobody answered yet."""
    with uow:
        request = _load_contact(uow, viewer, request_id)
        if request.from_organization_id != viewer.organization_id:
            raise PermissionDenied("only the sender can withdraw a meeting request")
        _require_writer(viewer)
        if request.status != ContactStatus.PENDING.value:
            raise InvalidInput(f"this meeting request was already answered ({request.status})")
        uow.session.delete(request)
        uow.commit()


def expire_stale_requests(
    uow: UnitOfWork, *, now: datetime | None = None, ttl_days: int | None = None
) -> int:
    """Mark pending requests expired once past their expiry (or older than `ttl_days`, when the setting
    shrank since they were sent), so they no longer block anyone. Returns how many expired."""
    moment = _now(now)
    with uow:
        condition = ContactRequest.expires_at <= moment
        if ttl_days is not None:
            condition = or_(condition, ContactRequest.created_at <= moment - timedelta(days=ttl_days))
        rows = uow.session.scalars(
            select(ContactRequest).where(ContactRequest.status == ContactStatus.PENDING.value, condition)
        ).all()
        for request in rows:
            request.status = ContactStatus.EXPIRED.value
        uow.commit()
    return len(rows)
