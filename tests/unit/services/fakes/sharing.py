"""In-memory organizer shares for service unit tests."""

from __future__ import annotations

from datetime import datetime

from kakehashi.domain.accounts import AccountOrganization
from kakehashi.domain.organizations import OrganizationKind


class FakeSharingRepository:
    def __init__(self) -> None:
        self.organizations: dict[int, AccountOrganization] = {}
        self.shares: set[tuple[int, int]] = set()  # (organization, organizer organization)

    def add_organization(self, organization_id: int, kind: str, name: str = "") -> None:
        self.organizations[organization_id] = AccountOrganization(
            id=organization_id, name=name or f"org {organization_id}", kind=OrganizationKind(kind)
        )

    def organization(self, organization_id: int) -> AccountOrganization | None:
        return self.organizations.get(organization_id)

    def sharing_with(self, organizer_organization_id: int) -> frozenset[int]:
        return frozenset(org for org, organizer in self.shares if organizer == organizer_organization_id)

    def shared_with(self, organization_id: int) -> list[AccountOrganization]:
        found = [self.organizations[o] for org, o in self.shares if org == organization_id]
        return sorted(found, key=lambda o: (o.name, o.id))

    def share(
        self, *, organization_id: int, organizer_organization_id: int, by_user_id: int | None, at: datetime
    ) -> None:
        self.shares.add((organization_id, organizer_organization_id))

    def unshare(self, *, organization_id: int, organizer_organization_id: int) -> bool:
        pair = (organization_id, organizer_organization_id)
        if pair not in self.shares:
            return False
        self.shares.discard(pair)
        return True
