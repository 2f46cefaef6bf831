"""Planning over the API with the organizer's weight tolerance; the version tells the trade in words."""

from __future__ import annotations

import pytest

from .conftest import World
from .test_missions import _import

pytestmark = pytest.mark.integration


def test_solve_takes_a_weight_tolerance_and_tells_the_trade(sqlite_world: World) -> None:
    mission_id = _import(sqlite_world)
    url = f"/api/v1/missions/{mission_id}/solve?time_limit=3"

    solved = sqlite_world.client.post(f"{url}&weight_tolerance=0.02", headers=sqlite_world.as_("organizer"))
    refused = sqlite_world.client.post(f"{url}&weight_tolerance=2", headers=sqlite_world.as_("organizer"))

    # The run is a job (202); with the test queue it has finished when the answer comes back.
    assert solved.status_code == 202, solved.text
    assert solved.json()["status"] == "succeeded"
    version = solved.json()["result"]["version"]
    detail = sqlite_world.client.get(f"/api/v1/missions/{mission_id}", headers=sqlite_world.as_("organizer"))
    stored = next(v for v in detail.json()["versions"] if v["version"] == version)
    summary = stored["summary"]
    assert summary[0].startswith("Placed weight ") and "the greedy planner places" in summary[0]
    assert any(line.startswith("The worst-served team gets ") for line in summary)
    assert refused.status_code == 422
