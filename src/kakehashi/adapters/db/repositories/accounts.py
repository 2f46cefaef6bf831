"""SQLAlchemy implementation of services.repositories.accounts.AccountsRepository."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import LoginAttempt, Organization, User
from kakehashi.domain.access import Role
from kakehashi.domain.accounts import AccountOrganization, UserInfo
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.repositories.accounts import Credentials, NewUser, SignInFailures


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _organization(row: Organization) -> AccountOrganization:
    return AccountOrganization(id=row.id, name=row.name, kind=OrganizationKind(row.kind))


def _user(user: User, organization: Organization) -> UserInfo:
    return UserInfo(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=organization.id,
        organization_name=organization.name,
        organization_kind=OrganizationKind(organization.kind),
        role=Role(user.role),
        locale=user.locale,
        is_active=user.is_active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        session_version=user.session_version or 0,
    )


def _with_organization() -> Select[User, Organization]:
    return select(User, Organization).join(Organization, Organization.id == User.organization_id)


class SqlAlchemyAccountsRepository:
    """Accounts, sign-in attempts, sessions and the audit log."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- organizations ------------------------------------------------------------------------------------

    def find_organization(self, *, name_key: str, kind: OrganizationKind) -> AccountOrganization | None:
        found = self.session.scalars(
            select(Organization)
            .where(Organization.name_key == name_key, Organization.kind == kind.value)
            .order_by(Organization.id)
            .limit(1)
        ).first()
        return _organization(found) if found is not None else None

    def add_organization(self, *, name: str, name_key: str, kind: OrganizationKind) -> AccountOrganization:
        organization = Organization(kind=kind.value, name=name, name_key=name_key, is_demo=False)
        self.session.add(organization)
        self.session.flush()
        return _organization(organization)

    def organization_names(self, *, kind: OrganizationKind, limit: int) -> list[str]:
        return list(
            self.session.scalars(
                select(Organization.name)
                .where(Organization.kind == kind.value)
                .order_by(Organization.is_demo.desc(), Organization.id)
                .limit(limit)
            )
        )

    # --- users --------------------------------------------------------------------------------------------

    def add_user(self, user: NewUser) -> UserInfo:
        row = User(
            email=user.email,
            password_hash=user.password_hash,
            display_name=user.display_name,
            organization_id=user.organization_id,
            role=user.role.value,
            locale=user.locale,
            is_active=True,
            session_version=0,
        )
        self.session.add(row)
        self.session.flush()
        organization = self.session.get(Organization, user.organization_id)
        assert organization is not None  # foreign key
        return _user(row, organization)

    def _one(self, *conditions: Any) -> tuple[User, Organization] | None:
        row = self.session.execute(_with_organization().where(*conditions)).first()
        if row is None:
            return None
        user, organization = row
        return user, organization

    def get_user(self, user_id: int) -> UserInfo | None:
        found = self._one(User.id == user_id)
        return _user(*found) if found is not None else None

    def get_user_by_email(self, email: str) -> UserInfo | None:
        found = self._one(User.email == email)
        return _user(*found) if found is not None else None

    def existing_emails(self, emails: Iterable[str]) -> set[str]:
        wanted = list(emails)
        if not wanted:
            return set()
        return set(self.session.scalars(select(User.email).where(User.email.in_(wanted))))

    def credentials(self, email: str) -> Credentials | None:
        found = self._one(User.email == email)
        if found is None:
            return None
        return Credentials(user=_user(*found), password_hash=found[0].password_hash)

    def list_users(self, *, organization_id: int | None = None) -> list[UserInfo]:
        query = _with_organization()
        if organization_id is not None:
            query = query.where(User.organization_id == organization_id)
        rows = self.session.execute(query.order_by(Organization.name, User.email)).all()
        return [_user(user, organization) for user, organization in rows]

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
        found = self._one(User.id == user_id)
        if found is None:
            raise LookupError(f"no user {user_id}")  # a programming error: services look the user up first
        user, organization = found
        if password_hash is not None:
            user.password_hash = password_hash
        if locale is not None:
            user.locale = locale
        if is_active is not None:
            user.is_active = is_active
        if session_version is not None:
            user.session_version = session_version
        if last_login_at is not None:
            user.last_login_at = last_login_at
        self.session.flush()
        return _user(user, organization)

    # --- sign-in attempts ---------------------------------------------------------------------------------

    def record_sign_in_attempt(self, *, email: str, ip: str, at: datetime, succeeded: bool) -> None:
        self.session.add(LoginAttempt(email=email, ip=ip, at=at, succeeded=succeeded))
        self.session.flush()

    def last_successful_sign_in(self, email: str, *, ip: str | None = None) -> datetime | None:
        query = select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.succeeded)
        if ip is not None:
            query = query.where(LoginAttempt.ip == ip)
        moment = self.session.scalar(query)
        return _aware(moment) if moment is not None else None

    def sign_in_failures(
        self, *, since: datetime, email: str | None = None, ip: str | None = None
    ) -> SignInFailures:
        query = select(
            func.count(LoginAttempt.id), func.count(distinct(LoginAttempt.ip)), func.max(LoginAttempt.at)
        ).where(LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
        if email is not None:
            query = query.where(LoginAttempt.email == email)
        if ip is not None:
            query = query.where(LoginAttempt.ip == ip)
        count, addresses, latest = self.session.execute(query).one()
        return SignInFailures(
            count=int(count or 0),
            addresses=int(addresses or 0),
            latest=_aware(latest) if latest is not None else None,
        )
