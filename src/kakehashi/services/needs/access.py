"""Who may see, change and match a need, and the audit entry every view and change of one leaves."""

from __future__ import annotations

from kakehashi.domain.access import (
    NO_SHARES,
    SystemActor,
    Viewer,
    can_edit_need,
    can_view_need,
    can_view_workspace,
)
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedSummary
from kakehashi.services import audit
from kakehashi.services.repositories.needs import NeedScope
from kakehashi.services.sharing import shares_of
from kakehashi.services.unit_of_work import UnitOfWork

Actor = Viewer | SystemActor | None  # None is an anonymous visitor: sees no need at all


def _shares(uow: UnitOfWork, actor: Actor) -> frozenset[int]:
    return shares_of(uow, actor) if isinstance(actor, Viewer) else NO_SHARES


def may_view(uow: UnitOfWork, actor: Actor, need: NeedSummary) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return can_view_need(
        actor,
        owner_organization_id=need.organization_id,
        visibility=need.visibility,
        shares=_shares(uow, actor),
    )


def may_edit(actor: Actor, need: NeedSummary) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return can_edit_need(actor, owner_organization_id=need.organization_id)


def may_see_matches(uow: UnitOfWork, actor: Actor, need: NeedSummary) -> bool:
    """A need's matches are the owner's scouting work: its organization and the organizers it shares with
    (a startup may read an open call, not which other startups it was matched to)."""
    if isinstance(actor, SystemActor):
        return True
    return can_view_workspace(actor, owner_organization_id=need.organization_id, shares=_shares(uow, actor))


def scope_for(uow: UnitOfWork, actor: Actor) -> NeedScope:
    """The needs an actor may list (domain.access.can_view_need as a query): its organization's; open calls
    for startups and organizers; for organizers also the needs of the organizations sharing with them; all
    for the command line. Call inside an open unit of work."""
    if isinstance(actor, SystemActor):
        return NeedScope(everything=True)
    if actor is None:
        return NeedScope()
    return NeedScope(
        organization_id=actor.organization_id,
        open_calls=actor.organization_kind is OrganizationKind.STARTUP or actor.is_organizer,
        shared_organization_ids=_shares(uow, actor),
    )


def load_visible(uow: UnitOfWork, actor: Actor, need_id: int) -> NeedSummary:
    """The need, or NotFound also when it exists but the actor may not know about it."""
    need = uow.needs.get(need_id)
    if need is None or not may_view(uow, actor, need):
        raise NotFound("need {need_id} not found", need_id=need_id)
    return need


def load_editable(uow: UnitOfWork, actor: Actor, need_id: int) -> NeedSummary:
    need = load_visible(uow, actor, need_id)
    if not may_edit(actor, need):
        raise PermissionDenied("only members of the organization that owns this need may change it")
    return need


def user_id_of(actor: Actor) -> int | None:
    return actor.user_id if isinstance(actor, Viewer) else None


def log(uow: UnitOfWork, actor: Actor, action: AuditAction, need_id: int, ip: str | None) -> None:
    """Write the audit entry inside the open unit of work, so it commits together with what it records."""
    viewer = actor if isinstance(actor, Viewer) else None  # the command line acts as no user
    audit.append(uow, viewer=viewer, action=action, entity_type="need", entity_id=need_id, ip=ip)
