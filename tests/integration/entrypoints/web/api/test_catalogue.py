"""Companies and search over the API: filters, pagination, profiles with rounds and deals, ranked search."""

from __future__ import annotations

from datetime import date

import pytest

from kakehashi.adapters.db.models import Deal, DealParty, FundingRound, Organization, RoundInvestor

from .conftest import World

pytestmark = [
    pytest.mark.integration,
    # SudachiPy deprecates Dictionary.create(); the search layer still calls it when a worker thread
    # builds its own tokenizer. Not this module's subject, so it must not fail these tests.
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),
]


def _seed(world: World) -> dict[str, int]:
    """Two Israeli startups, a Japanese investor-corporation, one round and one deal; indexed for search."""
    with world.context.uow() as uow:
        cyber = Organization(
            kind="startup",
            name="Shieldline",
            name_key="shieldline",
            country="IL",
            stage="series_a",
            description_en="Cyber threat detection for factories and industrial control systems.",
        )
        farm = Organization(
            kind="startup",
            name="AgriSense",
            name_key="agrisense",
            country="IL",
            stage="seed",
            description_en="Soil sensors and irrigation analytics for farms.",
        )
        investor = Organization(
            kind="corporation", name="Omega Ventures KK", name_key="omegaventures", country="JP"
        )
        uow.session.add_all([cyber, farm, investor])
        uow.session.flush()
        series_a = FundingRound(
            organization_id=cyber.id,
            announced_on=date(2024, 3, 1),
            round_type="series_a",
            amount_usd=12_000_000,
        )
        series_a.investors.append(RoundInvestor(investor_id=investor.id, is_lead=True))
        deal = Deal(kind="partnership", title="<b>PoC</b> with Omega", announced_on=date(2024, 6, 1))
        deal.parties.extend(
            [
                DealParty(organization_id=cyber.id, role="partner"),
                DealParty(organization_id=investor.id, role="partner"),
            ]
        )
        uow.session.add_all([series_a, deal])
        ids = {"cyber": cyber.id, "farm": farm.id, "investor": investor.id}
        uow.commit()
    world.context.catalog_changed(list(ids.values()))
    return ids


def test_company_list_filters_and_paginates(world: World) -> None:
    _seed(world)

    page = world.client.get(
        "/api/v1/companies?country=IL&limit=1&sort=name", headers=world.as_("alpha")
    ).json()

    assert page["total"] == 2
    assert [c["name"] for c in page["items"]] == ["AgriSense"]


def test_company_profile_has_rounds_with_investors_and_deals(world: World) -> None:
    ids = _seed(world)

    profile = world.client.get(f"/api/v1/companies/{ids['cyber']}", headers=world.as_("startup")).json()

    assert [(r["round_type"], r["amount_usd"]) for r in profile["funding_rounds"]] == [
        ("series_a", 12_000_000)
    ]
    assert [i["investor"]["country"] for i in profile["rounds"][0]["investors"]] == ["JP"]
    assert [d["title"] for d in profile["deals"]] == ["<b>PoC</b> with Omega"]


def test_search_ranks_the_relevant_startup_first_in_japanese(sqlite_world: World) -> None:
    _seed(sqlite_world)

    response = sqlite_world.client.get(
        "/api/v1/search",
        params={"q": "工場のサイバーセキュリティ", "limit": 5},
        headers=sqlite_world.as_("alpha"),
    )

    assert response.status_code == 200
    assert response.json()["items"][0]["name"] == "Shieldline"
    assert response.json()["items"][0]["why"] != []


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "title:(foo AND", "<script>alert(1)</script>", "🤖🏭", "x" * 10_000, "   "]
)
def test_search_with_hostile_queries_answers_200(sqlite_world: World, query: str) -> None:
    _seed(sqlite_world)

    response = sqlite_world.client.get(
        "/api/v1/search", params={"q": query}, headers=sqlite_world.as_("beta")
    )

    assert response.status_code == 200
    assert response.json()["total"] >= 0


def test_search_limit_out_of_range_is_a_clear_422(sqlite_world: World) -> None:
    response = sqlite_world.client.get("/api/v1/search?q=ai&limit=100000", headers=sqlite_world.as_("alpha"))

    assert response.status_code == 422
    assert response.json()["detail"].startswith("limit:")


def test_startup_edits_its_own_profile_in_both_languages(sqlite_world: World) -> None:
    startup_id = sqlite_world.orgs["startup"]

    response = sqlite_world.client.patch(
        f"/api/v1/companies/{startup_id}",
        json={"description_en": "OT security for factories", "description_ja": "工場向けOTセキュリティ"},
        headers=sqlite_world.as_("startup"),
    )
    found = sqlite_world.client.get(
        "/api/v1/search", params={"q": "OTセキュリティ"}, headers=sqlite_world.as_("alpha")
    )

    assert response.status_code == 200
    assert response.json()["description_ja"] == "工場向けOTセキュリティ"
    assert [item["id"] for item in found.json()["items"]][:1] == [startup_id]


@pytest.mark.parametrize("who", ["beta", "organizer"])
def test_nobody_edits_another_organizations_profile(sqlite_world: World, who: str) -> None:
    response = sqlite_world.client.patch(
        f"/api/v1/companies/{sqlite_world.orgs['startup']}",
        json={"description_en": "hacked"},
        headers=sqlite_world.as_(who),
    )

    assert response.status_code == 403
