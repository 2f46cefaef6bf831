"""Accounts on SQLite and PostgreSQL: organizations matched or created, sign-in with throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import func, select

from kakehashi.adapters.db.models import LoginAttempt, Organization
from kakehashi.domain.access import Role
from kakehashi.domain.errors import AuthenticationFailed, InvalidInput, TooManyAttempts
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id at its cheapest parameters (the default costs ~0.2 s per hash here)."""
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


def _add(
    context: AppContext, email: str, org: str = "トヨタ自動車株式会社", kind: str = "corporation"
) -> accounts.UserInfo:
    return accounts.add_user(
        context.uow(), email=email, password=PASSWORD, org_name=org, org_kind=kind, role="member"
    )


def test_add_user_creates_the_organization_once(context: AppContext) -> None:
    first = _add(context, "a@toyota.jp", "トヨタ自動車株式会社")
    second = _add(context, "b@toyota.jp", "トヨタ自動車")

    with context.session_factory() as session:
        count = session.scalar(select(func.count(Organization.id)))
    assert first.organization_id == second.organization_id
    assert count == 1


def test_add_user_joins_an_existing_catalogue_corporation(context: AppContext) -> None:
    with context.session_factory() as session:
        org = Organization(
            kind="corporation", name="Panasonic Holdings Corporation", name_key="panasonicholdings"
        )
        session.add(org)
        session.flush()
        org_id = org.id
        session.commit()

    user = _add(context, "scout@panasonic.jp", "Panasonic Holdings")

    assert user.organization_id == org_id


def test_same_name_of_another_kind_is_another_organization(context: AppContext) -> None:
    corporation = _add(context, "a@x.jp", "Hikari", "corporation")
    startup = _add(context, "b@x.jp", "Hikari", "startup")

    assert corporation.organization_id != startup.organization_id
    assert startup.organization_kind is OrganizationKind.STARTUP


def test_duplicate_email_is_refused_case_insensitively(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")

    with pytest.raises(InvalidInput) as error:
        _add(context, "SCOUT@toyota.jp")

    assert "already exists" in str(error.value)


def test_short_password_is_refused_and_nothing_is_stored(context: AppContext) -> None:
    with pytest.raises(InvalidInput):
        accounts.add_user(
            context.uow(), email="a@x.jp", password="short", org_name="X", org_kind="startup", role="member"
        )

    assert accounts.list_users(context.uow()) == []


def test_authenticate_returns_the_viewer_and_records_the_sign_in(context: AppContext) -> None:
    user = _add(context, "scout@toyota.jp")

    viewer = accounts.authenticate(context.uow(), email="Scout@Toyota.jp ", password=PASSWORD, ip="10.0.0.1")

    assert (viewer.user_id, viewer.role) == (user.id, Role.MEMBER)
    assert accounts.get_user(context.uow(), user_id=user.id).last_login_at is not None


def test_wrong_password_raises_authentication_failed(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")

    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(context.uow(), email="scout@toyota.jp", password="wrong-one", ip="10.0.0.1")


def test_throttling_counts_failures_per_email(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")
    # Issue 11: the e-mail-wide delay counts distinct failing addresses (one address delays only itself).
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                context.uow(), email="scout@toyota.jp", password="bad", ip=f"10.0.0.{n}", max_failures=3
            )

    with pytest.raises(TooManyAttempts):
        accounts.authenticate(
            context.uow(), email="scout@toyota.jp", password=PASSWORD, ip="10.0.0.9", max_failures=3
        )


def test_throttling_counts_failures_per_address(context: AppContext) -> None:
    _add(context, "victim@toyota.jp")
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                context.uow(), email=f"guess{n}@toyota.jp", password="bad", ip="203.0.113.7", max_failures=3
            )

    with pytest.raises(TooManyAttempts):
        accounts.authenticate(
            context.uow(), email="victim@toyota.jp", password=PASSWORD, ip="203.0.113.7", max_failures=3
        )


def test_one_locked_account_does_not_lock_colleagues_on_the_same_address(context: AppContext) -> None:
    _add(context, "colleague@toyota.jp")
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                context.uow(), email="typo@toyota.jp", password="bad", ip="198.51.100.1", max_failures=3
            )

    viewer = accounts.authenticate(
        context.uow(), email="colleague@toyota.jp", password=PASSWORD, ip="198.51.100.1", max_failures=3
    )

    assert viewer.organization_kind is OrganizationKind.CORPORATION


def test_throttling_ends_after_the_window(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")
    then = datetime.now(UTC) - timedelta(seconds=600)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                context.uow(),
                email="scout@toyota.jp",
                password="bad",
                ip="10.0.0.1",
                max_failures=3,
                now=then,
            )

    viewer = accounts.authenticate(
        context.uow(),
        email="scout@toyota.jp",
        password=PASSWORD,
        ip="10.0.0.1",
        max_failures=3,
        window_seconds=300,
    )

    assert viewer.organization_kind is OrganizationKind.CORPORATION


def test_every_attempt_is_recorded(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")
    accounts.authenticate(context.uow(), email="scout@toyota.jp", password=PASSWORD, ip="10.0.0.1")
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(context.uow(), email="nobody@toyota.jp", password=PASSWORD, ip="10.0.0.1")

    with context.session_factory() as session:
        rows = session.execute(
            select(LoginAttempt.email, LoginAttempt.succeeded).order_by(LoginAttempt.id)
        ).all()

    assert [tuple(r) for r in rows] == [("scout@toyota.jp", True), ("nobody@toyota.jp", False)]


def test_inactive_user_cannot_sign_in(context: AppContext) -> None:
    _add(context, "scout@toyota.jp")
    accounts.set_active(context.uow(), email="scout@toyota.jp", active=False)

    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(context.uow(), email="scout@toyota.jp", password=PASSWORD, ip="10.0.0.1")
