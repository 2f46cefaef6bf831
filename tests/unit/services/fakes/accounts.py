"""In-memory stand-in for services.repositories.accounts (service unit tests only)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kakehashi.domain.access import Role
from kakehashi.domain.accounts import AccountOrganization, UserInfo
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.repositories.accounts import Credentials, NewUser, SignInFailures


@dataclass
class _Organization:
    id: int
    name: str
    name_key: str
    kind: OrganizationKind
    is_demo: bool = False


@dataclass
class _User:
    id: int
    email: str
    password_hash: str
    display_name: str
    organization_id: int
    role: Role
    locale: str
    is_active: bool = True
    session_version: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    last_login_at: datetime | None = None


@dataclass(frozen=True)
class SignInAttempt:
    email: str
    ip: str
    at: datetime
    succeeded: bool


class FakeAccountsRepository:
    """Keeps organizations, users and sign-in attempts in dicts and lists."""

    def __init__(self) -> None:
        self.organizations: dict[int, _Organization] = {}
        self.users: dict[int, _User] = {}
        self.attempts: list[SignInAttempt] = []

    # --- test set-up helpers (not part of the protocol) --------------------------------------------------

    def seed_organization(
        self, name: str, kind: OrganizationKind, *, name_key: str | None = None, is_demo: bool = False
    ) -> int:
        """A catalogue organization as if imported, e.g. a demo corporation."""
        organization_id = len(self.organizations) + 1
        self.organizations[organization_id] = _Organization(
            organization_id, name, name_key or name.casefold(), kind, is_demo
        )
        return organization_id

    def password_hash_of(self, email: str) -> str:
        return next(u.password_hash for u in self.users.values() if u.email == email)

    # --- organizations -----------------------------------------------------------------------------------

    def find_organization(self, *, name_key: str, kind: OrganizationKind) -> AccountOrganization | None:
        for organization in sorted(self.organizations.values(), key=lambda o: o.id):
            if organization.name_key == name_key and organization.kind is kind:
                return AccountOrganization(organization.id, organization.name, organization.kind)
        return None

    def add_organization(self, *, name: str, name_key: str, kind: OrganizationKind) -> AccountOrganization:
        organization_id = self.seed_organization(name, kind, name_key=name_key)
        return AccountOrganization(organization_id, name, kind)

    def organization_names(self, *, kind: OrganizationKind, limit: int) -> list[str]:
        of_kind = [o for o in self.organizations.values() if o.kind is kind]
        of_kind.sort(key=lambda o: (not o.is_demo, o.id))
        return [o.name for o in of_kind[:limit]]

    # --- users -------------------------------------------------------------------------------------------

    def _info(self, user: _User) -> UserInfo:
        organization = self.organizations[user.organization_id]
        return UserInfo(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            organization_id=organization.id,
            organization_name=organization.name,
            organization_kind=organization.kind,
            role=user.role,
            locale=user.locale,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
            session_version=user.session_version,
        )

    def add_user(self, user: NewUser) -> UserInfo:
        if user.organization_id not in self.organizations:
            raise AssertionError("foreign key: no such organization")
        if any(u.email == user.email for u in self.users.values()):
            raise AssertionError("unique e-mail address violated")
        user_id = len(self.users) + 1
        self.users[user_id] = _User(
            id=user_id,
            email=user.email,
            password_hash=user.password_hash,
            display_name=user.display_name,
            organization_id=user.organization_id,
            role=user.role,
            locale=user.locale,
        )
        return self._info(self.users[user_id])

    def get_user(self, user_id: int) -> UserInfo | None:
        user = self.users.get(user_id)
        return self._info(user) if user is not None else None

    def get_user_by_email(self, email: str) -> UserInfo | None:
        return next((self._info(u) for u in self.users.values() if u.email == email), None)

    def existing_emails(self, emails: Iterable[str]) -> set[str]:
        known = {u.email for u in self.users.values()}
        return {e for e in emails if e in known}

    def credentials(self, email: str) -> Credentials | None:
        user = next((u for u in self.users.values() if u.email == email), None)
        return Credentials(self._info(user), user.password_hash) if user is not None else None

    def list_users(self, *, organization_id: int | None = None) -> list[UserInfo]:
        infos = [self._info(u) for u in self.users.values()]
        if organization_id is not None:
            infos = [i for i in infos if i.organization_id == organization_id]
        return sorted(infos, key=lambda i: (i.organization_name, i.email))

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
        user = self.users[user_id]
        changes = {
            "password_hash": password_hash,
            "locale": locale,
            "is_active": is_active,
            "session_version": session_version,
            "last_login_at": last_login_at,
        }
        self.users[user_id] = dataclasses.replace(user, **{k: v for k, v in changes.items() if v is not None})
        return self._info(self.users[user_id])

    # --- sign-in attempts --------------------------------------------------------------------------------

    def record_sign_in_attempt(self, *, email: str, ip: str, at: datetime, succeeded: bool) -> None:
        self.attempts.append(SignInAttempt(email, ip, at, succeeded))

    def last_successful_sign_in(self, email: str, *, ip: str | None = None) -> datetime | None:
        return max(
            (a.at for a in self.attempts if a.email == email and a.succeeded and (ip is None or a.ip == ip)),
            default=None,
        )

    def sign_in_failures(
        self, *, since: datetime, email: str | None = None, ip: str | None = None
    ) -> SignInFailures:
        failed = [
            a
            for a in self.attempts
            if not a.succeeded
            and a.at >= since
            and (email is None or a.email == email)
            and (ip is None or a.ip == ip)
        ]
        return SignInFailures(
            count=len(failed),
            addresses=len({a.ip for a in failed}),
            latest=max((a.at for a in failed), default=None),
        )
