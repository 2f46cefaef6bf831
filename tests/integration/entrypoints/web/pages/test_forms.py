"""Posting forms: sign-in, CSRF, oversized and malformed bodies all end in a clear page, never a 500."""

from __future__ import annotations

import pytest

from kakehashi.entrypoints.web.security import SESSION_COOKIE

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"


def test_login_with_right_password_starts_a_session_and_redirects(client, users, csrf) -> None:
    token = csrf(client)

    response = client.post(
        "/login",
        data={"email": users["scout"], "password": PASSWORD, "csrf_token": token, "next": "/companies"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/companies"
    assert SESSION_COOKIE in client.cookies


def test_login_with_wrong_password_shows_message_in_japanese(client, users, csrf) -> None:
    client.cookies.set("kakehashi_lang", "ja")
    token = csrf(client)

    response = client.post(
        "/login", data={"email": users["scout"], "password": "nope-nope", "csrf_token": token}
    )

    assert response.status_code == 401
    assert "メールアドレスまたはパスワードが正しくありません。" in response.text


def test_login_next_to_another_site_is_ignored(client, users, csrf) -> None:
    token = csrf(client)

    response = client.post(
        "/login",
        data={"email": users["scout"], "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
        follow_redirects=False,
    )

    assert response.headers["location"] == "/"


def test_form_post_without_csrf_token_is_a_403_page(client, users) -> None:
    client.get("/login")

    response = client.post("/login", data={"email": users["scout"], "password": PASSWORD})

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert SESSION_COOKIE not in client.cookies


def test_oversized_form_is_refused_with_a_clear_message(client, users, csrf) -> None:
    client.cookies.set("kakehashi_lang", "en")
    token = csrf(client)

    response = client.post("/login", data={"email": "x" * 300_000, "password": "p", "csrf_token": token})

    assert response.status_code == 413
    assert "The form is too large" in response.text


def test_invalid_utf8_in_a_form_is_refused_with_a_clear_message(client, users, csrf) -> None:
    client.cookies.set("kakehashi_lang", "en")
    token = csrf(client)
    body = b"email=%FF%FEscout&password=x&csrf_token=" + token.encode()

    response = client.post(
        "/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 400
    assert "not valid UTF-8" in response.text


def test_logout_ends_the_session(client, login, csrf) -> None:
    login(client, "scout")
    token = csrf(client, "/")

    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)

    assert SESSION_COOKIE not in client.cookies


def test_language_switch_is_remembered_for_the_signed_in_user(client, login, csrf, context, users) -> None:
    from kakehashi.services import accounts

    login(client, "scout")
    token = csrf(client, "/")

    client.post("/lang/en", data={"csrf_token": token, "next": "/"})  # the switch's form (issue 11: POST)

    scout = next(u for u in accounts.list_users(context.uow()) if u.email == users["scout"])
    assert scout.locale == "en"
