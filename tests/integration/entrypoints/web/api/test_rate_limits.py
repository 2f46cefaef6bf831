"""Expensive endpoints answer 429 with Retry-After and a translated message once a user is over the limit."""

from __future__ import annotations

from tests.integration.entrypoints.web.api.conftest import World


def test_search_beyond_the_limit_answers_429_with_retry_after(sqlite_world: World) -> None:
    world = sqlite_world
    world.context.settings = world.context.settings.model_copy(update={"rate_limit_search": 2})
    alpha = world.as_("alpha")
    for _ in range(2):
        assert world.client.get("/api/v1/search", params={"q": "sensor"}, headers=alpha).status_code == 200
    refused = world.client.get(
        "/api/v1/search", params={"q": "sensor"}, headers={**alpha, "Accept-Language": "ja"}
    )
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # The API speaks English and names the message, so a client can show its own translation (as pages do).
    assert refused.json()["message_id"] == "too many requests; please wait {seconds} seconds and try again"
    english = world.client.get("/api/v1/search", params={"q": "sensor"}, headers=alpha)
    assert english.status_code == 429 and english.json()["detail"].startswith("too many requests")
    # Another user is not held back by alpha's searches.
    assert world.client.get("/api/v1/search", params={"q": "x"}, headers=world.as_("beta")).status_code == 200


def test_the_search_page_beyond_the_limit_shows_a_page(sqlite_world: World) -> None:
    world = sqlite_world
    world.context.settings = world.context.settings.model_copy(update={"rate_limit_search": 1})
    alpha = world.as_("alpha")
    page = {**alpha, "Accept": "text/html"}
    assert world.client.get("/search", params={"q": "sensor"}, headers=page).status_code == 200
    refused = world.client.get("/search", params={"q": "sensor"}, headers=page)
    assert refused.status_code == 429
    assert "text/html" in refused.headers["content-type"]
    assert "リクエストが多すぎます" in refused.text  # in the user's language (Japanese, their setting)
    assert "Traceback" not in refused.text
