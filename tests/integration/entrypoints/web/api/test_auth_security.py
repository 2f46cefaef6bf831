"""Issue 11 (security): sign-out revokes server-side, form tokens belong to one session, the language
switch changes no saved preference on GET, progressive sign-in delays, forwarded addresses from
configured proxies only. On SQLite and PostgreSQL where storage is involved."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kakehashi.entrypoints.web.security import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from kakehashi.services import accounts

from .conftest import PASSWORD, World, login

pytestmark = pytest.mark.integration


def _browser(world: World, email: str = "scout@alpha.co.jp") -> TestClient:
    browser = TestClient(world.client.app)
    response = browser.post("/api/v1/auth/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return browser


# --- item 9: sign-out ends the session server-side ------------------------------------------------------


def test_api_logout_revokes_the_bearer_token(world: World) -> None:
    token = login(world.client, "scout@alpha.co.jp")

    logout = world.client.post("/api/v1/auth/logout", headers=token)
    after = world.client.get("/api/v1/auth/me", headers=token)

    assert (logout.status_code, after.status_code) == (200, 401)


def test_page_sign_out_refuses_a_copied_session_cookie(world: World) -> None:
    browser = _browser(world)
    copied = TestClient(world.client.app, cookies={SESSION_COOKIE: browser.cookies[SESSION_COOKIE]})
    assert copied.get("/api/v1/auth/me").status_code == 200
    token = browser.get("/api/v1/auth/csrf").json()["csrf_token"]

    browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)

    assert copied.get("/api/v1/auth/me").status_code == 401


def test_a_new_sign_in_after_sign_out_works(world: World) -> None:
    token = login(world.client, "scout@alpha.co.jp")
    world.client.post("/api/v1/auth/logout", headers=token)

    response = world.client.get("/api/v1/auth/me", headers=login(world.client, "scout@alpha.co.jp"))

    assert response.status_code == 200


# --- item 10: the form token belongs to one session; GET /lang changes nothing saved ---------------------


def test_csrf_cookie_and_token_of_another_account_are_refused(sqlite_world: World) -> None:
    attacker = _browser(sqlite_world, "scout@beta.co.jp")
    attacker_token = attacker.get("/api/v1/auth/csrf").json()["csrf_token"]
    victim = _browser(sqlite_world)
    victim.cookies.set(CSRF_COOKIE, attacker.cookies[CSRF_COOKIE])  # planted, e.g. from a sibling domain

    forged = victim.post("/api/v1/shortlists", json={"name": "x"}, headers={CSRF_HEADER: attacker_token})
    own = victim.post(
        "/api/v1/shortlists",
        json={"name": "y"},
        headers={CSRF_HEADER: victim.get("/api/v1/auth/csrf").json()["csrf_token"]},
    )

    assert (forged.status_code, own.status_code) == (403, 201)


def test_csrf_token_from_before_sign_in_is_refused_after_it(sqlite_world: World) -> None:
    browser = TestClient(sqlite_world.client.app)
    anonymous_token = browser.get("/api/v1/auth/csrf").json()["csrf_token"]
    browser.post("/api/v1/auth/session", json={"email": "scout@alpha.co.jp", "password": PASSWORD})

    response = browser.post("/api/v1/shortlists", json={"name": "x"}, headers={CSRF_HEADER: anonymous_token})

    assert response.status_code == 403


def test_get_lang_sets_the_cookie_but_not_the_saved_language(world: World) -> None:
    browser = _browser(world)

    response = browser.get("/lang/en?next=/companies", follow_redirects=False)

    assert response.status_code in (302, 303)
    assert browser.cookies["kakehashi_lang"] == "en"
    assert accounts.get_user(world.context.uow(), user_id=world.users["alpha"]).locale == "ja"


def test_the_language_switch_saves_only_with_the_form_token(world: World) -> None:
    browser = _browser(world)
    token = browser.get("/api/v1/auth/csrf").json()["csrf_token"]

    refused = browser.post("/lang/en", data={"next": "/"}, follow_redirects=False)
    saved = browser.post("/lang/en", data={"next": "/", "csrf_token": token}, follow_redirects=False)

    assert (refused.status_code, saved.status_code) == (403, 303)
    assert accounts.get_user(world.context.uow(), user_id=world.users["alpha"]).locale == "en"


# --- item 8: progressive delays; X-Forwarded-For only from configured proxies -----------------------------


def test_a_forged_forwarded_for_does_not_escape_the_delay(sqlite_world: World) -> None:
    for n in range(sqlite_world.context.settings.login_max_failures):
        sqlite_world.client.post(
            "/api/v1/auth/token",
            json={"email": "scout@beta.co.jp", "password": "guess-guess"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )

    response = sqlite_world.client.post(
        "/api/v1/auth/token",
        json={"email": "scout@beta.co.jp", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.200"},
    )

    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= sqlite_world.context.settings.login_delay_seconds


def test_the_sign_in_page_says_when_to_retry(sqlite_world: World) -> None:
    browser = TestClient(sqlite_world.client.app, headers={"accept": "text/html"})
    for _ in range(sqlite_world.context.settings.login_max_failures + 1):
        token = browser.get("/api/v1/auth/csrf").json()["csrf_token"]
        response = browser.post(
            "/login", data={"email": "scout@beta.co.jp", "password": "guess-guess", "csrf_token": token}
        )

    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
