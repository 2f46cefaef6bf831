"""Issue 11 (security) on the in-memory unit of work: sign-out revocation and progressive sign-in delays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.errors import AuthenticationFailed, TooManyAttempts
from kakehashi.services import accounts

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery"
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _add(uow: FakeUnitOfWork, email: str = "scout@toyota.jp") -> accounts.UserInfo:
    return accounts.add_user(
        uow, email=email, password=PASSWORD, org_name="Toyota", org_kind="corporation", role="member"
    )


# --- item 9: sign-out ---------------------------------------------------------------------------------


def test_sign_out_ends_the_viewers_sessions_and_commits(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    commits_before = uow.commits

    accounts.sign_out(uow, viewer=user.viewer)

    with pytest.raises(AuthenticationFailed):
        accounts.viewer_for_user(uow, user_id=user.id, session_version=user.session_version)
    assert uow.commits == commits_before + 1


def test_signing_out_twice_with_the_same_session_changes_nothing_more(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    accounts.sign_out(uow, viewer=user.viewer)
    commits_before = uow.commits

    accounts.sign_out(uow, viewer=user.viewer)

    assert accounts.get_user(uow, user_id=user.id).session_version == 1
    assert uow.commits == commits_before


# --- item 8: progressive delays instead of a lock ---------------------------------------------------------


def _try(
    uow: FakeUnitOfWork, password: str, *, ip: str = "198.51.100.7", at: datetime = NOW
) -> accounts.UserInfo:
    return accounts.sign_in(
        uow, email="scout@toyota.jp", password=password, ip=ip, max_failures=3, window_seconds=3600, now=at
    )


def _fail(uow: FakeUnitOfWork, times: int, *, ip: str = "198.51.100.7", at: datetime = NOW) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed):
            _try(uow, "wrong guess", ip=ip, at=at)


def _wait_after(uow: FakeUnitOfWork, at: datetime) -> int | None:
    with pytest.raises(TooManyAttempts) as refused:
        _try(uow, PASSWORD, at=at)
    return refused.value.retry_after_seconds


def test_failures_from_one_address_do_not_keep_the_owner_out_elsewhere(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    attacker = NOW
    for _ in range(8):  # an attacker who knows the e-mail address guesses from one address, at every chance
        _fail(uow, 1, ip="203.0.113.66", at=attacker)
        attacker += timedelta(seconds=901)  # the longest wait is 900 s

    signed_in = _try(uow, PASSWORD, ip="192.0.2.10", at=attacker)

    assert signed_in.id == user.id


def test_the_wait_doubles_with_each_failure_up_to_the_cap(uow: FakeUnitOfWork) -> None:
    _add(uow)
    _fail(uow, 3)
    waits = []
    moment = NOW
    for _ in range(6):
        wait = _wait_after(uow, moment)
        assert wait is not None
        waits.append(wait)
        moment += timedelta(seconds=wait)
        _fail(uow, 1, at=moment)  # the attacker's next guess, as soon as the wait is over

    assert waits == [60, 120, 240, 480, 900, 900]


def test_the_right_password_works_once_the_wait_is_over(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    _fail(uow, 3)

    early = _wait_after(uow, NOW + timedelta(seconds=59))
    signed_in = _try(uow, PASSWORD, at=NOW + timedelta(seconds=60))

    assert early == 1
    assert signed_in.id == user.id


def test_attempts_during_the_wait_neither_count_nor_lengthen_it(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    _fail(uow, 3)
    recorded = len(uow.accounts.attempts)
    for second in range(10, 60, 10):
        _wait_after(uow, NOW + timedelta(seconds=second))

    signed_in = _try(uow, PASSWORD, at=NOW + timedelta(seconds=60))

    assert signed_in.id == user.id
    assert len(uow.accounts.attempts) == recorded + 1  # only the success


def test_distributed_guessing_delays_strangers_but_not_the_owners_usual_address(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    _try(uow, PASSWORD, ip="192.0.2.10", at=NOW - timedelta(days=1))  # the owner's office
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        _fail(uow, 1, ip=f"203.0.113.{n}")

    with pytest.raises(TooManyAttempts):
        _try(uow, PASSWORD, ip="198.51.100.200")
    signed_in = _try(uow, PASSWORD, ip="192.0.2.10")

    assert signed_in.id == user.id


def test_delay_after_is_zero_below_the_threshold_and_capped_above() -> None:
    throttle = accounts.Throttle(max_failures=5, delay_seconds=60, max_delay_seconds=900)

    delays = [accounts.delay_after(n, free=5, throttle=throttle) for n in (0, 4, 5, 6, 9, 10, 10_000)]

    assert delays == [0, 0, 60, 120, 900, 900, 900]
