"""Several servers on one database (issue 16): whichever process answers, a sign-in, a CSRF token and the
search index agree; an edit made through one server is found by search through another within 5 s, each
server with its own data folder, and a server that starts on a filled database builds its index from it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import make_context
from tests.integration.entrypoints.web.servers import Server

from kakehashi.entrypoints.context import AppContext
from kakehashi.services.demo import load_demo
from kakehashi.services.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.integration

FOUNDER = "founder@demo.kakehashi.jp"
SCOUT = "scout@demo.kakehashi.jp"
FOLLOW_WITHIN_SECONDS = 5


@pytest.fixture
def two_servers(database_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Demo catalogue and logins in the database, no index anywhere; two servers with separate folders."""
    context: AppContext = make_context(database_url, tmp_path / "loader")
    load_demo(context.uow(), if_empty=True, with_logins=True)  # no after_commit: nobody indexes it
    context.dispose()
    # B is `serve --workers 2`: its two processes share B's folder, and either may answer.
    servers = (Server(database_url, tmp_path / "a"), Server(database_url, tmp_path / "b", workers=2))
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _hit_ids(client: httpx.Client, query: str, token: str) -> list[int]:
    response = client.get(
        "/api/v1/search", params={"q": query, "limit": 20}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _keyword_hits(client: httpx.Client, word: str, token: str) -> list[int]:
    """Organizations whose indexed text contains `word` (semantic neighbours of any word do not count)."""
    response = client.get("/api/v1/search", params={"q": word}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    return [item["id"] for item in items if any(word in term for term in item["matched_terms"])]


def test_an_edit_through_one_server_is_found_through_the_other(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    with a.client() as at_a, b.client() as at_b:
        # A scout's bearer token from A is good on B; each server built its index from the database at start.
        issued = at_a.post("/api/v1/auth/token", json={"email": SCOUT, "password": DEMO_PASSWORD})
        scout = issued.json()["access_token"]
        on_a = _hit_ids(at_a, "cyber security", scout)
        assert on_a and on_a == _hit_ids(at_b, "cyber security", scout)
        # Signed in through B; the cookie and the CSRF token B issued are accepted by A.
        signed_in = at_b.post("/api/v1/auth/session", json={"email": FOUNDER, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        company_id = signed_in.json()["organization_id"]
        token = at_b.get("/api/v1/auth/csrf").json()["csrf_token"]
        at_a.cookies.update(at_b.cookies)
        word = "zephyrquokka"
        assert _keyword_hits(at_b, word, scout) == []
        edited = at_a.patch(
            f"/api/v1/companies/{company_id}",
            json={"description_en": f"Predictive maintenance with {word} sensors for factories."},
            headers={"X-CSRF-Token": token},
        )
        assert edited.status_code == 200, edited.text
        assert _keyword_hits(at_a, word, scout) == [
            company_id
        ]  # the server that made the edit indexed it at once
        deadline = time.monotonic() + FOLLOW_WITHIN_SECONDS
        found: list[int] = []
        while time.monotonic() < deadline and company_id not in found:
            found = _keyword_hits(at_b, word, scout)
            time.sleep(0.2)
        assert company_id in found, f"B did not find the edit within {FOLLOW_WITHIN_SECONDS} s"
        for _ in range(4):  # new connections: whichever of B's workers answers has it
            with b.client() as fresh:
                assert _keyword_hits(fresh, word, scout) == [company_id]
        # Without the CSRF token, the same session cookie changes nothing, on either server.
        for client in (at_a, at_b):
            client.cookies.update(at_a.cookies)
            refused = client.patch(f"/api/v1/companies/{company_id}", json={"description_en": "forged"})
            assert refused.status_code == 403
