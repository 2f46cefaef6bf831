"""The directory service on SQLite and PostgreSQL: filters, facet counts, profiles and self-editing."""

from __future__ import annotations

from datetime import date

import pytest

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind, normalize_name
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.directory import (
    CompanyFilters,
    ProfileUpdate,
    get_company,
    list_companies,
    update_own_profile,
)

pytestmark = pytest.mark.integration


def _org(name: str, **fields: object) -> Organization:
    fields.setdefault("kind", "startup")
    return Organization(name=name, name_key=normalize_name(name), **fields)


@pytest.fixture
def catalogue(context: AppContext) -> dict[str, int]:
    """Three startups (two cyber, one agri), a corporation, an investor, a round and a deal."""
    with context.uow() as uow:
        cyber = TaxonomyTerm(
            facet="sector", slug="cybersecurity", label_en="Cybersecurity", label_ja="サイバーセキュリティ"
        )
        agri = TaxonomyTerm(facet="sector", slug="agritech", label_en="Agritech", label_ja="アグリテック")
        shield = _org(
            "Shield Labs",
            country="IL",
            stage="seed",
            status="active",
            founded_on=date(2019, 1, 1),
            founded_precision="year",
            total_funding_usd=4_000_000,
            terms=[cyber],
        )
        vault = _org(
            "Vault Cyber",
            country="IL",
            stage="series_a",
            status="active",
            founded_on=date(2015, 6, 1),
            founded_precision="month",
            total_funding_usd=20_000_000,
            terms=[cyber],
        )
        sprout = _org(
            "Sprout Fields",
            country="IL",
            stage="seed",
            status="active",
            founded_on=date(2021, 1, 1),
            founded_precision="year",
            total_funding_usd=1_000_000,
            terms=[agri],
        )
        toyo = _org("Toyo Motors", kind="corporation", country="JP", name_ja="東洋自動車")
        fund = _org("Jerusalem Ventures", kind="investor", country="IL")
        uow.session.add_all([shield, vault, sprout, toyo, fund])
        uow.session.flush()
        seed = FundingRound(
            organization_id=vault.id,
            announced_on=date(2022, 3, 1),
            round_type="series_a",
            amount=20_000_000,
            currency="USD",
            amount_usd=20_000_000,
        )
        seed.investors.append(RoundInvestor(investor_id=fund.id, is_lead=True))
        uow.session.add(seed)
        deal = Deal(kind="investment", announced_on=date(2023, 5, 1), title="Toyo invests in Vault")
        deal.parties.extend(
            [
                DealParty(organization_id=toyo.id, role="investor"),
                DealParty(organization_id=vault.id, role="target"),
            ]
        )
        uow.session.add(deal)
        uow.commit()
        return {"shield": shield.id, "vault": vault.id, "sprout": sprout.id, "toyo": toyo.id, "fund": fund.id}


def test_list_companies_filters_by_sector_and_counts_other_sectors(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    page = list_companies(
        context.uow(), filters=CompanyFilters(kind="startup", sector="cybersecurity"), limit=10
    )

    assert [c.name for c in page.items] == ["Shield Labs", "Vault Cyber"]
    assert page.total == 2
    assert {f.value: f.count for f in page.facets["sector"]} == {"cybersecurity": 2, "agritech": 1}
    assert {f.value: f.count for f in page.facets["stage"]} == {"seed": 1, "series_a": 1}


def test_list_companies_founded_and_funding_ranges_narrow_results(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    filters = CompanyFilters(founded_from=2016, founded_to=2022, funding_min_usd=2_000_000, sort="-funding")

    page = list_companies(context.uow(), filters=filters)

    assert [c.name for c in page.items] == ["Shield Labs"]


def test_list_companies_text_filter_matches_japanese_name(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    page = list_companies(context.uow(), filters=CompanyFilters(text="東洋"))

    assert [c.name for c in page.items] == ["Toyo Motors"]


def test_list_companies_reversed_range_is_refused(context: AppContext) -> None:
    with pytest.raises(InvalidInput):
        list_companies(context.uow(), filters=CompanyFilters(founded_from=2020, founded_to=2010))


def test_get_company_shows_rounds_with_investor_countries_and_deals(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    profile = get_company(context.uow(), organization_id=catalogue["vault"])

    assert [(r.round_type, r.amount_usd) for r in profile.rounds] == [("series_a", 20_000_000)]
    assert [(i.investor.name, i.is_lead) for i in profile.rounds[0].investors] == [
        ("Jerusalem Ventures", True)
    ]
    assert profile.rounds[0].investor_countries == ["IL"]
    assert [(d.title, d.role) for d in profile.deals] == [("Toyo invests in Vault", "target")]
    assert [t.label("ja") for t in profile.terms_of("sector")] == ["サイバーセキュリティ"]
    assert profile.founded == "2015-06"


def test_get_company_investor_lists_its_investments(context: AppContext, catalogue: dict[str, int]) -> None:
    profile = get_company(context.uow(), organization_id=catalogue["fund"])

    assert [(i.company.name, i.is_lead) for i in profile.investments] == [("Vault Cyber", True)]


def test_get_company_unknown_id_is_not_found(context: AppContext) -> None:
    with pytest.raises(NotFound):
        get_company(context.uow(), organization_id=999_999)


def test_update_own_profile_saves_both_languages(context: AppContext, catalogue: dict[str, int]) -> None:
    viewer = Viewer(
        user_id=1,
        organization_id=catalogue["shield"],
        organization_kind=OrganizationKind.STARTUP,
        role=Role.MEMBER,
    )
    update = ProfileUpdate(
        description_en="Zero-trust for factories",
        description_ja="工場向けゼロトラスト",
        website="shield.example.com",
    )

    update_own_profile(context.uow(), viewer=viewer, update=update)
    profile = get_company(context.uow(), organization_id=catalogue["shield"])

    assert (profile.description_en, profile.description_ja, profile.website) == (
        "Zero-trust for factories",
        "工場向けゼロトラスト",
        "https://shield.example.com",
    )


def test_update_own_profile_by_corporation_is_refused(context: AppContext, catalogue: dict[str, int]) -> None:
    viewer = Viewer(
        user_id=2,
        organization_id=catalogue["toyo"],
        organization_kind=OrganizationKind.CORPORATION,
        role=Role.MEMBER,
    )

    with pytest.raises(PermissionDenied):
        update_own_profile(context.uow(), viewer=viewer, update=ProfileUpdate(description_en="x"))


def test_update_own_profile_oversized_description_changes_nothing(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    viewer = Viewer(
        user_id=1,
        organization_id=catalogue["shield"],
        organization_kind=OrganizationKind.STARTUP,
        role=Role.MEMBER,
    )

    with pytest.raises(InvalidInput):
        update_own_profile(
            context.uow(), viewer=viewer, update=ProfileUpdate(name_en="New", description_en="x" * 10_001)
        )
    profile = get_company(context.uow(), organization_id=catalogue["shield"])

    assert (profile.name_en, profile.description_en) == (None, None)


def test_list_companies_accepts_a_plain_mapping_of_filters(
    context: AppContext, catalogue: dict[str, int]
) -> None:
    page = list_companies(context.uow(), filters={"country": "jp", "kind": "corporation"}, limit=10, offset=0)

    assert [c.name for c in page.items] == ["Toyo Motors"]


def test_list_companies_unknown_filter_name_is_refused(context: AppContext) -> None:
    with pytest.raises(InvalidInput):
        list_companies(context.uow(), filters={"colour": "blue"})


def test_update_own_profile_takes_fields_as_keywords(context: AppContext, catalogue: dict[str, int]) -> None:
    viewer = Viewer(
        user_id=1,
        organization_id=catalogue["shield"],
        organization_kind=OrganizationKind.STARTUP,
        role=Role.MEMBER,
    )

    profile = update_own_profile(context.uow(), viewer=viewer, name_ja="シールドラボ", city=" Haifa ")

    assert (profile.name_ja, profile.city) == ("シールドラボ", "Haifa")
