"""Notes: an organization's private notes about a company and/or one of its needs."""

from __future__ import annotations

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import Msg, NotFound
from kakehashi.domain.workspace import NoteView
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import (
    check_editable,
    check_visible_need,
    existing_organization,
    owner_scope,
    require_writer,
    visible,
)
from kakehashi.services.workspace.inputs import NOTE_MAX, clean_text


def _note(uow: UnitOfWork, viewer: Viewer, note_id: int) -> NoteView:
    note = uow.workspace.note(note_id)
    if note is None or not visible(uow, viewer, note.organization_id):
        raise NotFound("no note with id {note_id}", note_id=note_id)
    return note


def _reloaded(uow: UnitOfWork, note_id: int) -> NoteView:
    note = uow.workspace.note(note_id)
    assert note is not None  # written in this unit of work
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
    require_writer(viewer)
    text = clean_text(body, limit=NOTE_MAX, what=Msg("note"), required=True)
    with uow:
        if subject_organization_id is not None:
            existing_organization(uow, subject_organization_id)
        if need_id is not None:
            check_visible_need(uow, viewer, need_id)
        note_id = uow.workspace.add_note(
            organization_id=viewer.organization_id,
            subject_organization_id=subject_organization_id,
            need_id=need_id,
            body=text,
            author_user_id=viewer.user_id,
        )
        view = _reloaded(uow, note_id)
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
    with uow:
        owner = owner_scope(uow, viewer, organization_id)
        return uow.workspace.notes(
            organization_id=owner, subject_organization_id=subject_organization_id, need_id=need_id
        )


def get_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int) -> NoteView:
    with uow:
        return _note(uow, viewer, note_id)


def update_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int, body: str) -> NoteView:
    text = clean_text(body, limit=NOTE_MAX, what=Msg("note"), required=True)
    with uow:
        note = _note(uow, viewer, note_id)
        check_editable(viewer, note.organization_id)
        uow.workspace.update_note(note_id, body=text)
        view = _reloaded(uow, note_id)
        uow.commit()
    return view


def delete_note(uow: UnitOfWork, *, viewer: Viewer, note_id: int) -> None:
    with uow:
        note = _note(uow, viewer, note_id)
        check_editable(viewer, note.organization_id)
        uow.workspace.delete_note(note_id)
        uow.commit()
