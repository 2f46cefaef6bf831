"""Who may see what: tenants never see each other's needs, shortlists or notes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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


def can_view_need(viewer: Viewer | None, *, owner_organization_id: int | None, visibility: str) -> bool:
    """A private need is visible to its organization and to organizers; an open call to startups too."""
    if viewer is None:
        return False
    if viewer.organization_id == owner_organization_id or viewer.is_organizer:
        return True
    return visibility == Visibility.OPEN and viewer.organization_kind is OrganizationKind.STARTUP


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


def can_view_workspace(viewer: Viewer | None, *, owner_organization_id: int | None) -> bool:
    """Shortlists, notes and pipeline entries: the owning organization and organizers only."""
    if viewer is None:
        return False
    return viewer.organization_id == owner_organization_id or viewer.is_organizer


def can_edit_workspace(viewer: Viewer | None, *, owner_organization_id: int | None) -> bool:
    """Shortlists, notes, pipeline entries and saved searches change only by their organization's writers."""
    return viewer is not None and viewer.organization_id == owner_organization_id and viewer.can_write


def can_view_contact_request(
    viewer: Viewer | None, *, from_organization_id: int, to_organization_id: int
) -> bool:
    """A meeting request concerns its sender and its recipient (and the organizers who broker missions)."""
    if viewer is None:
        return False
    return viewer.is_organizer or viewer.organization_id in (from_organization_id, to_organization_id)
