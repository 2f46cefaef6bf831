"""Accounts: create users (and their organization), sign in with throttling, and load the signed-in viewer."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.accounts import (
    AccountOrganization,
    Locale,
    UserInfo,
    check_password_policy,
    normalize_email,
    parse_account_kind,
    parse_role,
)
from kakehashi.domain.errors import AuthenticationFailed, InvalidInput, NotFound, TooManyAttempts
from kakehashi.domain.organizations import OrganizationKind, normalize_name
from kakehashi.services.repositories.accounts import NewUser, SignInFailures
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.settings import Settings, get_settings

__all__ = [
    "IP_LIMIT_FACTOR",
    "Throttle",
    "UserInfo",
    "add_user",
    "authenticate",
    "delay_after",
    "find_or_create_organization",
    "get_user",
    "hash_password",
    "list_users",
    "password_hasher",
    "set_active",
    "set_locale",
    "set_password",
    "sign_in",
    "sign_out",
    "viewer_for_user",
]

MAX_DISPLAY_NAME = 200
# One address may fail more often than one account: colleagues behind an office NAT share it, so a
# few typos must not lock everyone out, while password spraying across accounts still stops.
IP_LIMIT_FACTOR = 4
# An address this e-mail signed in from within this many days is its owner's usual place: exempt from the
# e-mail-wide delay that distributed guessing triggers (the per-address delays still apply).
KNOWN_ADDRESS_DAYS = 30
MAX_ORG_NAME = 300


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


def _check_locale(locale: str) -> None:
    if locale not in {item.value for item in Locale}:
        raise InvalidInput("locale must be ja or en, not {locale!r}", locale=locale)


def find_or_create_organization(uow: UnitOfWork, *, name: str, kind: OrganizationKind) -> AccountOrganization:
    """The organization with this (normalized) name and kind; created when missing (inside an open `uow`)."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("the organization name is empty")
    if len(clean) > MAX_ORG_NAME:
        raise InvalidInput("the organization name must have at most {limit} characters", limit=MAX_ORG_NAME)
    key = normalize_name(clean) or clean.casefold()
    found = uow.accounts.find_organization(name_key=key, kind=kind)
    if found is not None:
        return found
    return uow.accounts.add_organization(name=clean, name_key=key, kind=kind)


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
    if parsed_role is Role.ORGANIZER and kind is not OrganizationKind.ORGANIZER:
        # The organizer role means "runs missions for others": a corporation or startup user never has it.
        raise InvalidInput(
            "the role organizer is only for users of an organizer organization, not of a {kind}",
            kind=kind.value,
        )
    _check_locale(locale)
    name = (display_name or "").strip() or address.split("@", 1)[0]
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput("the display name must have at most {limit} characters", limit=MAX_DISPLAY_NAME)
    password_hash = hash_password(password)
    with uow:
        if uow.accounts.existing_emails([address]):
            raise InvalidInput("a user with the e-mail address {email} already exists", email=address)
        organization = find_or_create_organization(uow, name=org_name, kind=kind)
        info = uow.accounts.add_user(
            NewUser(
                email=address,
                password_hash=password_hash,
                display_name=name,
                organization_id=organization.id,
                role=parsed_role,
                locale=locale,
            )
        )
        uow.search_changes.record([organization.id])  # a new organization is searchable in every worker
        uow.commit()
    return info


@dataclass(frozen=True, slots=True)
class Throttle:
    """How sign-in failures slow down further attempts (see `sign_in`); the values come from Settings."""

    max_failures: int = 5
    window_seconds: int = 3600
    delay_seconds: int = 60
    max_delay_seconds: int = 900

    @classmethod
    def of(cls, settings: Settings) -> Throttle:
        """The throttle the settings ask for (KAKEHASHI_LOGIN_*)."""
        return cls(
            max_failures=settings.login_max_failures,
            window_seconds=settings.login_window_seconds,
            delay_seconds=settings.login_delay_seconds,
            max_delay_seconds=settings.login_delay_max_seconds,
        )


def _throttle(throttle: Throttle | None, max_failures: int | None, window_seconds: int | None) -> Throttle:
    base = throttle or Throttle.of(get_settings())
    return replace(
        base,
        max_failures=max_failures if max_failures is not None else base.max_failures,
        window_seconds=window_seconds if window_seconds is not None else base.window_seconds,
    )


def delay_after(failures: int, *, free: int, throttle: Throttle) -> int:
    """Seconds to wait after the latest of `failures`: none while fewer than `free`, delay_seconds once
    there are `free`, doubling with each further failure, never more than max_delay_seconds."""
    if failures < free:
        return 0
    doublings = min(failures - free, 32)  # 2**32 seconds is far past any cap
    return int(min(throttle.max_delay_seconds, throttle.delay_seconds * 2**doublings))


def _wait(failures: SignInFailures, count: int, *, free: int, throttle: Throttle, moment: datetime) -> float:
    if failures.latest is None:
        return 0.0
    until = failures.latest + timedelta(seconds=delay_after(count, free=free, throttle=throttle))
    return max(0.0, (until - moment).total_seconds())


def _required_wait(uow: UnitOfWork, *, email: str, ip: str, throttle: Throttle, moment: datetime) -> float:
    """Seconds this attempt must still wait (0: go ahead), the longest of three progressive delays:

    - this e-mail from this client address: an attacker guessing from one address slows only themselves
      down, and cannot keep the account's owner (on another address) out;
    - this e-mail from many addresses (distributed guessing): counts distinct failing addresses, so one
      attacker needs ever more addresses; an address this e-mail recently signed in from is exempt, so
      its owner gets in from their usual place even then;
    - this client address over all e-mails (password spraying), with a higher threshold for shared
      office addresses.

    A success clears the e-mail's earlier failures; failures older than the window are forgotten.
    """
    since = moment - timedelta(seconds=throttle.window_seconds)
    last_success = uow.accounts.last_successful_sign_in(email)
    email_since = max(since, last_success) if last_success is not None else since
    pair = uow.accounts.sign_in_failures(since=email_since, email=email, ip=ip)
    waits = [_wait(pair, pair.count, free=throttle.max_failures, throttle=throttle, moment=moment)]
    known = uow.accounts.last_successful_sign_in(email, ip=ip)
    if known is None or known < moment - timedelta(days=KNOWN_ADDRESS_DAYS):
        wide = uow.accounts.sign_in_failures(since=email_since, email=email)
        free = throttle.max_failures * IP_LIMIT_FACTOR
        waits.append(_wait(wide, wide.addresses, free=free, throttle=throttle, moment=moment))
    if ip:
        spray = uow.accounts.sign_in_failures(since=since, ip=ip)
        free = throttle.max_failures * IP_LIMIT_FACTOR
        waits.append(_wait(spray, spray.count, free=free, throttle=throttle, moment=moment))
    return max(waits)


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
    return sign_in(
        uow,
        email=email,
        password=password,
        ip=ip,
        max_failures=max_failures,
        window_seconds=window_seconds,
        now=now,
    ).viewer


def sign_in(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    ip: str | None,
    max_failures: int | None = None,
    window_seconds: int | None = None,
    throttle: Throttle | None = None,
    now: datetime | None = None,
) -> UserInfo:
    """`authenticate`, answering the signed-in user (their `.viewer`, saved language and organization).

    Throttled by progressive delays, never a lock (see `_required_wait`): during a wait every attempt is
    refused with TooManyAttempts (its `retry_after_seconds`), after it the right password works."""
    throttle = _throttle(throttle, max_failures, window_seconds)
    moment = _now(now)
    address = (email or "").strip().lower()[:320]
    client = (ip or "")[:64]
    with uow:
        wait = _required_wait(uow, email=address, ip=client, throttle=throttle, moment=moment)
        if wait > 0:
            # Not recorded: attempts during the wait neither count as failures nor lengthen it.
            seconds = math.ceil(wait)
            error = TooManyAttempts(
                "too many failed sign-ins; try again in {minutes} minutes", minutes=math.ceil(seconds / 60)
            )
            error.retry_after_seconds = seconds
            raise error
        found = uow.accounts.credentials(address) if address else None
        ok = False
        if found is None:
            # Prevent timing attacks by verifying a password even for unknown users.
            _verify(_dummy_hash(), password)
        else:
            ok = _verify(found.password_hash, password) and found.user.is_active
        uow.accounts.record_sign_in_attempt(email=address, ip=client, at=moment, succeeded=ok)
        if not ok or found is None:
            uow.commit()  # the failed attempt must count even though the sign-in is refused
            # One message for every sign-in failure, so a caller cannot tell which emails have accounts.
            raise AuthenticationFailed("wrong e-mail address or password")
        rehashed = (
            password_hasher().hash(password)
            if password_hasher().check_needs_rehash(found.password_hash)
            else None
        )
        user = uow.accounts.update_user(found.user.id, password_hash=rehashed, last_login_at=moment)
        uow.commit()
    return user


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


def sign_out(uow: UnitOfWork, *, viewer: Viewer) -> None:
    """End the viewer's sessions server-side: a new session version refuses every token and session cookie
    issued before, so a copied cookie or a leaked token stops working at once (on every device: tokens
    carry no id of their own, and "sign out" meaning "sign out everywhere" needs no table of revoked ids)."""
    with uow:
        user = uow.accounts.get_user(viewer.user_id)
        if user is None or user.session_version != viewer.session_version:
            return  # already ended (an earlier sign-out, a new password, a deactivation)
        uow.accounts.update_user(user.id, session_version=user.session_version + 1)
        uow.commit()


def get_user(uow: UnitOfWork, *, user_id: int, active_only: bool = False) -> UserInfo:
    with uow:
        info = uow.accounts.get_user(user_id)
    if info is None or (active_only and not info.is_active):
        if active_only:
            raise AuthenticationFailed("your session has ended; please sign in again")
        raise NotFound("no user with id {user_id}", user_id=user_id)
    return info


def list_users(uow: UnitOfWork, *, organization_id: int | None = None) -> list[UserInfo]:
    with uow:
        return uow.accounts.list_users(organization_id=organization_id)


def set_locale(uow: UnitOfWork, *, viewer: Viewer, locale: str) -> None:
    """Remember the signed-in user's language (ja | en)."""
    _check_locale(locale)
    with uow:
        if uow.accounts.get_user(viewer.user_id) is None:
            raise NotFound("no such user")
        uow.accounts.update_user(viewer.user_id, locale=locale)
        uow.commit()


def _existing(uow: UnitOfWork, address: str) -> UserInfo:
    user = uow.accounts.get_user_by_email(address)
    if user is None:
        raise NotFound("no user with the e-mail address {email}", email=address)
    return user


def set_active(uow: UnitOfWork, *, email: str, active: bool) -> UserInfo:
    """Deactivate (or reactivate) an account; its sessions and tokens stop working at once."""
    address = normalize_email(email)
    with uow:
        user = _existing(uow, address)
        ending = user.is_active and not active
        info = uow.accounts.update_user(
            user.id, is_active=active, session_version=user.session_version + 1 if ending else None
        )
        uow.commit()
    return info


def set_password(uow: UnitOfWork, *, email: str, password: str) -> UserInfo:
    """Replace a user's password (administrators; the new one must meet the same policy)."""
    address = normalize_email(email)
    password_hash = hash_password(password)
    with uow:
        user = _existing(uow, address)
        # A new session version signs out every device.
        info = uow.accounts.update_user(
            user.id, password_hash=password_hash, session_version=user.session_version + 1
        )
        uow.commit()
    return info
