"""Accounts: who may sign in, with which role, in which kind of organization."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import OrganizationKind

# Only these organization kinds have people signing in; investors and institutions are catalogue entries.
ACCOUNT_ORGANIZATION_KINDS = (
    OrganizationKind.CORPORATION,
    OrganizationKind.STARTUP,
    OrganizationKind.ORGANIZER,
)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256  # argon2 copes with more, but a bound stops hashing megabytes per request
MAX_EMAIL_LENGTH = 320


class Locale(StrEnum):
    JA = "ja"
    EN = "en"


class AuditAction(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class AccountOrganization:
    """The organization a user belongs to, as accounts see it."""

    id: int
    name: str
    kind: OrganizationKind


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


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding blanks or full-width characters."""
    text = unicodedata.normalize("NFKC", email or "").strip().lower()
    if not text or len(text) > MAX_EMAIL_LENGTH or not _EMAIL.match(text):
        raise InvalidInput("not a valid e-mail address: {email!r}", email=email)
    return text


def check_password_policy(password: str) -> None:
    """Refuse passwords too short to resist guessing or too long to hash cheaply."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "the password must have at least {min_length} characters", min_length=MIN_PASSWORD_LENGTH
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            "the password must have at most {max_length} characters", max_length=MAX_PASSWORD_LENGTH
        )


def parse_account_kind(kind: str) -> OrganizationKind:
    try:
        value = OrganizationKind(kind.strip().lower())
    except ValueError:
        value = None
    if value not in ACCOUNT_ORGANIZATION_KINDS:
        allowed = ", ".join(k.value for k in ACCOUNT_ORGANIZATION_KINDS)
        raise InvalidInput(
            "organization kind must be one of {allowed}, not {kind!r}", allowed=allowed, kind=kind
        )
    assert value is not None
    return value


def parse_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(
            "role must be one of {allowed}, not {role!r}", allowed=allowed, role=role
        ) from None
