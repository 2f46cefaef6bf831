"""Issue 11 input checks over HTTP: numbers past 64 bits, non-finite filters, reversed ranges, unknown fields
and data that does not fit (a corporation as a startup, feedback on oneself) answer 422, never 500; an
unexpected error still carries the protective headers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import workspace

from .conftest import World

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]

HUGE = [2**63, 10**30]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/search", "funding_min"),
        ("/api/v1/search", "funding_max"),
        ("/api/v1/search", "offset"),
        ("/api/v1/companies", "funding_min"),
        ("/api/v1/companies", "funding_max"),
        ("/api/v1/companies", "offset"),
        ("/api/v1/needs", "offset"),
    ],
)
def test_numbers_past_64_bits_in_lists_answer_422_naming_the_parameter(
    sqlite_world: World, path: str, parameter: str, value: int
) -> None:
    response = sqlite_world.client.get(path, params={parameter: value}, headers=sqlite_world.as_("alpha"))

    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{parameter}:")


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("bound", ["funding_min", "funding_max", "founded_from", "founded_to"])
def test_need_constraints_past_64_bits_answer_422(world: World, bound: str, value: int) -> None:
    created = world.client.post(
        "/api/v1/needs",
        json={"title": "OT security", "constraints": {bound: value}},
        headers=world.as_("alpha"),
    )
    need = world.client.post("/api/v1/needs", json={"title": "OT security"}, headers=world.as_("alpha"))
    changed = world.client.patch(
        f"/api/v1/needs/{need.json()['id']}", json={"constraints": {bound: value}}, headers=world.as_("alpha")
    )

    assert (created.status_code, changed.status_code) == (422, 422)
    assert created.json()["detail"].startswith(f"constraints.{bound}:")
    assert world.client.get("/api/v1/needs", headers=world.as_("alpha")).json()["total"] == 1


def test_need_stored_with_out_of_range_constraints_still_answers(world: World) -> None:
    need_id = world.client.post(
        "/api/v1/needs", json={"title": "OT security"}, headers=world.as_("alpha")
    ).json()["id"]
    with world.context.uow() as uow:  # written before the bounds existed
        need = uow.needs.get(need_id)
        assert need is not None
        uow.needs.save(replace(need, constraints={"funding_min": 2**63, "founded_to": 10**30}))
        uow.commit()

    shown = world.client.get(f"/api/v1/needs/{need_id}", headers=world.as_("alpha"))
    matches = world.client.get(f"/api/v1/needs/{need_id}/matches", headers=world.as_("alpha"))

    assert (shown.status_code, matches.status_code) == (200, 200)


@pytest.mark.parametrize(
    "raw",
    [
        '{"founded_from": 1e999}',
        '{"founded_from": NaN}',
        '{"funding_min": -Infinity}',
        '{"funding_max": 100000000000000000000000000000}',
        '{"founded_to": 9999}',
        '{"founded_from": 2020, "founded_to": 2010}',
        '{"funding_min": 5000000, "funding_max": 1000000}',
    ],
)
def test_saved_search_with_a_filter_that_could_not_run_answers_422(world: World, raw: str) -> None:
    body = '{"name": "poison", "query": "ai", "alert": true, "filters": ' + raw + "}"

    response = world.client.post(
        "/api/v1/saved-searches",
        content=body,
        headers={**world.as_("alpha"), "content-type": "application/json"},
    )

    assert response.status_code == 422
    assert world.client.get("/api/v1/saved-searches", headers=world.as_("alpha")).json()["total"] == 0


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/search", {"founded_from": 2020, "founded_to": 2010}),
        ("/api/v1/search", {"funding_min": 5_000_000, "funding_max": 1_000_000}),
        ("/api/v1/companies", {"founded_from": 2020, "founded_to": 2010}),
        ("/api/v1/companies", {"funding_min": 5_000_000, "funding_max": 1_000_000}),
    ],
)
def test_reversed_ranges_in_searches_answer_422(
    sqlite_world: World, path: str, params: dict[str, int]
) -> None:
    response = sqlite_world.client.get(path, params=params, headers=sqlite_world.as_("alpha"))

    assert response.status_code == 422


@pytest.mark.parametrize(
    "constraints",
    [{"founded_from": 2020, "founded_to": 2010}, {"funding_min": 5_000_000, "funding_max": 1_000_000}],
)
def test_reversed_need_constraints_answer_422(world: World, constraints: dict[str, int]) -> None:
    response = world.client.post(
        "/api/v1/needs", json={"title": "OT security", "constraints": constraints}, headers=world.as_("alpha")
    )

    assert response.status_code == 422
    assert world.client.get("/api/v1/needs", headers=world.as_("alpha")).json()["total"] == 0


def test_unknown_field_in_a_new_need_answers_422(sqlite_world: World) -> None:
    response = sqlite_world.client.post(
        "/api/v1/needs", json={"title": "OT security", "visiblity": "open"}, headers=sqlite_world.as_("alpha")
    )

    assert response.status_code == 422
    assert "visiblity" in response.json()["detail"]
    assert sqlite_world.client.get("/api/v1/needs", headers=sqlite_world.as_("alpha")).json()["total"] == 0


def test_a_corporation_is_refused_as_a_shortlisted_or_engaged_startup(world: World) -> None:
    corporation = world.orgs["beta"]
    shortlist = world.client.post(
        "/api/v1/shortlists", json={"name": "OT"}, headers=world.as_("alpha")
    ).json()

    added = world.client.post(
        f"/api/v1/shortlists/{shortlist['id']}/items",
        json={"startup_id": corporation},
        headers=world.as_("alpha"),
    )
    engaged = world.client.post(
        "/api/v1/engagements", json={"startup_id": corporation}, headers=world.as_("alpha")
    )

    assert (added.status_code, engaged.status_code) == (422, 422)
    assert (
        world.client.get(f"/api/v1/shortlists/{shortlist['id']}", headers=world.as_("alpha")).json()["items"]
        == []
    )
    assert world.client.get("/api/v1/engagements", headers=world.as_("alpha")).json()["total"] == 0


def test_feedback_on_ones_own_organization_answers_422(world: World) -> None:
    need = world.client.post(
        "/api/v1/needs", json={"title": "OT security"}, headers=world.as_("alpha")
    ).json()

    response = world.client.post(
        f"/api/v1/needs/{need['id']}/feedback",
        json={"organization_id": world.orgs["alpha"], "relevant": True},
        headers=world.as_("alpha"),
    )

    assert response.status_code == 422


def test_an_unexpected_error_answers_500_with_the_protective_headers(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(workspace, "list_saved_searches", broken)
    client = TestClient(create_app(sqlite_world.context), raise_server_exceptions=False)

    response = client.get("/api/v1/saved-searches", headers=sqlite_world.as_("alpha"))

    assert response.status_code == 500
    assert "boom" not in response.text
    assert {
        k: response.headers.get(k) for k in ("x-content-type-options", "x-frame-options", "referrer-policy")
    } == {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "same-origin",
    }
