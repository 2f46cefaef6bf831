"""A visitor searches in Japanese from the home page and switches the language."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize(
    "query",
    ["サイバーセキュリティ", "工場の予知保全のためのAI"],
    ids=["cybersecurity", "predictive-maintenance"],
)
def test_search_in_japanese_from_the_home_page_lists_relevant_startups(
    page, shot, live_server, query
) -> None:
    page.goto("/")
    shot("home")

    page.fill("#q", query)
    page.wait_for_selector("#search-results li.hit")  # instant results (HTMX) while typing
    shot("instant-results")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=*")
    page.wait_for_selector("li.hit")
    shot("results-page")

    hits = page.locator("li.hit")
    assert hits.count() > 0
    first = hits.first.inner_text()
    assert "一致した語" in first or "意味が近い" in first
    assert page.locator("html").get_attribute("lang") == "ja"


def test_language_switch_turns_the_page_english_and_back(page, shot) -> None:
    page.goto("/companies")
    assert page.locator("h1").inner_text() == "企業ディレクトリ"
    shot("japanese")

    page.click(".lang-switch button[data-lang=en]")
    page.wait_for_load_state("networkidle")
    shot("english")
    english = page.locator("h1").inner_text()
    page.click(".lang-switch button[data-lang=ja]")
    page.wait_for_load_state("networkidle")

    assert english == "Company directory"
    assert page.locator("h1").inner_text() == "企業ディレクトリ"
