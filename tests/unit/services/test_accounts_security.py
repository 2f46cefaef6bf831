"""Issue 11 (security) on the in-memory unit of work: sign-out revocation and progressive sign-in delays."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.errors import AuthenticationFailed
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
