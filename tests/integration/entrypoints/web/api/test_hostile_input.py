"""Bad and hostile input gets one clear message and changes nothing; never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.entrypoints.web.security import MAX_BODY_BYTES
from kakehashi.settings import Settings

from .conftest import World

pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json"}


def _headers(world: World, who: str = "alpha") -> dict[str, str]:
    return {**world.as_(who), **JSON}


def test_oversized_text_field_is_refused_with_the_field_named(world: World) -> None:
    response = world.client.post(
        "/api/v1/shortlists", json={"name": "x" * 100_000}, headers=world.as_("alpha")
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("name:")
    assert world.client.get("/api/v1/shortlists", headers=world.as_("alpha")).json()["total"] == 0


def test_oversized_body_answers_413_before_reading_it(sqlite_world: World) -> None:
    body = b'{"name": "' + b"x" * (MAX_BODY_BYTES + 1) + b'"}'

    response = sqlite_world.client.post("/api/v1/shortlists", content=body, headers=_headers(sqlite_world))

    assert response.status_code == 413


def test_oversized_chunked_body_answers_413(sqlite_world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(MAX_BODY_BYTES // (1024 * 1024) + 2):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    response = sqlite_world.client.post(
        "/api/v1/shortlists", content=chunks(), headers=_headers(sqlite_world)
    )

    assert response.status_code == 413


def test_invalid_utf8_body_answers_400(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/shortlists", content=b'{"name": "\xff\xfe"}', headers=_headers(sqlite_world)
    )

    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_malformed_json_answers_400(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/shortlists", content=b'{"name": ', headers=_headers(sqlite_world)
    )

    assert response.status_code == 400


def test_nul_character_in_text_is_refused(world: World) -> None:
    response = world.client.post("/api/v1/notes", json={"body": "a\x00b"}, headers=world.as_("alpha"))

    assert response.status_code == 422


def test_nul_character_in_query_string_is_refused(sqlite_world: World) -> None:
    response = sqlite_world.client.get("/api/v1/companies?q=a%00b", headers=sqlite_world.as_("alpha"))

    assert response.status_code == 400


def test_unknown_fields_are_refused(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/shortlists",
        json={"name": "x", "organization_id": sqlite_world.orgs["beta"]},
        headers=sqlite_world.as_("alpha"),
    )

    assert response.status_code == 422


def test_html_in_text_comes_back_verbatim_as_json_data(sqlite_world: World) -> None:
    script = "<script>alert('x')</script>"

    response = sqlite_world.client.post(
        "/api/v1/notes", json={"body": script}, headers=sqlite_world.as_("alpha")
    )

    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["body"] == script


def test_responses_forbid_sniffing_and_framing(sqlite_world: World) -> None:
    response = sqlite_world.client.get("/api/v1/auth/me", headers=sqlite_world.as_("alpha"))

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/shortlists/999999", 404),
        ("/api/v1/notes/999999", 404),
        ("/api/v1/engagements/999999", 404),
        ("/api/v1/contact-requests/999999", 404),
        ("/api/v1/companies/999999", 404),
        ("/api/v1/missions/999999", 404),
        ("/api/v1/shortlists/abc", 422),
        ("/api/v1/shortlists/-1", 422),
        ("/api/v1/shortlists/99999999999999999999999", 422),
        ("/api/v1/no-such-endpoint", 404),
    ],
)
def test_wrong_ids_answer_clearly(sqlite_world: World, path: str, status: int) -> None:
    response = sqlite_world.client.get(path, headers=sqlite_world.as_("alpha"))

    assert response.status_code == status
    assert response.json()["detail"] != ""


@pytest.mark.parametrize("query", ["%'; DROP TABLE organizations; --", "\\_%", "名前' OR ''='"])
def test_injection_looking_directory_filters_are_plain_text(world: World, query: str) -> None:
    response = world.client.get("/api/v1/companies", params={"q": query}, headers=world.as_("alpha"))

    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_wrong_method_answers_405(sqlite_world: World) -> None:
    response = sqlite_world.client.put("/api/v1/shortlists", json={}, headers=sqlite_world.as_("alpha"))

    assert response.status_code == 405


def test_oversized_form_from_a_browser_gets_a_page(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/login",
        content=b"email=" + b"x" * (MAX_BODY_BYTES + 1),
        headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


def test_deeply_nested_json_answers_400(sqlite_world: World) -> None:
    body = b"[" * 100_000 + b"]" * 100_000

    response = sqlite_world.client.post("/api/v1/shortlists", content=body, headers=_headers(sqlite_world))

    assert response.status_code == 400


def test_database_without_schema_answers_503_with_the_fix(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    context = AppContext(
        settings=Settings(environment="test", data_dir=tmp_path, database_url=url), database_url=url
    )
    client = TestClient(create_app(context))

    response = client.post("/api/v1/auth/token", json={"email": "a@b.jp", "password": "whatever1"})

    context.dispose()
    assert response.status_code == 503
    assert "kakehashi init" in response.json()["detail"]
