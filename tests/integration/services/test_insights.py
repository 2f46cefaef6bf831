"""Issue 15: rounds in from a Crunchbase export, money as analysts count it, and each counting rule on a
small catalogue whose figures are worked out by hand below, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kakehashi.adapters.db.models import FundingRound, Organization
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import Attribution, CapitalQuery, Dimension
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import insights
from kakehashi.services.catalog import import_companies_file, import_rounds_file

pytestmark = pytest.mark.integration

INVESTORS_CSV = (
    "Organization Name,Headquarters Location,Description\n"
    'SoftBank,"Tokyo, Tokyo, Japan",Investor\n'
    'Sony Ventures,"Tokyo, Tokyo, Japan",Investor\n'
    'Samsung Next,"Seoul, Seoul-teukbyeolsi, South Korea",Investor\n'
    'Pitango,"Herzliya, Tel Aviv, Israel",Investor\n'
)
STARTUPS_CSV = (
    "Organization Name,Headquarters Location,Industries\n"
    'Alpha,"Tel Aviv-Yafo, Tel Aviv, Israel",Artificial Intelligence (AI)\n'
    'Beta,"Haifa, Haifa District, Israel",Water\n'
    'Gamma,"Jerusalem, Jerusalem, Israel",Cyber Security\n'
    'Delta,"Boston, Massachusetts, United States",Water\n'
)
ROUNDS_HEADER = (
    "Transaction Name,Organization Name,Organization Name URL,Announced Date,Funding Type,Money Raised,"
    "Money Raised Currency,Money Raised (in USD),Lead Investors,Investor Names,Number of Investors,"
    "Investor Type\n"
)
ROUNDS_CSV = ROUNDS_HEADER + (
    # R1: 10M USD, three investors (JP, JP, IL), SoftBank leads
    "Series A - Alpha,Alpha,https://cb/alpha,2016-03-01,Series A,10000000,USD,10000000,SoftBank,"
    '"SoftBank, Sony Ventures, Pitango",3,Venture Capital\n'
    # the same round again (company, date, type): one round
    "Series A - Alpha,Alpha,https://cb/alpha,2016-03-01,Series A,10000000,USD,10000000,SoftBank,"
    '"SoftBank, Sony Ventures, Pitango",3,Venture Capital\n'
    # R3: 4M ILS without a USD amount, on a Saturday: the rate of Friday 2017-06-16; no lead;
    # Mystery Fund is in no investor file (country unknown)
    'Seed - Beta,Beta,,2017-06-17,Seed,4000000,ILS,,,"Samsung Next, Mystery Fund",2,\n'
    # R4: 1M EUR with its USD amount given: 1.2M USD; no investors
    "Series B - Gamma,Gamma,,2018-01-10,Series B,1000000,EUR,1200000,,,0,\n"
    # outside the years, outside the company country
    "Seed - Gamma,Gamma,,2012-05-01,Seed,500000,USD,500000,,SoftBank,1,\n"
    "Seed - Delta,Delta,,2016-05-01,Seed,700000,USD,700000,,SoftBank,1,\n"
    # before the ECB history (1999-01-04): no rate, no capital, reported
    "Grant - Beta,Beta,,1998-06-01,Grant,1000000,JPY,,,,,\n"
    # no company name: the only row that is lost
    "Seed - ?,,,2016-01-01,Seed,1,USD,1,,,,\n"
)
# 4,000,000 ILS at the ECB quotes of 2017-06-16 (1 EUR = 1.1167 USD = 3.939 ILS) = 1,133,993 USD
R3_USD = 1_133_993.0


@pytest.fixture
def catalogue(context: AppContext, tmp_path: Path) -> AppContext:
    (tmp_path / "investors.csv").write_text(INVESTORS_CSV, encoding="utf-8")
    (tmp_path / "startups.csv").write_text(STARTUPS_CSV, encoding="utf-8")
    (tmp_path / "rounds.csv").write_text(ROUNDS_CSV, encoding="utf-8")
    import_companies_file(
        context.uow(), path=tmp_path / "investors.csv", default_kind=OrganizationKind.INVESTOR
    )
    import_companies_file(context.uow(), path=tmp_path / "startups.csv")
    report = import_rounds_file(context.uow(), path=tmp_path / "rounds.csv")
    assert (report.created, report.duplicates, report.rejected) == (6, 1, 1)
    assert [(e.row, e.column) for e in report.errors] == [(9, "Organization Name")]
    assert [(w.row, w.column, w.value) for w in report.warnings] == [(8, "Money Raised", "1000000")]
    return context


def capital(
    context: AppContext, attribution: Attribution, **options: object
) -> dict[tuple[object, ...], tuple[float, int]]:
    query = CapitalQuery(company_country="IL", year_from=2013, year_to=2018, attribution=attribution)
    result = insights.capital(context.uow(), None, CapitalQuery(**{**query.__dict__, **options}))  # type: ignore[arg-type]
    return {tuple(row.key.values()): (round(row.capital_usd, 2), row.rounds) for row in result.rows}


def test_money_kept_as_imported_with_its_rate(catalogue: AppContext) -> None:
    with catalogue.uow() as uow:
        rows = uow.session.execute(
            select(Organization.name, FundingRound.amount, FundingRound.currency, FundingRound.amount_usd,
                   FundingRound.usd_source, FundingRound.usd_rate, FundingRound.rate_on)
            .join(Organization, Organization.id == FundingRound.organization_id)
            .order_by(FundingRound.announced_on)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [
        ("Beta", 1_000_000, "JPY", None, None, None, None),
        ("Gamma", 500_000, "USD", 500_000, "given", None, None),
        ("Alpha", 10_000_000, "USD", 10_000_000, "given", None, None),
        ("Delta", 700_000, "USD", 700_000, "given", None, None),
        ("Beta", 4_000_000, "ILS", 1_133_993, "ecb", pytest.approx(1.1167 / 3.939), date(2017, 6, 16)),
        ("Gamma", 1_000_000, "EUR", 1_200_000, "given", None, None),
    ]


def test_participation_counts_a_round_once_per_investor_country(catalogue: AppContext) -> None:
    result = insights.capital(
        catalogue.uow(), None, CapitalQuery(company_country="IL", year_from=2013, year_to=2018)
    )

    assert capital(catalogue, Attribution.PARTICIPATION) == {
        ("IL", 2016): (10_000_000.0, 1),
        ("JP", 2016): (10_000_000.0, 1),  # SoftBank and Sony: one country, counted once
        ("KR", 2017): (R3_USD, 1),
        ("unknown", 2017): (R3_USD, 1),  # Mystery Fund: country not known
        ("unknown", 2018): (1_200_000.0, 1),  # no investors
    }
    assert (result.total_capital_usd, result.rounds, result.rounds_without_usd) == (
        10_000_000 + R3_USD + 1_200_000,
        3,
        0,
    )
    assert result.rows_add_up is False


def test_equal_split_shares_the_amount_among_investors(catalogue: AppContext) -> None:
    assert capital(catalogue, Attribution.EQUAL_SPLIT) == {
        ("IL", 2016): (3_333_333.33, 1),  # 10M / 3
        ("JP", 2016): (6_666_666.67, 1),  # 2 x 10M / 3
        ("KR", 2017): (R3_USD / 2, 1),
        ("unknown", 2017): (R3_USD / 2, 1),
        ("unknown", 2018): (1_200_000.0, 1),
    }


def test_lead_credits_leads_and_no_lead(catalogue: AppContext) -> None:
    result = insights.capital(
        catalogue.uow(),
        None,
        CapitalQuery(company_country="IL", year_from=2013, year_to=2018, attribution=Attribution.LEAD),
    )
    assert capital(catalogue, Attribution.LEAD) == {
        ("JP", 2016): (10_000_000.0, 1),  # SoftBank led
        ("no_lead", 2017): (R3_USD, 1),  # investors, none leading
        ("unknown", 2018): (1_200_000.0, 1),  # no investors at all
    }
    assert result.rows_add_up is True


def test_by_year_every_rule_counts_each_round_once(catalogue: AppContext) -> None:
    for rule in Attribution:
        assert capital(catalogue, rule, group_by=(Dimension.YEAR,)) == {
            (2016,): (10_000_000.0, 1),
            (2017,): (R3_USD, 1),
            (2018,): (1_200_000.0, 1),
        }


def test_top_investors_of_a_country(catalogue: AppContext) -> None:
    assert capital(
        catalogue, Attribution.PARTICIPATION, group_by=(Dimension.INVESTOR,), investor_countries=("jp",)
    ) == {("SoftBank",): (10_000_000.0, 1), ("Sony Ventures",): (10_000_000.0, 1)}
    japan = insights.capital(
        catalogue.uow(),
        None,
        CapitalQuery(year_from=2013, year_to=2018, group_by=(Dimension.YEAR,), investor_countries=("JP",),
                     attribution=Attribution.EQUAL_SPLIT),
    )  # fmt: skip
    # Japan's share: its credits (2 x 10M / 3 in 2016) against every round's total, so rows do not add up
    assert [(r.key, round(r.capital_usd, 2)) for r in japan.rows] == [({"year": 2016}, 6_666_666.67)]
    assert (japan.total_capital_usd, japan.rows_add_up) == (10_000_000 + R3_USD + 1_200_000, False)


def test_a_round_without_a_rate_adds_no_capital_and_is_counted(catalogue: AppContext) -> None:
    result = insights.capital(
        catalogue.uow(), None, CapitalQuery(company_country="IL", year_from=1998, year_to=1998)
    )
    assert [(r.key, r.capital_usd, r.rounds) for r in result.rows] == [
        ({"investor_country": "unknown", "year": 1998}, 0.0, 1)
    ]
    assert (result.total_capital_usd, result.rounds, result.rounds_without_usd) == (0.0, 1, 1)


def test_json_shape_of_the_issue(catalogue: AppContext) -> None:
    result = insights.capital(
        catalogue.uow(), None, CapitalQuery(company_country="IL", year_from=2016, year_to=2016)
    )
    data = insights.capital_json(result)
    assert data["rows"] == [
        {"investor_country": "IL", "year": 2016, "capital_usd": 10_000_000.0, "rounds": 1},
        {"investor_country": "JP", "year": 2016, "capital_usd": 10_000_000.0, "rounds": 1},
    ]
    assert (data["total_capital_usd"], data["rounds"]) == (10_000_000.0, 1)


def test_sector_rows_per_company_sector(catalogue: AppContext) -> None:
    rows = capital(catalogue, Attribution.EQUAL_SPLIT, group_by=(Dimension.SECTOR,))
    assert sorted(rows.values()) == sorted([(10_000_000.0, 1), (R3_USD, 1), (1_200_000.0, 1)])


def test_reimport_changes_nothing(catalogue: AppContext, tmp_path: Path) -> None:
    again = import_rounds_file(catalogue.uow(), path=tmp_path / "rounds.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_bad_queries_are_refused_in_words(catalogue: AppContext) -> None:
    with pytest.raises(InvalidInput, match="after the last year"):
        insights.capital(catalogue.uow(), None, CapitalQuery(year_from=2019, year_to=2013))
    with pytest.raises(InvalidInput, match="two-letter country code"):
        insights.capital(catalogue.uow(), None, CapitalQuery(company_country="Israel"))
