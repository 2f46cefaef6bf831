"""The organizer scope's consents: an organization shares its private data with an organizer organization
(e.g. the agency whose mission it joins) and can withdraw that at any time.

`shares_of` is what every other service passes to the rules in domain.access; it reads nothing for a
viewer who is not an organizer."""

from __future__ import annotations

from datetime import UTC, datetime

from kakehashi.domain.access import NO_SHARES, Role, Viewer
from kakehashi.domain.accounts import AccountOrganization
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.unit_of_work import UnitOfWork


def shares_of(uow: UnitOfWork, viewer: Viewer | None) -> frozenset[int]:
    """Ids of the organizations sharing their private data with the viewer's organizer organization (empty
    for everyone else). Call inside an open unit of work."""
    if viewer is None or not viewer.is_organizer:
        return NO_SHARES
    return uow.sharing.sharing_with(viewer.organization_id)


def _organizer(uow: UnitOfWork, organizer_organization_id: int) -> AccountOrganization:
    organizer = uow.sharing.organization(organizer_organization_id)
    if organizer is None or organizer.kind is not OrganizationKind.ORGANIZER:
        raise NotFound(
            "no organizer organization with id {organization_id}", organization_id=organizer_organization_id
        )
    return organizer


def _check_admin(viewer: Viewer) -> None:
    if viewer.role is not Role.ADMIN or viewer.is_organizer:
        raise PermissionDenied(
            "only an administrator of your organization may share its data with an organizer"
        )


def list_shared_organizers(uow: UnitOfWork, *, viewer: Viewer) -> list[AccountOrganization]:
    """The organizer organizations the viewer's organization shares its private data with."""
    with uow:
        return uow.sharing.shared_with(viewer.organization_id)


def share_with_organizer(
    uow: UnitOfWork, *, viewer: Viewer, organizer_organization_id: int
) -> AccountOrganization:
    """The viewer's organization (an administrator acting) lets one organizer read its private data."""
    _check_admin(viewer)
    with uow:
        organizer = _organizer(uow, organizer_organization_id)
        uow.sharing.share(
            organization_id=viewer.organization_id,
            organizer_organization_id=organizer.id,
            by_user_id=viewer.user_id,
            at=datetime.now(UTC),
        )
        uow.commit()
        return organizer


def stop_sharing(uow: UnitOfWork, *, viewer: Viewer, organizer_organization_id: int) -> None:
    """Withdraw the consent: the organizer no longer reads anything private of the viewer's organization."""
    _check_admin(viewer)
    with uow:
        if not uow.sharing.unshare(
            organization_id=viewer.organization_id, organizer_organization_id=organizer_organization_id
        ):
            raise NotFound(
                "your organization does not share its data with organization {organization_id}",
                organization_id=organizer_organization_id,
            )
        uow.commit()


def set_sharing(
    uow: UnitOfWork, *, organization_id: int, organizer_organization_id: int, shared: bool
) -> bool:
    """The command line (an administrator of the install): record or withdraw a share given by an
    organization. Returns whether anything changed."""
    with uow:
        organization = uow.sharing.organization(organization_id)
        if organization is None:
            raise NotFound("no organization with id {organization_id}", organization_id=organization_id)
        if organization.kind is OrganizationKind.ORGANIZER:
            raise InvalidInput("an organizer organization does not share its data with another organizer")
        _organizer(uow, organizer_organization_id)
        if shared:
            already = organization_id in uow.sharing.sharing_with(organizer_organization_id)
            uow.sharing.share(
                organization_id=organization_id,
                organizer_organization_id=organizer_organization_id,
                by_user_id=None,
                at=datetime.now(UTC),
            )
            changed = not already
        else:
            changed = uow.sharing.unshare(
                organization_id=organization_id, organizer_organization_id=organizer_organization_id
            )
        uow.commit()
        return changed
