"""Accounts, sign-in attempts, sessions and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kakehashi.domain.access import Role
from kakehashi.domain.accounts import AccountOrganization, UserInfo
from kakehashi.domain.organizations import OrganizationKind


@dataclass(frozen=True, slots=True)
class NewUser:
    """A user to store; the password is already hashed."""

    email: str
    password_hash: str
    display_name: str
    organization_id: int
    role: Role
    locale: str


@dataclass(frozen=True, slots=True)
class Credentials:
    """What sign-in needs to check a password: the user and their stored (argon2) hash."""

    user: UserInfo
    password_hash: str


@dataclass(frozen=True, slots=True)
class SignInFailures:
    """Failed sign-ins in a period: how many, from how many client addresses, and the latest one's time."""

    count: int = 0
    addresses: int = 0
    latest: datetime | None = None


class AccountsRepository(Protocol):
    """Accounts, sign-in attempts, sessions and the audit log."""

    # --- organizations people sign in for ---------------------------------------------------------------

    def find_organization(self, *, name_key: str, kind: OrganizationKind) -> AccountOrganization | None:
        """The oldest organization with this normalized name and kind."""
        ...

    def add_organization(self, *, name: str, name_key: str, kind: OrganizationKind) -> AccountOrganization:
        """A new (non-demo) organization, with its id."""
        ...

    def organization_names(self, *, kind: OrganizationKind, limit: int) -> list[str]:
        """Names of up to `limit` organizations of a kind, demo organizations first, then oldest first."""
        ...

    # --- users ------------------------------------------------------------------------------------------

    def add_user(self, user: NewUser) -> UserInfo:
        """Store a new, active user (session version 0)."""
        ...

    def get_user(self, user_id: int) -> UserInfo | None: ...

    def get_user_by_email(self, email: str) -> UserInfo | None:
        """The user with this (already normalized) e-mail address."""
        ...

    def existing_emails(self, emails: Iterable[str]) -> set[str]:
        """Those of the given (normalized) addresses that already belong to a user."""
        ...

    def credentials(self, email: str) -> Credentials | None:
        """The user with this (normalized) address and their password hash, for sign-in."""
        ...

    def list_users(self, *, organization_id: int | None = None) -> list[UserInfo]:
        """Users (of one organization, or all), ordered by organization name, then e-mail address."""
        ...

    def update_user(
        self,
        user_id: int,
        *,
        password_hash: str | None = None,
        locale: str | None = None,
        is_active: bool | None = None,
        session_version: int | None = None,
        last_login_at: datetime | None = None,
    ) -> UserInfo:
        """Change the given fields (None leaves a field as it is); the user must exist."""
        ...

    # --- sign-in attempts (throttling) ------------------------------------------------------------------

    def record_sign_in_attempt(self, *, email: str, ip: str, at: datetime, succeeded: bool) -> None: ...

    def last_successful_sign_in(self, email: str, *, ip: str | None = None) -> datetime | None:
        """When this address last signed in successfully (from client address `ip`, when given; timezone-aware
        UTC), or None."""
        ...

    def sign_in_failures(
        self, *, since: datetime, email: str | None = None, ip: str | None = None
    ) -> SignInFailures:
        """Failed attempts at or after `since` for this e-mail address and/or this client address."""
        ...
