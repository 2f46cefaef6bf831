"""Issue 11, item 8 on SQLite and PostgreSQL: progressive sign-in delays instead of a lock, counted by the
repository's SQL (failures per e-mail and address, distinct failing addresses, the latest failure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from kakehashi.domain.errors import AuthenticationFailed, TooManyAttempts
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
START = datetime.now(UTC) - timedelta(hours=1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


@pytest.fixture
def owner(context: AppContext) -> accounts.UserInfo:
    return accounts.add_user(
        context.uow(),
        email="scout@toyota.jp",
        password=PASSWORD,
        org_name="Toyota",
        org_kind="corporation",
        role="member",
    )


def _sign_in(context: AppContext, password: str, *, ip: str, at: datetime) -> accounts.UserInfo:
    return accounts.sign_in(
        context.uow(), email="scout@toyota.jp", password=password, ip=ip, max_failures=3, now=at
    )


def _fail(context: AppContext, *, ip: str, at: datetime) -> None:
    with pytest.raises(AuthenticationFailed):
        _sign_in(context, "wrong guess", ip=ip, at=at)


def test_an_attacker_on_one_address_cannot_keep_the_owner_out(context: AppContext, owner) -> None:
    for n in range(3):
        _fail(context, ip="203.0.113.66", at=START + timedelta(seconds=n))

    with pytest.raises(TooManyAttempts) as attacker:
        _sign_in(context, PASSWORD, ip="203.0.113.66", at=START + timedelta(seconds=10))
    signed_in = _sign_in(context, PASSWORD, ip="192.0.2.10", at=START + timedelta(seconds=10))

    assert attacker.value.retry_after_seconds == 52  # 60 s after the latest failure
    assert signed_in.id == owner.id


def test_the_right_password_works_after_the_wait(context: AppContext, owner) -> None:
    for n in range(4):
        moment = START + timedelta(seconds=60 * n)
        _fail(context, ip="203.0.113.66", at=moment)  # 3 free, then one after the first 60 s wait

    with pytest.raises(TooManyAttempts) as early:
        _sign_in(context, PASSWORD, ip="203.0.113.66", at=moment + timedelta(seconds=100))
    signed_in = _sign_in(context, PASSWORD, ip="203.0.113.66", at=moment + timedelta(seconds=120))

    assert early.value.retry_after_seconds == 20  # the second wait is 120 s
    assert signed_in.id == owner.id


def test_distributed_guessing_is_delayed_except_from_the_owners_usual_address(
    context: AppContext, owner
) -> None:
    _sign_in(context, PASSWORD, ip="192.0.2.10", at=START - timedelta(days=1))
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        _fail(context, ip=f"203.0.113.{n}", at=START + timedelta(seconds=n))

    with pytest.raises(TooManyAttempts):
        _sign_in(context, PASSWORD, ip="198.51.100.200", at=START + timedelta(seconds=30))
    signed_in = _sign_in(context, PASSWORD, ip="192.0.2.10", at=START + timedelta(seconds=30))

    assert signed_in.id == owner.id
