"""Organizer shares: which organizations let which organizer organization read their private data."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from kakehashi.domain.accounts import AccountOrganization


class SharingRepository(Protocol):
    """An organization's consents to organizers (the organizer scope reads nothing else across tenants)."""

    def organization(self, organization_id: int) -> AccountOrganization | None:
        """The organization with its kind, or None."""
        ...

    def sharing_with(self, organizer_organization_id: int) -> frozenset[int]:
        """Ids of the organizations that share their private data with this organizer organization."""
        ...

    def shared_with(self, organization_id: int) -> list[AccountOrganization]:
        """The organizer organizations this organization shares with, by name."""
        ...

    def share(
        self, *, organization_id: int, organizer_organization_id: int, by_user_id: int | None, at: datetime
    ) -> None:
        """Record the consent (sharing twice keeps the first record)."""
        ...

    def unshare(self, *, organization_id: int, organizer_organization_id: int) -> bool:
        """Withdraw the consent; False when there was none."""
        ...
