"""Who may see what: tenants never see each other's needs, shortlists or notes."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from kakehashi.domain.organizations import OrganizationKind


class Role(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    MEMBER = "member"
    VIEWER = "viewer"


class Visibility(StrEnum):
    PRIVATE = "private"
    OPEN = "open"  # an open call (公募): startups may see and answer it


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in user as the rules see them."""

    user_id: int
    organization_id: int
    organization_kind: OrganizationKind
    role: Role
    session_version: int = 0  # tokens and sessions issued under an older version are void

    @property
    def is_organizer(self) -> bool:
        return self.organization_kind is OrganizationKind.ORGANIZER

    @property
    def can_write(self) -> bool:
        return self.role is not Role.VIEWER


NO_SHARES: frozenset[int] = frozenset()


def can_read_private_data(
    viewer: Viewer | None, *, owner_organization_id: int | None, shares: AbstractSet[int] = NO_SHARES
) -> bool:
    """THE organizer-scope rule, used by every service: an organization's private data (needs, shortlists,
    notes, pipeline, saved searches, meeting requests) is read by its own users, and by an organizer's users
    only when that organization shares it with their organizer organization.

    `shares` holds the ids of the organizations that share with the viewer's organization (the sharing
    repository's answer; empty for anyone who is not an organizer). Nobody else reads across tenants."""
    if viewer is None or owner_organization_id is None:
        return False
    if viewer.organization_id == owner_organization_id:
        return True
    return viewer.is_organizer and owner_organization_id in shares


def can_view_need(
    viewer: Viewer | None,
    *,
    owner_organization_id: int | None,
    visibility: str,
    shares: AbstractSet[int] = NO_SHARES,
) -> bool:
    """A private need is its organization's (and a sharing organizer's); an open call is published to
    startups and organizers."""
    if viewer is None:
        return False
    if can_read_private_data(viewer, owner_organization_id=owner_organization_id, shares=shares):
        return True
    return visibility == Visibility.OPEN and (
        viewer.organization_kind is OrganizationKind.STARTUP or viewer.is_organizer
    )


def can_create_need(viewer: Viewer | None) -> bool:
    """Needs (and open calls) are written by corporations and organizers; a startup answers them."""
    return (
        viewer is not None
        and viewer.can_write
        and viewer.organization_kind in (OrganizationKind.CORPORATION, OrganizationKind.ORGANIZER)
    )


def can_edit_need(viewer: Viewer | None, *, owner_organization_id: int | None) -> bool:
    """Only members (not viewers) of the owning organization change a need."""
    return viewer is not None and viewer.organization_id == owner_organization_id and viewer.can_write


def can_view_workspace(
    viewer: Viewer | None, *, owner_organization_id: int | None, shares: AbstractSet[int] = NO_SHARES
) -> bool:
    """Shortlists, notes and pipeline entries: the owning organization and organizers it shares with."""
    return can_read_private_data(viewer, owner_organization_id=owner_organization_id, shares=shares)


def can_edit_workspace(viewer: Viewer | None, *, owner_organization_id: int | None) -> bool:
    """Shortlists, notes, pipeline entries and saved searches change only by their organization's writers."""
    return viewer is not None and viewer.organization_id == owner_organization_id and viewer.can_write


def can_view_contact_request(
    viewer: Viewer | None,
    *,
    from_organization_id: int,
    to_organization_id: int,
    shares: AbstractSet[int] = NO_SHARES,
) -> bool:
    """A meeting request concerns its sender and its recipient (and an organizer either of them shares with)."""
    return any(
        can_read_private_data(viewer, owner_organization_id=org, shares=shares)
        for org in (from_organization_id, to_organization_id)
    )


def can_view_mission(
    viewer: Viewer | None,
    *,
    owner_organization_id: int | None,
    participant_organization_ids: Iterable[int | None],
) -> bool:
    """A mission is seen by the organizer organization that owns it and by the organizations taking part
    (invited organizers included); organizers do not see each other's missions."""
    if viewer is None:
        return False
    return viewer.organization_id == owner_organization_id or viewer.organization_id in set(
        participant_organization_ids
    )


def can_plan_mission(viewer: Viewer | None, *, owner_organization_id: int | None) -> bool:
    """Only writers of the organizer organization that owns a mission change or re-plan it."""
    return (
        viewer is not None
        and viewer.is_organizer
        and viewer.can_write
        and viewer.organization_id == owner_organization_id
    )


def can_resolve_identities(viewer: Viewer | None) -> bool:
    """Merging, splitting and reviewing catalogue records changes everyone's data: writers of an organizer
    organization and administrators only. The command line (no viewer) is the install's operator."""
    if viewer is None:
        return True
    return viewer.can_write and (viewer.is_organizer or viewer.role is Role.ADMIN)


@dataclass(frozen=True, slots=True)
class SystemActor:
    """The command line and background jobs acting as administrator: never built from a web request."""

    name: str = "system"


SYSTEM: Final = SystemActor()
