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

    assert solved.status_code == 200, solved.text
    summary = solved.json()["summary"]
    assert summary[0].startswith("Placed weight ") and "the greedy planner places" in summary[0]
    assert any(line.startswith("The worst-served team gets ") for line in summary)
    assert refused.status_code == 422
