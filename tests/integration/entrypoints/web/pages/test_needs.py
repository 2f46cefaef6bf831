"""A scout writes a need, sees ranked, explained matches and judges them; other tenants never see it."""

from __future__ import annotations

import re
from dataclasses import astuple

import pytest

from kakehashi.services import accounts, needs

pytestmark = pytest.mark.integration


@pytest.fixture
def indexed(context, catalogue):
    context.catalog_changed(list(astuple(catalogue)))
    return catalogue


def _post(client, csrf, path: str, data: dict[str, str], **kwargs):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/")}, follow_redirects=False, **kwargs)


def _hit_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="hit" data-id="(\d+)"', html)]


def _write_need(client, csrf, visibility: str = "private") -> str:
    response = _post(
        client,
        csrf,
        "/needs",
        {
            "title": "工場のサイバーセキュリティ",
            "description": "工場の制御システムを守る技術を探しています。",
            "language": "ja",
            "visibility": visibility,
        },
    )
    assert response.status_code == 303
    return response.headers["location"]


def test_scout_writes_a_need_and_sees_the_engine_ranking(client, context, login, csrf, indexed) -> None:
    login(client, "scout")

    need_url = _write_need(client, csrf)
    html = client.get(need_url).text

    need_id = int(need_url.rsplit("/", 1)[1])
    viewer = next(u for u in accounts.list_users(context.uow()) if u.email == "scout@toyo.example").viewer
    expected = needs.match_need(
        context.uow(), context.search_engine, viewer=viewer, need_id=need_id, limit=20
    )
    assert _hit_ids(html) == [h.id for h in expected.hits]
    assert indexed.shield in _hit_ids(html)[:2]
    assert "一致した語" in html


def test_not_relevant_feedback_moves_the_startup_down(client, login, csrf, indexed) -> None:
    login(client, "scout")
    need_url = _write_need(client, csrf)
    before = _hit_ids(client.get(need_url).text)
    top = before[0]

    response = _post(
        client,
        csrf,
        f"{need_url}/feedback",
        {"organization_id": str(top), "relevant": "0"},
        headers={"HX-Request": "true"},
    )
    after = _hit_ids(response.text)

    assert response.status_code == 200
    assert top not in after[:1]


def test_another_corporation_cannot_open_a_private_need(client, context, login, csrf, indexed) -> None:
    login(client, "scout")
    need_url = _write_need(client, csrf)
    accounts.add_user(
        context.uow(),
        email="rival@other.example",
        password="correct horse battery",
        org_name="Rival Corp",
        org_kind="corporation",
        role="member",
    )
    client.cookies.clear()
    token_page = client.get("/login").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', token_page).group(1)
    client.post(
        "/login",
        data={"email": "rival@other.example", "password": "correct horse battery", "csrf_token": token},
    )

    response = client.get(need_url)

    assert response.status_code == 404
    assert "工場のサイバーセキュリティ" not in response.text


def test_open_call_is_shown_to_a_fitting_startup(client, login, csrf, indexed) -> None:
    login(client, "scout")
    _write_need(client, csrf, visibility="open")
    client.cookies.clear()
    login(client, "startup")

    html = client.get("/startup").text

    assert "工場のサイバーセキュリティ" in html.split('id="open-calls"', 1)[1]


def test_need_without_title_keeps_the_typed_text(client, login, csrf, indexed) -> None:
    login(client, "scout")
    client.get("/lang/en")

    response = _post(client, csrf, "/needs", {"title": "  ", "description": "<b>keep me</b>"})

    assert response.status_code == 422
    assert "&lt;b&gt;keep me&lt;/b&gt;" in response.text


def test_startup_cannot_write_a_need(client, login, csrf, indexed) -> None:
    login(client, "startup")

    response = client.get("/needs/new")

    assert response.status_code == 403


def test_startup_cannot_post_a_need_either(client, login, csrf, indexed) -> None:
    login(client, "startup")

    response = _post(client, csrf, "/needs", {"title": "Open call from a startup", "visibility": "open"})

    assert response.status_code == 403
    assert client.get("/needs").text.count("Open call from a startup") == 0


def test_need_text_with_html_is_escaped_everywhere(client, login, csrf, indexed) -> None:
    login(client, "scout")
    hostile = '<script>alert("need")</script>'

    created = _post(client, csrf, "/needs", {"title": hostile, "description": hostile})
    pages = [client.get(created.headers["location"]).text, client.get("/needs").text]

    for html in pages:
        assert "<script>alert(" not in html
        assert "&lt;script&gt;alert(&#34;need&#34;)&lt;/script&gt;" in html


def test_startup_reads_an_open_call_without_the_ranking(client, login, csrf, indexed) -> None:
    login(client, "scout")
    need_url = _write_need(client, csrf, visibility="open")
    client.cookies.clear()
    login(client, "startup")

    html = client.get(need_url).text

    assert "工場のサイバーセキュリティ" in html
    assert _hit_ids(html) == []
    assert 'action="/requests"' in html
