"""GET /api/v1/insights/capital: the dashboards' figures as JSON, same parameters, on both databases.

One Israeli round of $9M in 2016 with investors from Japan (lead), Japan and the United States, and one of
$4M in 2017 without investors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kakehashi.adapters.db.models import FundingRound, Organization, RoundInvestor
from kakehashi.domain.organizations import normalize_name

from .conftest import World

pytestmark = pytest.mark.integration


def _org(name: str, kind: str, country: str) -> Organization:
    return Organization(name=name, name_key=normalize_name(name), kind=kind, country=country)


@pytest.fixture
def rounds(world: World) -> World:
    with world.context.uow() as uow:
        session = uow.session
        company = _org("Negev Sensors", "startup", "IL")
        other = _org("Galil Robotics", "startup", "IL")
        a, b, c = (
            _org("Asahi VC", "investor", "JP"),
            _org("Biwa Fund", "investor", "JP"),
            _org("Cove", "investor", "US"),
        )
        session.add_all([company, other, a, b, c])
        session.flush()
        first = FundingRound(
            organization_id=company.id,
            announced_on=date(2016, 3, 1),
            round_type="series_a",
            amount_usd=9_000_000,
        )
        first.investors.extend(
            [
                RoundInvestor(investor_id=a.id, is_lead=True),
                RoundInvestor(investor_id=b.id),
                RoundInvestor(investor_id=c.id),
            ]
        )
        second = FundingRound(
            organization_id=other.id, announced_on=date(2017, 3, 1), round_type="seed", amount_usd=4_000_000
        )
        session.add_all([first, second])
        uow.commit()
    return world


def _rows(body: dict[str, Any]) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    return {
        tuple(row[k] for k in body["group_by"]): (row["capital_usd"], row["rounds"]) for row in body["rows"]
    }


@pytest.mark.parametrize(
    ("attribution", "japan", "adds_up"),
    [("participation", 9_000_000, False), ("equal_split", 6_000_000, True), ("lead", 9_000_000, True)],
)
def test_capital_by_investor_country_under_each_rule(
    rounds: World, attribution: str, japan: float, adds_up: bool
) -> None:
    response = rounds.client.get(
        "/api/v1/insights/capital",
        params={"attribution": attribution, "year_from": 2016, "year_to": 2017},
        headers=rounds.as_("alpha"),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    rows = _rows(body)
    assert body["group_by"] == ["investor_country", "year"]
    assert rows[("JP", 2016)][0] == pytest.approx(japan)
    assert rows[("JP", 2016)][1] == 1
    assert rows[("unknown", 2017)] == (pytest.approx(4_000_000), 1)  # a round without investors
    assert body["total_capital_usd"] == pytest.approx(13_000_000) and body["rounds"] == 2
    assert body["rows_add_up"] is adds_up


def test_grouping_and_filters(rounds: World) -> None:
    by_year = rounds.client.get(
        "/api/v1/insights/capital", params={"group_by": "year"}, headers=rounds.as_("startup")
    ).json()
    seed = rounds.client.get(
        "/api/v1/insights/capital", params={"funding_type": "seed"}, headers=rounds.as_("startup")
    ).json()
    japan_only = rounds.client.get(
        "/api/v1/insights/capital",
        params={"investor_country": "jp", "attribution": "equal_split"},
        headers=rounds.as_("startup"),
    ).json()

    assert _rows(by_year) == {(2016,): (9_000_000, 1), (2017,): (4_000_000, 1)}
    assert seed["rounds"] == 1 and seed["total_capital_usd"] == 4_000_000
    assert set(_rows(japan_only)) == {("JP", 2016)}


def test_strangers_and_bad_parameters(rounds: World) -> None:
    anonymous = rounds.client.get("/api/v1/insights/capital")
    bad_rule = rounds.client.get(
        "/api/v1/insights/capital", params={"attribution": "most"}, headers=rounds.as_("alpha")
    )
    bad_year = rounds.client.get(
        "/api/v1/insights/capital", params={"year_from": 20016}, headers=rounds.as_("alpha")
    )

    assert anonymous.status_code == 401
    assert bad_rule.status_code == 422 and bad_year.status_code == 422
