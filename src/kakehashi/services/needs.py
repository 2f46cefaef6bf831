"""Needs as the web app uses them: services.matching's use cases plus edit and delete, each view and
change written to the audit log, and matches kept to the owning organization and organizers."""

from __future__ import annotations

from sqlalchemy import select

from kakehashi.adapters.db.models import Need
from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.domain.access import Viewer, Visibility, can_edit_need, can_view_need, can_view_workspace
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.search import NeedConstraints, NeedSummary, SearchResults
from kakehashi.services import audit, matching
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
    ip: str | None = None,
) -> NeedSummary:
    """Change the given fields of a need (None leaves a field as it is); the change is logged."""
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
    audit.record(uow, viewer=viewer, action=AuditAction.UPDATE, entity_type="need", entity_id=need_id, ip=ip)
    return get_need(uow, viewer=viewer, need_id=need_id)


def delete_need(uow: UnitOfWork, *, viewer: Viewer, need_id: int, ip: str | None = None) -> None:
    """Remove a need with its feedback and notes; the deletion is logged."""
    with uow:
        need = _load_editable(uow, viewer, need_id)
        uow.session.delete(need)
        uow.commit()
    audit.record(uow, viewer=viewer, action=AuditAction.DELETE, entity_type="need", entity_id=need_id, ip=ip)


def may_see_matches(uow: UnitOfWork, *, viewer: Viewer, need_id: int) -> bool:
    """Whether the viewer may see the need's matches (its organization and organizers; not startups
    reading an open call)."""
    try:
        check_matches_visible(uow, viewer=viewer, need_id=need_id)
    except NotFound:
        return False
    return True


def check_matches_visible(uow: UnitOfWork, *, viewer: Viewer, need_id: int) -> None:
    """A need's matches are the owner's scouting work: its organization and organizers only.

    Startups may read an open call, but not which other startups it was matched to (NotFound).
    """
    with uow:
        owner = uow.session.scalar(select(Need.organization_id).where(Need.id == need_id))
        exists = uow.session.scalar(select(Need.id).where(Need.id == need_id)) is not None
    if not exists or not can_view_workspace(viewer, owner_organization_id=owner):
        raise NotFound(f"need {need_id} not found")


# --- audited use cases: what the API and the pages call, so every view and change of a need is logged ---


def create_need(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    title: str,
    description: str = "",
    language: str | None = None,
    visibility: str = Visibility.PRIVATE,
    sectors: list[str] | tuple[str, ...] = (),
    technologies: list[str] | tuple[str, ...] = (),
    constraints: NeedConstraints | None = None,
    ip: str | None = None,
) -> NeedSummary:
    """Record a need of the viewer's organization, and that they created it."""
    need = matching.create_need(
        uow,
        viewer=viewer,
        title=title,
        description=description,
        language=language,
        visibility=visibility,
        sectors=sectors,
        technologies=technologies,
        constraints=constraints,
    )
    audit.record(uow, viewer=viewer, action=AuditAction.CREATE, entity_type="need", entity_id=need.id, ip=ip)
    return need


def read_need(uow: UnitOfWork, *, viewer: Viewer, need_id: int, ip: str | None = None) -> NeedSummary:
    """One need (NotFound when the viewer may not know it exists); the view is logged."""
    need = get_need(uow, viewer=viewer, need_id=need_id)
    audit.record(uow, viewer=viewer, action=AuditAction.VIEW, entity_type="need", entity_id=need_id, ip=ip)
    return need


def need_matches(
    uow: UnitOfWork,
    engine: SearchEngine,
    *,
    viewer: Viewer,
    need_id: int,
    limit: int = 20,
    ip: str | None = None,
) -> SearchResults:
    """Ranked startups for a need, for its organization and organizers only; the view is logged."""
    check_matches_visible(uow, viewer=viewer, need_id=need_id)
    results = matching.match_need(uow, engine, viewer=viewer, need_id=need_id, limit=limit)
    audit.record(uow, viewer=viewer, action=AuditAction.VIEW, entity_type="need", entity_id=need_id, ip=ip)
    return results


def judge_match(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    need_id: int,
    organization_id: int,
    relevant: bool,
    ip: str | None = None,
) -> None:
    """Relevant / not relevant feedback on one match (re-ranks the need), logged as a change of the need."""
    matching.record_feedback(
        uow, viewer=viewer, need_id=need_id, organization_id=organization_id, relevant=relevant
    )
    audit.record(uow, viewer=viewer, action=AuditAction.UPDATE, entity_type="need", entity_id=need_id, ip=ip)
