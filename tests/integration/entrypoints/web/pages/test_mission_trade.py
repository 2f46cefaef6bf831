"""The organizer sets on the mission page how much placed weight compact days may cost (default none) and the
page tells what the latest solve traded, in English and Japanese (issue 14)."""

from __future__ import annotations

from html import unescape

import pytest

from .test_missions import _import, _run_job, _token

pytestmark = pytest.mark.integration


def test_mission_page_offers_the_weight_tolerance_and_tells_the_trade(client, login, csrf) -> None:
    login(client, "organizer")
    mission_url = _import(client, csrf)
    client.get("/lang/en")
    form = client.get(mission_url).text
    assert 'name="weight_tolerance"' in form
    assert '<option value="0" selected>none (weight first)</option>' in form

    _run_job(client, csrf, f"{mission_url}/solve", {"time_limit": "2", "weight_tolerance": "2"})
    english = unescape(client.get(mission_url).text)
    client.get("/lang/ja")
    japanese = unescape(client.get(mission_url).text)

    assert "Placed weight " in english and "the greedy planner places" in english
    assert "idle slots and" in english and "The worst-served team gets" in english
    assert "配置した重み" in japanese and "最も恵まれないチーム" in japanese


def test_a_weight_tolerance_outside_0_100_is_refused(client, login, csrf) -> None:
    login(client, "organizer")
    mission_url = _import(client, csrf)
    client.get("/lang/en")

    response = client.post(
        f"{mission_url}/solve",
        data={"time_limit": "2", "weight_tolerance": "150", "csrf_token": _token(client, csrf)},
        follow_redirects=False,
    )

    assert response.status_code == 422
    assert "The weight tolerance must be a percentage between 0 and 100." in unescape(response.text)
