"""Sign-in, tokens, session cookies, throttling and CSRF over the real app on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kakehashi.adapters.db.models import User
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.entrypoints.web.security import CSRF_HEADER, SESSION_COOKIE
from kakehashi.services import accounts

from .conftest import PASSWORD, World, login

pytestmark = pytest.mark.integration

PROTECTED_GETS = [
    "/api/v1/auth/me",
    "/api/v1/search?q=robot",
    "/api/v1/needs",
    "/api/v1/needs/1",
    "/api/v1/needs/1/matches",
    "/api/v1/companies",
    "/api/v1/companies/1",
    "/api/v1/missions",
    "/api/v1/missions/1",
    "/api/v1/missions/1/schedule",
    "/api/v1/shortlists",
    "/api/v1/notes",
    "/api/v1/engagements",
    "/api/v1/saved-searches",
    "/api/v1/alerts",
    "/api/v1/contact-requests",
]


def test_token_identifies_the_user(world: World) -> None:
    response = world.client.get("/api/v1/auth/me", headers=world.as_("alpha"))

    assert response.status_code == 200
    assert response.json()["email"] == "scout@alpha.co.jp"
    assert response.json()["organization_kind"] == "corporation"


def test_token_response_has_bearer_type(world: World) -> None:
    response = world.client.post(
        "/api/v1/auth/token", json={"email": "SCOUT@alpha.co.jp", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert response.json()["access_token"] != ""


@pytest.mark.parametrize("path", PROTECTED_GETS)
def test_api_without_token_answers_401(sqlite_world: World, path: str) -> None:
    response = sqlite_world.client.get(path)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_with_forged_token_answers_401(sqlite_world: World) -> None:
    response = sqlite_world.client.get(
        "/api/v1/needs", headers={"Authorization": "Bearer eyJ1aWQiOjF9.forged.sig"}
    )

    assert response.status_code == 401


def test_creating_a_need_without_token_answers_401(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/needs", json={"title": "x", "description": "y", "visibility": "open"}
    )

    assert response.status_code == 401


def test_wrong_password_and_unknown_email_get_the_same_answer(world: World) -> None:
    wrong = world.client.post(
        "/api/v1/auth/token", json={"email": "scout@alpha.co.jp", "password": "nope-nope"}
    )
    unknown = world.client.post(
        "/api/v1/auth/token", json={"email": "nobody@alpha.co.jp", "password": "nope-nope"}
    )

    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_too_many_failures_answer_429_even_with_the_right_password(world: World) -> None:
    limit = world.context.settings.login_max_failures
    for _ in range(limit):
        world.client.post("/api/v1/auth/token", json={"email": "scout@beta.co.jp", "password": "guess-guess"})

    response = world.client.post(
        "/api/v1/auth/token", json={"email": "scout@beta.co.jp", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "retry-after" in response.headers


def test_failures_below_the_limit_still_allow_sign_in(world: World) -> None:
    for _ in range(world.context.settings.login_max_failures - 1):
        world.client.post("/api/v1/auth/token", json={"email": "scout@beta.co.jp", "password": "guess-guess"})

    response = world.client.post(
        "/api/v1/auth/token", json={"email": "scout@beta.co.jp", "password": PASSWORD}
    )

    assert response.status_code == 200


def test_passwords_are_stored_as_argon2_hashes(world: World) -> None:
    with world.context.session_factory() as session:
        stored = session.scalar(select(User.password_hash).where(User.email == "scout@alpha.co.jp"))

    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_deactivated_user_loses_access_at_once(world: World) -> None:
    accounts.set_active(world.context.uow(), email="scout@alpha.co.jp", active=False)

    response = world.client.get("/api/v1/auth/me", headers=world.as_("alpha"))

    assert response.status_code == 401


def test_session_cookie_is_httponly_and_samesite(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    cookie = response.headers["set-cookie"].lower()
    assert response.status_code == 200
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP in development


def test_session_cookie_is_secure_behind_tls(context: AppContext, cheap_hashing: None) -> None:
    settings = context.settings.model_copy(update={"secure_cookies": True})
    secure_context = AppContext(settings=settings, database_url=context.database_url)
    accounts.add_user(
        secure_context.uow(),
        email="a@b.jp",
        password=PASSWORD,
        org_name="A",
        org_kind="corporation",
        role="member",
    )
    client = TestClient(create_app(secure_context), base_url="https://testserver")

    response = client.post("/api/v1/auth/session", json={"email": "a@b.jp", "password": PASSWORD})

    secure_context.dispose()
    assert "secure" in response.headers["set-cookie"].lower()


def test_session_cookie_signs_in_pages_and_api(sqlite_world: World) -> None:
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    response = sqlite_world.client.get("/api/v1/auth/me")

    assert response.json()["email"] == "scout@alpha.co.jp"


def test_form_post_without_csrf_token_is_refused(sqlite_world: World) -> None:
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    response = sqlite_world.client.post("/api/v1/auth/logout", data={"confirm": "yes"})

    assert response.status_code == 403
    assert sqlite_world.client.get("/api/v1/auth/me").status_code == 200  # still signed in


def test_form_post_with_csrf_token_is_accepted(sqlite_world: World) -> None:
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )
    token = sqlite_world.client.get("/api/v1/auth/csrf").json()["csrf_token"]

    response = sqlite_world.client.post("/api/v1/auth/logout", data={"csrf_token": token})

    assert response.status_code == 200
    assert sqlite_world.client.get("/api/v1/auth/me").status_code == 401


def test_cookie_authenticated_json_change_needs_the_csrf_header(sqlite_world: World) -> None:
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )
    token = sqlite_world.client.get("/api/v1/auth/csrf").json()["csrf_token"]

    refused = sqlite_world.client.post("/api/v1/shortlists", json={"name": "Robotics"})
    accepted = sqlite_world.client.post(
        "/api/v1/shortlists", json={"name": "Robotics"}, headers={CSRF_HEADER: token}
    )

    assert (refused.status_code, accepted.status_code) == (403, 201)


def test_csrf_token_of_another_browser_is_refused(sqlite_world: World) -> None:
    other = TestClient(sqlite_world.client.app)
    foreign_token = other.get("/api/v1/auth/csrf").json()["csrf_token"]
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )
    sqlite_world.client.get("/api/v1/auth/csrf")

    response = sqlite_world.client.post(
        "/api/v1/shortlists", json={"name": "x"}, headers={CSRF_HEADER: foreign_token}
    )

    assert response.status_code == 403


def test_bearer_requests_need_no_csrf_token(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/shortlists", json={"name": "Robotics"}, headers=sqlite_world.as_("alpha")
    )

    assert response.status_code == 201


def test_login_helper_signs_in_every_role(sqlite_world: World) -> None:
    roles = {
        who: sqlite_world.client.get("/api/v1/auth/me", headers=login(sqlite_world.client, email)).json()[
            "role"
        ]
        for who, email in [("viewer", "intern@alpha.co.jp"), ("organizer", "team@bridge.org")]
    }

    assert roles == {"viewer": "viewer", "organizer": "organizer"}


def test_a_locked_account_does_not_lock_others_on_the_same_address(world: World) -> None:
    for _ in range(world.context.settings.login_max_failures + 1):
        world.client.post("/api/v1/auth/token", json={"email": "scout@beta.co.jp", "password": "guess-guess"})

    response = world.client.post(
        "/api/v1/auth/token", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    assert response.status_code == 200


def test_password_change_signs_out_every_token_and_session(world: World) -> None:
    cookie_client = TestClient(world.client.app)
    cookie_client.post("/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD})

    accounts.set_password(world.context.uow(), email="scout@alpha.co.jp", password="a brand new one")

    assert world.client.get("/api/v1/auth/me", headers=world.as_("alpha")).status_code == 401
    assert cookie_client.get("/api/v1/auth/me").status_code == 401
    assert (
        world.client.get(
            "/api/v1/auth/me", headers=login(world.client, "scout@alpha.co.jp", "a brand new one")
        ).status_code
        == 200
    )


def test_reactivated_account_needs_a_new_sign_in(world: World) -> None:
    accounts.set_active(world.context.uow(), email="scout@alpha.co.jp", active=False)
    accounts.set_active(world.context.uow(), email="scout@alpha.co.jp", active=True)

    response = world.client.get("/api/v1/auth/me", headers=world.as_("alpha"))

    assert response.status_code == 401


def test_a_browser_with_a_session_can_still_get_an_api_token(sqlite_world: World) -> None:
    sqlite_world.client.post(
        "/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    response = sqlite_world.client.post(
        "/api/v1/auth/token", json={"email": "scout@alpha.co.jp", "password": PASSWORD}
    )

    assert response.status_code == 200
