"""The search results page renders the engine's ranking, explained, in the user's language."""

from __future__ import annotations

import re
from dataclasses import astuple

import pytest

from kakehashi.domain.search import SearchFilters
from kakehashi.services.search import search_catalog

pytestmark = pytest.mark.integration


@pytest.fixture
def indexed(context, catalogue):
    context.catalog_changed(list(astuple(catalogue)))
    return catalogue


def _hit_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="hit" data-id="(\d+)"', html)]


@pytest.mark.parametrize("query", ["サイバーセキュリティ", "industrial security for factories", "agritech"])
def test_search_page_order_equals_engine_ranking(client, context, indexed, query: str) -> None:
    with context.uow() as uow:
        startups = SearchFilters(kinds=("startup",))
        expected = [
            h.id
            for h in search_catalog(uow, context.search_engine, query=query, filters=startups, limit=20).hits
        ]

    html = client.get("/search", params={"q": query}).text

    assert expected != []
    assert _hit_ids(html) == expected


def test_search_in_japanese_finds_cybersecurity_startups_and_explains_why(client, indexed) -> None:
    client.cookies.set("kakehashi_lang", "ja")

    html = client.get("/search", params={"q": "サイバーセキュリティ"}).text

    assert _hit_ids(html)[:2] in ([indexed.shield, indexed.vault], [indexed.vault, indexed.shield])
    assert "一致した語" in html


def test_search_facet_filter_narrows_results(client, context, indexed) -> None:
    with context.uow() as uow:
        expected = search_catalog(
            uow, context.search_engine, query="cyber", filters=SearchFilters(stages=("seed",)), limit=20
        )

    html = client.get("/search", params={"q": "cyber", "stage": "seed"}).text

    assert _hit_ids(html) == [h.id for h in expected.hits]
    assert indexed.vault not in _hit_ids(html)


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "<script>alert(1)</script>", "name:* AND (", "\\", "x" * 20_000, "%00%ff"]
)
def test_search_hostile_queries_answer_a_page_not_an_error(client, indexed, query: str) -> None:
    response = client.get("/search", params={"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_search_htmx_request_returns_results_fragment_target(client, indexed) -> None:
    response = client.get("/search", params={"q": "cyber"}, headers={"HX-Request": "true"})

    assert 'id="search-results"' in response.text


def test_search_page_shows_rank_and_reasons_not_the_fusion_score(client, context, indexed) -> None:
    with context.uow() as uow:
        hits = search_catalog(
            uow, context.search_engine, query="cyber", filters=SearchFilters(kinds=("startup",)), limit=20
        ).hits
    client.cookies.set("kakehashi_lang", "en")
    html = client.get("/search", params={"q": "cyber"}).text

    assert hits != []
    ranks = re.findall(r'<span class="rank"[^>]*>(\d+)\.</span>', html)
    assert ranks == [str(n) for n in range(1, len(hits) + 1)]
    assert 'class="score"' not in html
    for hit in hits:  # the API keeps the score; the page must not print it
        assert f"{hit.score:.3f}" not in html
    assert "Matched words" in html


def test_search_page_lists_startups_unless_the_scout_asks_for_every_kind(client, indexed) -> None:
    client.cookies.set("kakehashi_lang", "en")
    default = client.get("/search", params={"q": "東洋自動車 Toyo Motors"}).text
    every = client.get("/search", params={"q": "東洋自動車 Toyo Motors", "kind": "all"}).text

    assert indexed.toyo not in _hit_ids(default)
    assert "Showing startups only." in default
    assert (
        'href="/search?q=%E6%9D%B1%E6%B4%8B%E8%87%AA%E5%8B%95%E8%BB%8A+Toyo+Motors&amp;kind=all"' in default
    )
    assert _hit_ids(every)[0] == indexed.toyo
    assert "Showing startups only." not in every


def test_search_page_kind_filter_still_reaches_corporations(client, indexed) -> None:
    html = client.get("/search", params={"q": "Toyo Motors", "kind": "corporation"}).text

    assert _hit_ids(html) == [indexed.toyo]


def test_search_page_shows_a_translated_word_as_the_scouts_word_and_its_translation(client, indexed) -> None:
    client.cookies.set("kakehashi_lang", "ja")

    html = client.get("/search", params={"q": "工場のサイバーセキュリティ"}).text

    assert indexed.shield in _hit_ids(html)
    assert "工場 → factory" in html
