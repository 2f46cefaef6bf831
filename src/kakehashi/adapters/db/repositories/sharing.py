"""SQLAlchemy implementation of services.repositories.sharing.SharingRepository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import Organization, OrganizerShare
from kakehashi.domain.accounts import AccountOrganization
from kakehashi.domain.organizations import OrganizationKind


def _organization(row: Organization) -> AccountOrganization:
    return AccountOrganization(id=row.id, name=row.name, kind=OrganizationKind(row.kind))


class SqlAlchemySharingRepository:
    """Organizer shares, one row per (organization, organizer organization)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def organization(self, organization_id: int) -> AccountOrganization | None:
        row = self.session.get(Organization, organization_id)
        return _organization(row) if row is not None else None

    def sharing_with(self, organizer_organization_id: int) -> frozenset[int]:
        ids = self.session.scalars(
            select(OrganizerShare.organization_id).where(
                OrganizerShare.organizer_organization_id == organizer_organization_id
            )
        )
        return frozenset(ids)

    def shared_with(self, organization_id: int) -> list[AccountOrganization]:
        rows = self.session.scalars(
            select(Organization)
            .join(OrganizerShare, OrganizerShare.organizer_organization_id == Organization.id)
            .where(OrganizerShare.organization_id == organization_id)
            .order_by(Organization.name, Organization.id)
        )
        return [_organization(row) for row in rows]

    def share(
        self, *, organization_id: int, organizer_organization_id: int, by_user_id: int | None, at: datetime
    ) -> None:
        if self.session.get(OrganizerShare, (organization_id, organizer_organization_id)) is not None:
            return
        self.session.add(
            OrganizerShare(
                organization_id=organization_id,
                organizer_organization_id=organizer_organization_id,
                created_by_user_id=by_user_id,
                created_at=at,
            )
        )
        self.session.flush()

    def unshare(self, *, organization_id: int, organizer_organization_id: int) -> bool:
        result = self.session.execute(
            delete(OrganizerShare).where(
                OrganizerShare.organization_id == organization_id,
                OrganizerShare.organizer_organization_id == organizer_organization_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))
