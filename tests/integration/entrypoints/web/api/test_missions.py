"""Missions over the API: organizers import and plan; other organizations see only missions they are in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import World

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[5] / "docs" / "examples" / "mission-small.json"


def _instance() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _import(world: World) -> int:
    response = world.client.post("/api/v1/missions", json=_instance(), headers=world.as_("organizer"))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_organizer_imports_a_mission_and_reads_it_back(world: World) -> None:
    mission_id = _import(world)

    detail = world.client.get(f"/api/v1/missions/{mission_id}", headers=world.as_("organizer")).json()
    listing = world.client.get("/api/v1/missions", headers=world.as_("organizer")).json()

    assert detail["name"] == _instance()["name"]
    assert len(detail["instance"]["participants"]) == len(_instance()["participants"])
    assert [m["id"] for m in listing["items"]] == [mission_id]
    assert listing["total"] == 1


def test_corporation_cannot_create_missions(world: World) -> None:
    response = world.client.post("/api/v1/missions", json=_instance(), headers=world.as_("alpha"))

    assert response.status_code == 403


def test_mission_of_others_is_invisible_to_a_corporation(world: World) -> None:
    mission_id = _import(world)

    detail = world.client.get(f"/api/v1/missions/{mission_id}", headers=world.as_("beta"))
    listing = world.client.get("/api/v1/missions", headers=world.as_("beta")).json()

    assert detail.status_code == 404
    assert listing == {"items": [], "total": 0}


def test_unsound_instance_is_refused_and_nothing_is_stored(world: World) -> None:
    broken = _instance()
    broken["requests"].append({"delegate": "nobody", "host": "nowhere", "weight": 1})

    response = world.client.post("/api/v1/missions", json=broken, headers=world.as_("organizer"))

    assert response.status_code == 422
    assert world.client.get("/api/v1/missions", headers=world.as_("organizer")).json()["total"] == 0


def test_schedule_before_solving_answers_404(world: World) -> None:
    mission_id = _import(world)

    response = world.client.get(f"/api/v1/missions/{mission_id}/schedule", headers=world.as_("organizer"))

    assert response.status_code == 404


def test_solved_mission_has_a_schedule_and_agendas(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)
    delegate = _instance()["participants"][0]["id"]

    solved = sqlite_world.client.post(
        f"/api/v1/missions/{mission_id}/solve?time_limit=5", headers=sqlite_world.as_("organizer")
    )
    schedule = sqlite_world.client.get(
        f"/api/v1/missions/{mission_id}/schedule", headers=sqlite_world.as_("organizer")
    )
    agenda = sqlite_world.client.get(
        f"/api/v1/missions/{mission_id}/agenda/{delegate}.ics", headers=sqlite_world.as_("organizer")
    )

    assert solved.status_code == 202
    assert solved.json()["mission_id"] == mission_id
    assert schedule.json()["meetings"] != []
    assert agenda.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in agenda.text


def test_repair_after_a_cancellation_keeps_the_rest(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)
    sqlite_world.client.post(
        f"/api/v1/missions/{mission_id}/solve?time_limit=5", headers=sqlite_world.as_("organizer")
    )
    before = sqlite_world.client.get(
        f"/api/v1/missions/{mission_id}/schedule", headers=sqlite_world.as_("organizer")
    ).json()
    cancelled = before["meetings"][0]

    response = sqlite_world.client.post(
        f"/api/v1/missions/{mission_id}/repair?time_limit=5",
        json={"cancellations": [[cancelled["delegate"], cancelled["host"]]]},
        headers=sqlite_world.as_("organizer"),
    )

    job = sqlite_world.client.get(response.json()["url"], headers=sqlite_world.as_("organizer")).json()
    after = sqlite_world.client.get(
        f"/api/v1/missions/{mission_id}/schedule", headers=sqlite_world.as_("organizer")
    ).json()
    pairs = {(m["delegate"], m["host"]) for m in after["meetings"]}
    assert response.status_code == 202
    assert (job["status"], job["result"]["version"]) == ("succeeded", 2)
    assert (cancelled["delegate"], cancelled["host"]) not in pairs
    assert len(job["result"]["report"]["kept"]) >= len(before["meetings"]) - 3


def test_only_organizers_repair(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)

    response = sqlite_world.client.post(
        f"/api/v1/missions/{mission_id}/repair", json={"dropouts": ["x"]}, headers=sqlite_world.as_("alpha")
    )

    assert response.status_code == 403


def test_mission_requests_are_listed_with_their_state(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)

    response = sqlite_world.client.get(
        f"/api/v1/missions/{mission_id}/requests", headers=sqlite_world.as_("organizer")
    )

    assert response.json()["total"] == len(_instance()["requests"])
    assert {r["status"] for r in response.json()["items"]} <= {
        "pending",
        "accepted",
        "declined",
        "expired",
        "cancelled",
    }


def test_every_mission_operation_declares_its_answer_in_the_openapi_document(sqlite_world: World) -> None:
    paths = sqlite_world.client.get("/api/v1/openapi.json").json()["paths"]

    undeclared = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        if path.startswith("/api/v1/missions")
        for method, operation in operations.items()
        if not any(
            "$ref" in answer["content"][kind].get("schema", {}) or kind == "text/calendar"
            for status, answer in operation["responses"].items()
            if status.startswith("2")
            for kind in answer.get("content", {})  # a named model, or an iCalendar download
        )
    ]
    assert len(paths) > 0
    assert undeclared == []
