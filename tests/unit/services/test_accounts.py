"""Accounts on the in-memory unit of work: users and their organization, sign-in, throttling, sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role
from kakehashi.domain.errors import AuthenticationFailed, InvalidInput, NotFound, TooManyAttempts
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services import accounts
from kakehashi.services.demo_accounts import DEMO_PASSWORD, create_demo_users

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery"
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id at its cheapest parameters, so each test hashes in microseconds."""
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _add(uow: FakeUnitOfWork, email: str = "scout@toyota.jp", org: str = "Toyota", kind: str = "corporation"):
    return accounts.add_user(uow, email=email, password=PASSWORD, org_name=org, org_kind=kind, role="member")


def _sign_in(uow: FakeUnitOfWork, email: str, password: str, *, ip: str = "10.0.0.1", at: datetime = NOW):
    return accounts.authenticate(
        uow, email=email, password=password, ip=ip, max_failures=3, window_seconds=300, now=at
    )


def test_add_user_opens_the_unit_of_work_and_commits_once(uow: FakeUnitOfWork) -> None:
    user = _add(uow, "Scout@Toyota.jp ")

    assert (uow.entered, uow.commits) == (1, 1)
    assert (user.email, user.role, user.organization_kind) == (
        "scout@toyota.jp",
        Role.MEMBER,
        OrganizationKind.CORPORATION,
    )
    assert uow.accounts.password_hash_of("scout@toyota.jp").startswith("$argon2id$")


def test_colleagues_share_one_organization_but_another_kind_is_another(uow: FakeUnitOfWork) -> None:
    first = _add(uow, "a@hikari.jp", "Hikari")
    second = _add(uow, "b@hikari.jp", "  Hikari ")
    startup = _add(uow, "c@hikari.jp", "Hikari", "startup")

    assert first.organization_id == second.organization_id != startup.organization_id
    assert len(uow.accounts.organizations) == 2


def test_duplicate_email_is_refused_without_a_commit(uow: FakeUnitOfWork) -> None:
    _add(uow, "scout@toyota.jp")

    with pytest.raises(InvalidInput) as error:
        _add(uow, "SCOUT@toyota.jp")

    assert error.value.msgid == "a user with the e-mail address {email} already exists"
    assert error.value.params == {"email": "scout@toyota.jp"}
    assert uow.commits == 1


@pytest.mark.parametrize(
    ("changes", "msgid"),
    [
        ({"password": "short"}, "the password must have at least {min_length} characters"),
        ({"org_kind": "investor"}, "organization kind must be one of {allowed}, not {kind!r}"),
        ({"role": "boss"}, "role must be one of {allowed}, not {role!r}"),
        ({"email": "not-an-address"}, "not a valid e-mail address: {email!r}"),
        ({"locale": "fr"}, "locale must be ja or en, not {locale!r}"),
        ({"org_name": "   "}, "the organization name is empty"),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_stored(
    uow: FakeUnitOfWork, changes: dict[str, str], msgid: str
) -> None:
    arguments = {
        "email": "a@x.jp",
        "password": PASSWORD,
        "org_name": "X",
        "org_kind": "startup",
        "role": "member",
    } | changes

    with pytest.raises(InvalidInput) as error:
        accounts.add_user(uow, **arguments)

    assert error.value.msgid == msgid
    assert (uow.accounts.users, uow.commits) == ({}, 0)


def test_sign_in_answers_the_viewer_and_commits_the_attempt(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    commits_before = uow.commits

    viewer = _sign_in(uow, "Scout@Toyota.jp", PASSWORD)

    assert (viewer.user_id, viewer.organization_id, viewer.role) == (
        user.id,
        user.organization_id,
        Role.MEMBER,
    )
    assert uow.commits == commits_before + 1
    assert accounts.get_user(uow, user_id=user.id).last_login_at == NOW
    assert [(a.email, a.succeeded) for a in uow.accounts.attempts] == [("scout@toyota.jp", True)]


def test_wrong_password_and_unknown_email_fail_with_the_same_message(uow: FakeUnitOfWork) -> None:
    _add(uow)

    with pytest.raises(AuthenticationFailed) as wrong:
        _sign_in(uow, "scout@toyota.jp", "wrong-one")
    with pytest.raises(AuthenticationFailed) as unknown:
        _sign_in(uow, "nobody@toyota.jp", PASSWORD)

    assert wrong.value.msgid == unknown.value.msgid == "wrong e-mail address or password"
    assert str(wrong.value) == str(unknown.value)


def test_a_failed_sign_in_is_recorded_and_committed(uow: FakeUnitOfWork) -> None:
    _add(uow)
    commits_before = uow.commits

    with pytest.raises(AuthenticationFailed):
        _sign_in(uow, "scout@toyota.jp", "wrong-one")

    assert uow.commits == commits_before + 1
    assert [(a.email, a.succeeded) for a in uow.accounts.attempts] == [("scout@toyota.jp", False)]


def test_throttling_refuses_even_the_right_password_after_the_limit(uow: FakeUnitOfWork) -> None:
    _add(uow)
    # Issue 11: the e-mail-wide delay counts distinct failing addresses (one address delays only itself).
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, "scout@toyota.jp", "bad", ip=f"10.0.0.{n}")

    with pytest.raises(TooManyAttempts) as error:
        _sign_in(uow, "scout@toyota.jp", PASSWORD, ip="10.0.1.9")

    assert error.value.msgid == "too many failed sign-ins; try again in {minutes} minutes"
    # Issue 11: the first wait is login_delay_seconds (60 s), growing with further failures, not the window.
    assert error.value.params == {"minutes": 1}


def test_throttling_below_the_limit_still_signs_in(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, "scout@toyota.jp", "bad")

    assert _sign_in(uow, "scout@toyota.jp", PASSWORD).user_id == user.id


def test_throttling_counts_failures_per_address_with_a_higher_limit(uow: FakeUnitOfWork) -> None:
    _add(uow, "victim@toyota.jp")
    for n in range(3 * accounts.IP_LIMIT_FACTOR):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, f"guess{n}@toyota.jp", "bad", ip="203.0.113.7")

    with pytest.raises(TooManyAttempts):
        _sign_in(uow, "victim@toyota.jp", PASSWORD, ip="203.0.113.7")


def test_throttling_ends_after_the_window(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, "scout@toyota.jp", "bad", at=NOW - timedelta(seconds=600))

    assert _sign_in(uow, "scout@toyota.jp", PASSWORD).user_id == user.id


def test_a_successful_sign_in_clears_earlier_failures_of_the_email(uow: FakeUnitOfWork) -> None:
    _add(uow)
    for minute in range(2):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, "scout@toyota.jp", "bad", at=NOW + timedelta(minutes=minute))
    _sign_in(uow, "scout@toyota.jp", PASSWORD, at=NOW + timedelta(minutes=2))
    for minute in (3, 4):
        with pytest.raises(AuthenticationFailed):
            _sign_in(uow, "scout@toyota.jp", "bad", at=NOW + timedelta(minutes=minute))

    viewer = _sign_in(uow, "scout@toyota.jp", PASSWORD, at=NOW + timedelta(minutes=4, seconds=30))

    assert viewer.role is Role.MEMBER


def test_inactive_user_cannot_sign_in_and_loses_the_session(uow: FakeUnitOfWork) -> None:
    user = _add(uow)

    deactivated = accounts.set_active(uow, email="scout@toyota.jp", active=False)

    with pytest.raises(AuthenticationFailed):
        _sign_in(uow, "scout@toyota.jp", PASSWORD)
    with pytest.raises(AuthenticationFailed) as ended:
        accounts.viewer_for_user(uow, user_id=user.id, session_version=0)
    assert deactivated.session_version == 1
    assert ended.value.msgid == "your session has ended; please sign in again"


def test_a_new_password_ends_older_sessions_and_works_for_sign_in(uow: FakeUnitOfWork) -> None:
    user = _add(uow)
    commits_before = uow.commits

    accounts.set_password(uow, email="scout@toyota.jp", password="a brand new one")

    assert uow.commits == commits_before + 1
    with pytest.raises(AuthenticationFailed):
        accounts.viewer_for_user(uow, user_id=user.id, session_version=0)
    assert accounts.viewer_for_user(uow, user_id=user.id, session_version=1).user_id == user.id
    assert _sign_in(uow, "scout@toyota.jp", "a brand new one").session_version == 1


def test_unknown_users_are_not_found_with_their_message(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound) as by_id:
        accounts.get_user(uow, user_id=42)
    with pytest.raises(NotFound) as by_email:
        accounts.set_password(uow, email="nobody@x.jp", password=PASSWORD)

    assert (by_id.value.msgid, by_id.value.params) == ("no user with id {user_id}", {"user_id": 42})
    assert by_email.value.msgid == "no user with the e-mail address {email}"


def test_set_locale_remembers_the_language_and_commits(uow: FakeUnitOfWork) -> None:
    user = _add(uow)

    accounts.set_locale(uow, viewer=user.viewer, locale="en")

    assert accounts.get_user(uow, user_id=user.id).locale == "en"
    assert uow.commits == 2


def test_list_users_of_one_organization(uow: FakeUnitOfWork) -> None:
    toyota = _add(uow, "b@toyota.jp", "Toyota")
    _add(uow, "a@honda.jp", "Honda")
    _add(uow, "a@toyota.jp", "Toyota")

    emails = [u.email for u in accounts.list_users(uow, organization_id=toyota.organization_id)]

    assert emails == ["a@toyota.jp", "b@toyota.jp"]


def test_demo_scouts_join_two_demo_corporations_and_a_second_run_adds_nobody(uow: FakeUnitOfWork) -> None:
    uow.accounts.seed_organization("Plain Corp", OrganizationKind.CORPORATION)
    uow.accounts.seed_organization("Demo Alpha", OrganizationKind.CORPORATION, is_demo=True)
    uow.accounts.seed_organization("Demo Beta", OrganizationKind.CORPORATION, is_demo=True)

    logins = create_demo_users(uow)
    again = create_demo_users(uow)

    scouts = {email: organization for email, _, _, organization in logins if email.startswith("scout")}
    assert scouts == {"scout@demo.kakehashi.jp": "Demo Alpha", "scout2@demo.kakehashi.jp": "Demo Beta"}
    assert again == logins
    assert len(uow.accounts.users) == 6
    assert _sign_in(uow, "admin@demo.kakehashi.jp", DEMO_PASSWORD).role is Role.ADMIN
