"""The insights dashboards (issue 15, items 4, 5 and 7) on the worked example of the methodology page:

- round 1 (2016, $10M, Shield Labs, cybersecurity): A (Japan, lead), B (Japan), C (United States);
- round 2 (2017, $6M, Road Minds, mobility, seed): D (Korea), E (country unknown), no lead;
- a Japanese acquisition of an Israeli company (2018) and a Japanese R&D centre with an Israeli partner (2019);
- Israeli startups founded in 2015: two active, one acquired, one closed;
- a $1M round in 2019 by a Korean investor whose name is hostile markup.

Participation credits Japan $10M in 2016 (all of that year's capital), equal split $6.67M (66.7%).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.domain.organizations import normalize_name
from kakehashi.entrypoints.context import AppContext

from .conftest import HOSTILE

pytestmark = pytest.mark.integration

YEARS = "year_from=2016&year_to=2019"
FORMULA = '=HYPERLINK("http://evil.example/","x")'


def _org(name: str, **fields: object) -> Organization:
    fields.setdefault("kind", "startup")
    return Organization(name=name, name_key=normalize_name(name), **fields)


def _term(session: object, slug: str, en: str, ja: str) -> TaxonomyTerm:
    found = session.execute(  # type: ignore[attr-defined]
        select(TaxonomyTerm).where(TaxonomyTerm.facet == "sector", TaxonomyTerm.slug == slug)
    ).scalar_one_or_none()
    return found or TaxonomyTerm(facet="sector", slug=slug, label_en=en, label_ja=ja)


@pytest.fixture
def example(context: AppContext, users: object) -> None:
    """The worked example, added to the page tests' small catalogue (whose one round is in 2022)."""
    with context.uow() as uow:
        session = uow.session
        cyber = _term(session, "cybersecurity", "Cybersecurity", "サイバーセキュリティ")
        mobility = _term(session, "mobility", "Mobility", "モビリティ")
        shield = session.execute(select(Organization).where(Organization.name == "Shield Labs")).scalar_one()
        roads = _org("Road Minds", country="IL", terms=[mobility])
        investors = {
            "A": _org("Aozora Capital", kind="investor", country="JP"),
            "B": _org(FORMULA, kind="investor", country="JP"),
            "C": _org("Carmel Partners", kind="investor", country="US"),
            "D": _org("Daehan Ventures", kind="investor", country="KR"),
            "E": _org("Elsewhere Fund", kind="investor", country=None),
            "H": _org(HOSTILE, kind="investor", country="KR"),
        }
        target = _org("Sensor Works", country="IL", founded_on=date(2015, 1, 1), status="acquired")
        cohort = [
            _org("Active One", country="IL", founded_on=date(2015, 2, 1), status="active"),
            _org("Active Two", country="IL", founded_on=date(2015, 3, 1), status="active"),
            _org("Closed One", country="IL", founded_on=date(2015, 4, 1), status="closed"),
        ]
        toyo = session.execute(select(Organization).where(Organization.name == "Toyo Motors")).scalar_one()
        session.add_all([roads, target, *investors.values(), *cohort])
        session.flush()
        if cyber not in shield.terms:
            shield.terms.append(cyber)
        first = FundingRound(
            organization_id=shield.id,
            announced_on=date(2016, 5, 1),
            round_type="series_a",
            amount_usd=10_000_000,
        )
        first.investors.extend(
            [
                RoundInvestor(investor_id=investors["A"].id, is_lead=True),
                RoundInvestor(investor_id=investors["B"].id, is_lead=False),
                RoundInvestor(investor_id=investors["C"].id, is_lead=False),
            ]
        )
        second = FundingRound(
            organization_id=roads.id, announced_on=date(2017, 7, 1), round_type="seed", amount_usd=6_000_000
        )
        second.investors.extend(
            [RoundInvestor(investor_id=investors["D"].id), RoundInvestor(investor_id=investors["E"].id)]
        )
        acquisition = Deal(
            kind="acquisition", announced_on=date(2018, 2, 1), amount_usd=50_000_000, title="x"
        )
        acquisition.parties.extend(
            [
                DealParty(organization_id=toyo.id, role="acquirer"),
                DealParty(organization_id=target.id, role="target"),
            ]
        )
        centre = Deal(kind="rd_center", announced_on=date(2019, 9, 1), title="Toyo opens an R&D centre")
        centre.parties.extend(
            [
                DealParty(organization_id=toyo.id, role="host"),
                DealParty(organization_id=roads.id, role="partner"),
            ]
        )
        third = FundingRound(
            organization_id=shield.id,
            announced_on=date(2019, 1, 1),
            round_type="series_b",
            amount_usd=1_000_000,
        )
        third.investors.append(RoundInvestor(investor_id=investors["H"].id))
        session.add_all([first, second, third, acquisition, centre])
        uow.commit()


@pytest.fixture
def scout(client: TestClient, login: Callable[[TestClient, str], None], example: None) -> TestClient:
    """A corporate scout whose language is Japanese."""
    login(client, "scout")
    return client


@pytest.fixture
def founder(client: TestClient, login: Callable[[TestClient, str], None], example: None) -> TestClient:
    """A startup founder whose language is English."""
    login(client, "startup")
    return client


def _section(html: str, name: str) -> str:
    start = html.index(f'id="chart-{name}"')
    end = html.find('<section class="insight', start + 10)
    return html[start : end if end != -1 else len(html)]


def _table(html: str, name: str) -> str:
    section = _section(html, name)
    return section[section.index("<table") : section.index("</table>")]


def test_every_chart_has_its_table_method_and_downloads_in_english(founder: TestClient) -> None:
    page = founder.get(f"/insights?{YEARS}")

    assert page.status_code == 200
    for name in ("capital", "share", "investors", "sectors", "deals", "cohorts", "series"):
        section = _section(page.text, name)
        assert "<table" in section and "Method" in section, name
        for fmt in ("png", "svg", "csv", "xlsx"):
            assert f"/insights/chart/{name}.{fmt}?" in section, (name, fmt)
    capital = _section(page.text, "capital")
    assert "Capital raised by companies in Israel, by investor country and year" in capital
    assert "$10M" in capital and "Japan" in capital
    assert 'src="/static/vendor/vega/vega-embed.min.js"' in page.text
    assert "https://" not in page.text.split("<body", 1)[0]  # nothing loaded from the internet


def test_japanese_page_counts_in_man_and_oku(scout: TestClient) -> None:
    page = scout.get(f"/insights?{YEARS}")

    assert page.status_code == 200
    capital = _section(page.text, "capital")
    assert "イスラエルの企業の調達額" in capital
    assert "1,000万ドル" in capital  # Japan 2016 under participation
    assert "日本" in capital and "集計方法" in capital
    assert "億ドル" in page.text or "万ドル" in _section(page.text, "deals")


def test_switching_the_rule_changes_the_figures(founder: TestClient) -> None:
    participation = founder.get(f"/insights?{YEARS}&attribution=participation").text
    split = founder.get(f"/insights?{YEARS}&attribution=equal_split").text
    lead = founder.get(f"/insights?{YEARS}&attribution=lead").text

    # 2016: round 1 alone; Japan took part (100%) and holds two of its three investors (66.7%)
    assert "100.0%" in _section(participation, "share")
    assert "66.7%" in _section(split, "share") and "100.0%" not in _section(split, "share")
    assert "$6.7M" in _section(split, "capital") and "$6.7M" not in _section(participation, "capital")
    assert "Rows do not add up to the total" in _section(participation, "capital")
    assert "Rows do not add up to the total" not in _section(split, "capital")
    assert "No lead" in _table(lead, "capital") and "No lead" not in _table(split, "capital")
    assert 'value="equal_split" checked' in split


def test_filters_narrow_the_figures(founder: TestClient) -> None:
    mobility = founder.get(f"/insights?{YEARS}&sector=mobility").text
    seed = founder.get(f"/insights?{YEARS}&funding_type=seed").text
    one_year = founder.get("/insights?year_from=2016&year_to=2016").text
    japan = founder.get(f"/insights?{YEARS}&company_country=JP").text

    assert "South Korea" in _table(mobility, "capital") and "Japan" not in _table(mobility, "capital")
    assert "Japan" not in _table(seed, "capital") and "$6M" in _table(seed, "capital")
    assert "2017" not in _table(one_year, "capital") and "2016" in _table(one_year, "capital")
    assert "No data for these filters yet." in _section(japan, "capital")
    assert 'value="mobility" selected' in mobility


def test_top_investors_deals_and_cohorts(founder: TestClient) -> None:
    page = founder.get("/insights?year_from=2015&year_to=2019&attribution=equal_split").text

    investors = _section(page, "investors")
    assert "Aozora Capital" in investors and "Cybersecurity" in investors
    assert "Daehan Ventures" not in investors  # Korean, not Japanese
    deals = _section(page, "deals")
    assert "Acquisition" in deals and "R&amp;D centre" in deals and "$50M" in deals
    cohorts = _table(page, "cohorts")
    # founded in 2015: two active, Sensor Works (acquired), one closed, Vault Cyber (no status: other)
    cells = ["2015", "5", "2", "1", "1", "1"]
    assert "".join(f'<td class="num">{cell}</td>' for cell in cells) in cohorts


def test_chart_downloads_are_valid_files(founder: TestClient) -> None:
    query = f"{YEARS}&attribution=equal_split"

    png = founder.get(f"/insights/chart/capital.png?{query}")
    svg = founder.get(f"/insights/chart/capital.svg?{query}")
    data = founder.get(f"/insights/chart/capital.csv?{query}")
    workbook = founder.get(f"/insights/chart/capital.xlsx?{query}")

    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and len(png.content) > 2000
    assert 'filename="insights-capital-equal_split.png"' in png.headers["content-disposition"]
    root = ET.fromstring(svg.content)
    assert root.tag.endswith("svg")
    assert "Capital raised by companies in Israel" in svg.text
    assert data.content.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert rows[0] == ["Investor country", "Year", "Capital (USD)", "Rounds"]
    assert ["Japan", "2016", "6666666.67", "1"] in rows
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Japan", 2016, 6666666.67, 1] in values
    assert any("Equal split" in str(row[0]) for row in values if row and row[0])  # the method travels


def test_japanese_downloads_and_formula_safe_names(scout: TestClient) -> None:
    data = scout.get(f"/insights/chart/investors.csv?{YEARS}").content.decode("utf-8-sig")
    svg = scout.get(f"/insights/chart/investors.svg?{YEARS}").text
    workbook = load_workbook(io.BytesIO(scout.get(f"/insights/chart/investors.xlsx?{YEARS}").content))

    assert data.splitlines()[0] == "投資家,調達額（米ドル）,ラウンド数,分野"
    assert "'" + FORMULA.replace('"', '""') in data  # a name that reads as a formula stays text
    assert "日本の主な投資家" in svg
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_printable_page_and_methodology(founder: TestClient) -> None:
    printable = founder.get(f"/insights/print?{YEARS}")
    method_en = founder.get("/insights/methodology")

    assert printable.status_code == 200
    assert printable.text.count('src="data:image/svg+xml;base64,') >= 5
    assert "<script" not in printable.text.split("<main", 1)[1]
    assert "A worked example" in method_en.text and "62.5%" in method_en.text
    assert "Why figures from different sources differ" in method_en.text


def test_methodology_in_japanese(scout: TestClient) -> None:
    page = scout.get("/insights/methodology")

    assert page.status_code == 200
    assert "計算例" in page.text and "データ元によって数字が違う理由" in page.text


def test_old_address_redirects_and_strangers_sign_in(client: TestClient, founder: TestClient) -> None:
    moved = founder.get("/dashboards?attribution=lead", follow_redirects=False)
    with TestClient(client.app, headers={"accept": "text/html"}) as anonymous:
        stranger = anonymous.get("/insights", follow_redirects=False)
        stranger_file = anonymous.get("/insights/chart/capital.csv", follow_redirects=False)

    assert moved.status_code == 308 and moved.headers["location"] == "/insights?attribution=lead"
    assert stranger.status_code in (302, 303) and "/login" in stranger.headers["location"]
    assert stranger_file.status_code in (302, 303, 401)


def test_bad_filters_answer_with_a_message(founder: TestClient) -> None:
    rule = founder.get("/insights?attribution=everything")
    year = founder.get("/insights?year_from=20x6")
    order = founder.get("/insights?year_from=2019&year_to=2016")
    unknown = founder.get("/insights/chart/pie.png")

    assert rule.status_code == 422 and "is not a counting rule" in rule.text
    assert year.status_code == 422 and "is not a year" in year.text
    assert order.status_code == 422 and "the years are in the wrong order" in order.text.lower()
    assert unknown.status_code == 404


def test_names_typed_by_people_stay_text_in_tables_and_charts(founder: TestClient) -> None:
    page = founder.get(f"/insights?{YEARS}&focus_country=KR").text
    svg = founder.get(f"/insights/chart/investors.svg?{YEARS}&focus_country=KR").text

    investors = _section(page, "investors")
    assert "&lt;script&gt;alert(" in _table(page, "investors")  # escaped in the table
    assert "<script>alert(" not in investors  # and in the spec the page hands to vega-embed
    assert "\\u003cscript\\u003e" in investors
    assert "<script>" not in svg and "&lt;script&gt;" in svg
