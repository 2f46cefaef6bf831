"""Shortlists: named lists of companies an organization keeps, each entry with a note."""

from __future__ import annotations

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import Msg, NotFound
from kakehashi.domain.workspace import ShortlistView
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import (
    check_editable,
    existing_organization,
    owner_scope,
    require_writer,
    visible,
)
from kakehashi.services.workspace.inputs import NAME_MAX, NOTE_MAX, check_startup, clean_text, now


def _shortlist(uow: UnitOfWork, viewer: Viewer, shortlist_id: int) -> ShortlistView:
    shortlist = uow.workspace.shortlist(shortlist_id)
    if shortlist is None or not visible(uow, viewer, shortlist.organization_id):
        raise NotFound("no shortlist with id {shortlist_id}", shortlist_id=shortlist_id)
    return shortlist


def _reloaded(uow: UnitOfWork, shortlist_id: int) -> ShortlistView:
    shortlist = uow.workspace.shortlist(shortlist_id)
    assert shortlist is not None  # written in this unit of work
    return shortlist


def create_shortlist(
    uow: UnitOfWork, *, viewer: Viewer, name: str, startup_id: int | None = None
) -> ShortlistView:
    """A new shortlist owned by the viewer's organization: empty, or holding `startup_id` (the profile page's
    'new shortlist with this company'), created together or not at all."""
    require_writer(viewer)
    clean = clean_text(name, limit=NAME_MAX, what=Msg("shortlist name"), required=True)
    with uow:
        if startup_id is not None:
            check_startup(existing_organization(uow, startup_id))
        shortlist_id = uow.workspace.add_shortlist(
            organization_id=viewer.organization_id, name=clean, created_by_user_id=viewer.user_id
        )
        if startup_id is not None:
            uow.workspace.put_shortlist_item(shortlist_id, startup_id=startup_id, note=None, at=now())
        view = _reloaded(uow, shortlist_id)
        uow.commit()
    return view


def list_shortlists(
    uow: UnitOfWork, *, viewer: Viewer, organization_id: int | None = None
) -> list[ShortlistView]:
    with uow:
        owner = owner_scope(uow, viewer, organization_id)
        return uow.workspace.shortlists(organization_id=owner)


def get_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int) -> ShortlistView:
    with uow:
        return _shortlist(uow, viewer, shortlist_id)


def rename_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, name: str) -> ShortlistView:
    clean = clean_text(name, limit=NAME_MAX, what=Msg("shortlist name"), required=True)
    with uow:
        shortlist = _shortlist(uow, viewer, shortlist_id)
        check_editable(viewer, shortlist.organization_id)
        uow.workspace.rename_shortlist(shortlist_id, name=clean)
        view = _reloaded(uow, shortlist_id)
        uow.commit()
    return view


def delete_shortlist(uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int) -> None:
    with uow:
        shortlist = _shortlist(uow, viewer, shortlist_id)
        check_editable(viewer, shortlist.organization_id)
        uow.workspace.delete_shortlist(shortlist_id)
        uow.commit()


def add_to_shortlist(
    uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, startup_id: int, note: str = ""
) -> ShortlistView:
    """Add a company (updating its note when it is already there)."""
    clean = clean_text(note, limit=NOTE_MAX, what=Msg("note"))
    with uow:
        shortlist = _shortlist(uow, viewer, shortlist_id)
        check_editable(viewer, shortlist.organization_id)
        check_startup(existing_organization(uow, startup_id))
        uow.workspace.put_shortlist_item(
            shortlist_id, startup_id=startup_id, note=clean if note else None, at=now()
        )
        view = _reloaded(uow, shortlist_id)
        uow.commit()
    return view


def remove_from_shortlist(
    uow: UnitOfWork, *, viewer: Viewer, shortlist_id: int, startup_id: int
) -> ShortlistView:
    with uow:
        shortlist = _shortlist(uow, viewer, shortlist_id)
        check_editable(viewer, shortlist.organization_id)
        if not uow.workspace.remove_shortlist_item(shortlist_id, startup_id=startup_id, at=now()):
            raise NotFound("company {startup_id} is not on this shortlist", startup_id=startup_id)
        view = _reloaded(uow, shortlist_id)
        uow.commit()
    return view
