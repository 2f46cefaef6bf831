"""Writing, listing, reading, changing and deleting needs; every view and change is audited."""

from __future__ import annotations

from dataclasses import replace

from kakehashi.adapters.search.analyzers import detect_language
from kakehashi.domain.access import SystemActor, Viewer, Visibility, can_create_need
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.search import NeedConstraints, NeedSummary
from kakehashi.services.needs.access import (
    Actor,
    load_editable,
    load_visible,
    log,
    scope_for,
    user_id_of,
)
from kakehashi.services.unit_of_work import UnitOfWork

TITLE_MAX = 300
LANGUAGES = ("ja", "en")


def _clean_title(title: str) -> str:
    clean = " ".join((title or "").split())
    if not clean:
        raise InvalidInput("a need needs a title")
    if len(clean) > TITLE_MAX:
        raise InvalidInput("the title is longer than 300 characters; put the details in the description")
    return clean


def _check_visibility(visibility: str) -> str:
    if visibility not in (Visibility.PRIVATE, Visibility.OPEN):
        raise InvalidInput("visibility must be 'private' or 'open'")
    return str(visibility)


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput("language must be 'ja' or 'en'")
    return language


def _clean_list(values: list[str] | tuple[str, ...] | None) -> list[str]:
    return sorted({v.strip().lower() for v in values or () if v and v.strip()})


def create_need(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    title: str,
    description: str = "",
    language: str | None = None,
    visibility: str = Visibility.PRIVATE,
    sectors: list[str] | tuple[str, ...] = (),
    technologies: list[str] | tuple[str, ...] = (),
    constraints: NeedConstraints | None = None,
    organization_id: int | None = None,
    ip: str | None = None,
) -> NeedSummary:
    """Record a need of the viewer's organization (the system actor may name any organization), and that
    they created it."""
    title = _clean_title(title)
    visibility = _check_visibility(visibility)
    language = _check_language((language or detect_language(f"{title} {description}")).lower())
    constraints = (constraints or NeedConstraints()).check()
    if isinstance(viewer, SystemActor):
        owner = organization_id
    elif viewer is None or not viewer.can_write:
        raise PermissionDenied("sign in with an account that may write to create a need")
    elif not can_create_need(viewer):
        raise PermissionDenied("only corporations and organizers write needs; a startup answers open calls")
    else:
        owner = viewer.organization_id
    with uow:
        if owner is not None and not uow.needs.organization_exists(owner):
            raise NotFound("organization {organization_id} not found", organization_id=owner)
        need = uow.needs.add(
            organization_id=owner,
            created_by_user_id=user_id_of(viewer),
            title=title,
            description=(description or "").strip(),
            language=language,
            visibility=visibility,
            sectors=_clean_list(sectors),
            technologies=_clean_list(technologies),
            constraints=constraints.to_dict(),
        )
        log(uow, viewer, AuditAction.CREATE, need.id, ip)
        uow.commit()
    return need


def list_needs(
    uow: UnitOfWork, *, viewer: Actor, limit: int = 50, offset: int = 0
) -> tuple[list[NeedSummary], int]:
    """The needs this viewer may see, newest first, and how many there are in all (a list is not a view
    of any one need, so it is not audited)."""
    limit = max(1, min(int(limit), 500))
    with uow:
        return uow.needs.in_scope(scope_for(uow, viewer), limit=limit, offset=max(0, offset))


def read_need(uow: UnitOfWork, *, viewer: Actor, need_id: int, ip: str | None = None) -> NeedSummary:
    """One need (NotFound when the viewer may not know it exists); the view is logged."""
    with uow:
        need = load_visible(uow, viewer, need_id)
        log(uow, viewer, AuditAction.VIEW, need_id, ip)
        uow.commit()
    return need


def update_need(
    uow: UnitOfWork,
    *,
    viewer: Viewer | SystemActor,
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
        need = load_editable(uow, viewer, need_id)
        if title is not None:
            need = replace(need, title=_clean_title(title))
        if description is not None:
            need = replace(need, description=description.strip())
        if language is not None:
            need = replace(need, language=_check_language(language))
        if visibility is not None:
            need = replace(need, visibility=_check_visibility(visibility))
        if sectors is not None:
            need = replace(need, sectors=_clean_list(sectors))
        if technologies is not None:
            need = replace(need, technologies=_clean_list(technologies))
        if constraints is not None:
            need = replace(need, constraints=constraints.check().to_dict())
        uow.needs.save(need)
        log(uow, viewer, AuditAction.UPDATE, need_id, ip)
        uow.commit()
    return need


def delete_need(
    uow: UnitOfWork, *, viewer: Viewer | SystemActor, need_id: int, ip: str | None = None
) -> None:
    """Remove a need with its feedback and notes; the deletion is logged."""
    with uow:
        load_editable(uow, viewer, need_id)
        uow.needs.delete(need_id)
        log(uow, viewer, AuditAction.DELETE, need_id, ip)
        uow.commit()
