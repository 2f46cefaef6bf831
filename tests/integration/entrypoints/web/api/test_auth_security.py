"""Issue 11 (security): sign-out revokes server-side, form tokens belong to one session, the language
switch changes no saved preference on GET, progressive sign-in delays, forwarded addresses from
configured proxies only. On SQLite and PostgreSQL where storage is involved."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kakehashi.entrypoints.web.security import SESSION_COOKIE

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
