"""Changing and reading around a need beyond what matching offers: edit, delete, and who may see matches.

Creation, listing, reading and matching live in services.matching; the rules are domain.access's.
"""

from __future__ import annotations

from sqlalchemy import select

from kakehashi.adapters.db.models import Need
from kakehashi.domain.access import Viewer, Visibility, can_edit_need, can_view_need, can_view_workspace
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.search import NeedConstraints, NeedSummary
from kakehashi.services.matching import get_need
from kakehashi.services.unit_of_work import UnitOfWork

TITLE_MAX = 300


def _load_editable(uow: UnitOfWork, viewer: Viewer, need_id: int) -> Need:
    need = uow.session.get(Need, need_id)
    if need is None or not can_view_need(
        viewer, owner_organization_id=need.organization_id, visibility=need.visibility
    ):
        raise NotFound(f"need {need_id} not found")
    if not can_edit_need(viewer, owner_organization_id=need.organization_id):
        raise PermissionDenied("only members of the organization that owns this need may change it")
    return need


def update_need(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    need_id: int,
    title: str | None = None,
    description: str | None = None,
    language: str | None = None,
    visibility: str | None = None,
    sectors: list[str] | None = None,
    technologies: list[str] | None = None,
    constraints: NeedConstraints | None = None,
) -> NeedSummary:
    """Change the given fields of a need (None leaves a field as it is)."""
    with uow:
        need = _load_editable(uow, viewer, need_id)
        if title is not None:
            clean = " ".join(title.split())
            if not clean:
                raise InvalidInput("a need needs a title")
            if len(clean) > TITLE_MAX:
                raise InvalidInput(
                    "the title is longer than 300 characters; put the details in the description"
                )
            need.title = clean
        if description is not None:
            need.description = description.strip()
        if language is not None:
            if language not in ("ja", "en"):
                raise InvalidInput("language must be 'ja' or 'en'")
            need.language = language
        if visibility is not None:
            if visibility not in (Visibility.PRIVATE, Visibility.OPEN):
                raise InvalidInput("visibility must be 'private' or 'open'")
            need.visibility = str(visibility)
        if sectors is not None:
            need.sectors = sorted({s.strip().lower() for s in sectors if s.strip()})
        if technologies is not None:
            need.technologies = sorted({t.strip().lower() for t in technologies if t.strip()})
        if constraints is not None:
            need.constraints = constraints.to_dict()
        uow.commit()
    return get_need(uow, viewer=viewer, need_id=need_id)


def delete_need(uow: UnitOfWork, *, viewer: Viewer, need_id: int) -> None:
    """Remove a need with its feedback and notes."""
    with uow:
        need = _load_editable(uow, viewer, need_id)
        uow.session.delete(need)
        uow.commit()


def check_matches_visible(uow: UnitOfWork, *, viewer: Viewer, need_id: int) -> None:
    """A need's matches are the owner's scouting work: its organization and organizers only.

    Startups may read an open call, but not which other startups it was matched to (NotFound).
    """
    with uow:
        owner = uow.session.scalar(select(Need.organization_id).where(Need.id == need_id))
        exists = uow.session.scalar(select(Need.id).where(Need.id == need_id)) is not None
    if not exists or not can_view_workspace(viewer, owner_organization_id=owner):
        raise NotFound(f"need {need_id} not found")
