"""Accounts: create users (and their organization), sign in with throttling, and load the signed-in viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from kakehashi.adapters.db.models import LoginAttempt, Organization, User
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.accounts import (
    Locale,
    check_password_policy,
    normalize_email,
    parse_account_kind,
    parse_role,
)
from kakehashi.domain.errors import AuthenticationFailed, InvalidInput, NotFound, TooManyAttempts
from kakehashi.domain.organizations import OrganizationKind, normalize_name
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.settings import get_settings

# One message for every sign-in failure, so a caller cannot tell which emails have accounts.
BAD_CREDENTIALS = "wrong e-mail address or password"
MAX_DISPLAY_NAME = 200
# One address may fail more often than one account: colleagues behind an office NAT share it, so a
# few typos must not lock everyone out, while password spraying across accounts still stops.
IP_LIMIT_FACTOR = 4
MAX_ORG_NAME = 300


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as other layers see them (never the password hash)."""

    id: int
    email: str
    display_name: str
    organization_id: int
    organization_name: str
    organization_kind: OrganizationKind
    role: Role
    locale: str
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    session_version: int = 0

    @property
    def viewer(self) -> Viewer:
        return Viewer(
            user_id=self.id,
            organization_id=self.organization_id,
            organization_kind=self.organization_kind,
            role=self.role,
            session_version=self.session_version,
        )


@lru_cache(maxsize=1)
def password_hasher() -> PasswordHasher:
    """argon2id with the library's recommended parameters (RFC 9106 low-memory profile)."""
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return password_hasher().hash("kakehashi-timing-equaliser")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return password_hasher().hash(password)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _info(user: User, organization: Organization) -> UserInfo:
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


def find_or_create_organization(uow: UnitOfWork, *, name: str, kind: OrganizationKind) -> Organization:
    """The organization with this (normalized) name and kind; created when missing."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("the organization name is empty")
    if len(clean) > MAX_ORG_NAME:
        raise InvalidInput(f"the organization name must have at most {MAX_ORG_NAME} characters")
    key = normalize_name(clean) or clean.casefold()
    found = uow.session.scalars(
        select(Organization)
        .where(Organization.name_key == key, Organization.kind == kind.value)
        .order_by(Organization.id)
        .limit(1)
    ).first()
    if found is not None:
        return found
    organization = Organization(kind=kind.value, name=clean, name_key=key, is_demo=False)
    uow.session.add(organization)
    uow.session.flush()
    return organization


def add_user(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    org_name: str,
    org_kind: str | OrganizationKind,
    role: str | Role,
    display_name: str | None = None,
    locale: str = Locale.JA.value,
) -> UserInfo:
    """Create a user in the named organization (matched by normalized name + kind, created when missing)."""
    address = normalize_email(email)
    kind = parse_account_kind(str(org_kind))
    parsed_role = parse_role(str(role))
    if locale not in {item.value for item in Locale}:
        raise InvalidInput(f"locale must be ja or en, not {locale!r}")
    name = (display_name or "").strip() or address.split("@", 1)[0]
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"the display name must have at most {MAX_DISPLAY_NAME} characters")
    password_hash = hash_password(password)
    with uow:
        if uow.session.scalar(select(User.id).where(User.email == address)) is not None:
            raise InvalidInput(f"a user with the e-mail address {address} already exists")
        organization = find_or_create_organization(uow, name=org_name, kind=kind)
        user = User(
            email=address,
            password_hash=password_hash,
            display_name=name,
            organization_id=organization.id,
            role=parsed_role.value,
            locale=locale,
            is_active=True,
            session_version=0,
        )
        uow.session.add(user)
        uow.session.flush()
        info = _info(user, organization)
        uow.commit()
    return info


def _count_failures(uow: UnitOfWork, *, column: str, value: str, since: datetime) -> int:
    field = LoginAttempt.email if column == "email" else LoginAttempt.ip
    if column == "email":
        # A successful sign-in clears the email's earlier failures (the address keeps its own count).
        last_success = uow.session.scalar(
            select(func.max(LoginAttempt.at)).where(LoginAttempt.email == value, LoginAttempt.succeeded)
        )
        if last_success is not None:
            since = max(since, _aware(last_success))
    count = uow.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            field == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since
        )
    )
    return int(count or 0)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def authenticate(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    ip: str | None,
    max_failures: int | None = None,
    window_seconds: int | None = None,
    now: datetime | None = None,
) -> Viewer:
    """Check the password; records the attempt; TooManyAttempts once an email or address failed too often."""
    settings = get_settings()
    limit = max_failures if max_failures is not None else settings.login_max_failures
    window = window_seconds if window_seconds is not None else settings.login_window_seconds
    moment = _now(now)
    address = (email or "").strip().lower()[:320]
    client = (ip or "")[:64]
    with uow:
        since = moment - timedelta(seconds=window)
        too_many = _count_failures(uow, column="email", value=address, since=since) >= limit or (
            bool(client)
            and _count_failures(uow, column="ip", value=client, since=since) >= limit * IP_LIMIT_FACTOR
        )
        if too_many:
            raise TooManyAttempts(f"too many failed sign-ins; try again in {max(1, window // 60)} minutes")
        user = uow.session.scalar(select(User).where(User.email == address)) if address else None
        ok = False
        if user is None:
            # Prevent timing attacks by verifying a password even for unknown users.
            _verify(_dummy_hash(), password)
        else:
            ok = _verify(user.password_hash, password) and user.is_active
        uow.session.add(LoginAttempt(email=address, ip=client, at=moment, succeeded=ok))
        if not ok or user is None:
            uow.commit()
            raise AuthenticationFailed(BAD_CREDENTIALS)
        if password_hasher().check_needs_rehash(user.password_hash):
            user.password_hash = password_hasher().hash(password)
        user.last_login_at = moment
        organization = uow.session.get(Organization, user.organization_id)
        assert organization is not None  # foreign key
        viewer = _info(user, organization).viewer
        uow.commit()
    return viewer


def _verify(password_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def viewer_for_user(uow: UnitOfWork, *, user_id: int, session_version: int | None = None) -> Viewer:
    """The Viewer of an active user (from a verified token or session); AuthenticationFailed otherwise,
    also when the token was issued before the password changed (`session_version` is older)."""
    viewer = get_user(uow, user_id=user_id, active_only=True).viewer
    if session_version is not None and session_version != viewer.session_version:
        raise AuthenticationFailed("your session has ended; please sign in again")
    return viewer


def get_user(uow: UnitOfWork, *, user_id: int, active_only: bool = False) -> UserInfo:
    with uow:
        row = uow.session.execute(
            select(User, Organization)
            .join(Organization, Organization.id == User.organization_id)
            .where(User.id == user_id)
        ).first()
        # Built inside the unit of work: leaving it rolls back, which expires the loaded rows.
        info = _info(row[0], row[1]) if row is not None else None
    if info is None or (active_only and not info.is_active):
        if active_only:
            raise AuthenticationFailed("your session has ended; please sign in again")
        raise NotFound(f"no user with id {user_id}")
    return info


def list_users(uow: UnitOfWork, *, organization_id: int | None = None) -> list[UserInfo]:
    with uow:
        query = select(User, Organization).join(Organization, Organization.id == User.organization_id)
        if organization_id is not None:
            query = query.where(User.organization_id == organization_id)
        rows = uow.session.execute(query.order_by(Organization.name, User.email)).all()
        return [_info(user, organization) for user, organization in rows]


def set_locale(uow: UnitOfWork, *, viewer: Viewer, locale: str) -> None:
    """Remember the signed-in user's language (ja | en)."""
    if locale not in {item.value for item in Locale}:
        raise InvalidInput(f"locale must be ja or en, not {locale!r}")
    with uow:
        user = uow.session.get(User, viewer.user_id)
        if user is None:
            raise NotFound("no such user")
        user.locale = locale
        uow.commit()


def set_active(uow: UnitOfWork, *, email: str, active: bool) -> UserInfo:
    """Deactivate (or reactivate) an account; its sessions and tokens stop working at once."""
    address = normalize_email(email)
    with uow:
        user = uow.session.scalar(select(User).where(User.email == address))
        if user is None:
            raise NotFound(f"no user with the e-mail address {address}")
        if user.is_active and not active:
            user.session_version = (user.session_version or 0) + 1
        user.is_active = active
        organization = uow.session.get(Organization, user.organization_id)
        assert organization is not None
        info = _info(user, organization)
        uow.commit()
    return info


def set_password(uow: UnitOfWork, *, email: str, password: str) -> UserInfo:
    """Replace a user's password (administrators; the new one must meet the same policy)."""
    address = normalize_email(email)
    password_hash = hash_password(password)
    with uow:
        user = uow.session.scalar(select(User).where(User.email == address))
        if user is None:
            raise NotFound(f"no user with the e-mail address {address}")
        user.password_hash = password_hash
        user.session_version = (user.session_version or 0) + 1  # sign out every device
        organization = uow.session.get(Organization, user.organization_id)
        assert organization is not None
        info = _info(user, organization)
        uow.commit()
    return info
