"""The public directory, profiles, languages and hostile input, through real HTTP on the real app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kakehashi.entrypoints.context import AppContext
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def context(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    """Both databases here: facet counts and filters are SQL that must agree on SQLite and PostgreSQL."""
    ctx = AppContext(
        settings=Settings(environment="test", data_dir=tmp_path / "data", database_url=database_url),
        database_url=database_url,
    )
    yield ctx
    ctx.dispose()


def _card_names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/companies/\d+">([^<]+)</a>', html)


def _facet_counts(html: str, facet: str) -> dict[str, int]:
    section = html.split(f'data-facet="{facet}"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r'data-value="([^"]+)">.*?<span class="count">([\d,]+)</span>', section, re.S)
    return {value: int(count.replace(",", "")) for value, count in pairs}


def test_directory_sector_filter_lists_matching_startups_with_facet_counts(client, catalogue) -> None:
    client.cookies.set("kakehashi_lang", "en")

    response = client.get("/companies?kind=startup&sector=cybersecurity")

    assert response.status_code == 200
    assert _card_names(response.text) == ["Shield Labs", "Vault Cyber"]
    assert _facet_counts(response.text, "sector") == {"cybersecurity": 2, "agritech": 1}
    assert _facet_counts(response.text, "stage") == {"seed": 1, "series_a": 1}


def test_directory_reversed_year_range_shows_clear_message(client, catalogue) -> None:
    client.cookies.set("kakehashi_lang", "en")

    response = client.get("/companies?founded_from=2020&founded_to=2010")

    assert response.status_code == 422
    assert "The founding year range is reversed." in response.text


def test_directory_non_numeric_filter_is_a_clear_message_not_a_500(client, catalogue) -> None:
    client.cookies.set("kakehashi_lang", "en")

    response = client.get("/companies?funding_min=lots")

    assert response.status_code == 422
    assert "A number was expected." in response.text


def test_profile_shows_funding_rounds_investors_and_deals(client, catalogue) -> None:
    client.cookies.set("kakehashi_lang", "en")

    html = client.get(f"/companies/{catalogue.vault}").text

    funding = html.split("Funding history", 1)[1].split("</table>", 1)[0]
    assert "Series A" in funding
    assert "$20,000,000" in funding
    assert "Jerusalem Ventures" in funding and "United States" in funding
    deals = html.split('class="deals"', 1)[1]
    assert "Toyo invests in Vault" in deals and "Toyo Motors" in deals


def test_profile_in_japanese_uses_japanese_labels_and_names(client, catalogue) -> None:
    client.cookies.set("kakehashi_lang", "ja")

    html = client.get(f"/companies/{catalogue.vault}").text

    assert '<html lang="ja">' in html
    assert "資金調達の履歴" in html
    assert "シリーズA" in html
    assert "東洋自動車" in html
    assert "サイバーセキュリティ" in html


def test_language_switch_turns_pages_english_and_back(client, catalogue) -> None:
    english = client.get("/lang/en?next=/companies")
    japanese = client.get("/lang/ja?next=/companies")

    assert "Company directory" in english.text
    assert "企業ディレクトリ" in japanese.text


def test_accept_language_decides_when_no_cookie(client, catalogue) -> None:
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9,ja;q=0.5"})

    assert '<html lang="en">' in response.text


def test_hostile_text_in_every_field_is_escaped(client, catalogue) -> None:
    profile = client.get(f"/companies/{catalogue.hostile}").text
    listing = client.get("/companies?country=IL").text

    for html in (profile, listing):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in profile
    assert 'href="&lt;script' not in profile  # a non-web address is never turned into a link


@pytest.mark.parametrize(
    "path", ["/companies/999999", "/companies/abc", "/companies/1%27%20OR%201=1", "/nowhere"]
)
def test_wrong_ids_give_a_404_page(client, catalogue, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text


def test_private_directory_sends_anonymous_visitors_to_sign_in(context, catalogue) -> None:
    from kakehashi.entrypoints.web.app import create_app

    context.settings.public_directory = False
    with TestClient(create_app(context), headers={"accept": "text/html"}) as client:
        response = client.get("/companies", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/companies")
