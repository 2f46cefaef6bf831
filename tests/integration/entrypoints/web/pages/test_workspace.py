"""A scout's workspace pages: shortlists, pipeline with history, notes, saved searches; tenants stay apart."""

from __future__ import annotations

import re

import pytest

from kakehashi.services import sharing

pytestmark = pytest.mark.integration


def _post(client, csrf, path: str, data: dict[str, str]):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/")}, follow_redirects=False)


def test_shortlist_created_from_a_profile_lists_the_startup(client, login, csrf, catalogue) -> None:
    login(client, "scout")

    response = _post(
        client,
        csrf,
        "/workspace/shortlists",
        {"name": "Factory security", "startup_id": str(catalogue.shield)},
    )
    page = client.get(response.headers["location"])

    assert response.status_code == 303
    assert "Factory security" in page.text
    assert "Shield Labs" in page.text


def test_pipeline_move_is_recorded_in_history(client, login, csrf, catalogue) -> None:
    login(client, "scout")
    client.get("/lang/en")
    started = _post(client, csrf, "/workspace/pipeline", {"startup_id": str(catalogue.vault)})
    engagement_url = started.headers["location"].split("?")[0]

    _post(client, csrf, f"{engagement_url}/move", {"stage": "meeting", "note": "first call went well"})
    html = client.get(engagement_url).text

    assert "Identified → Meeting" in html.replace("&nbsp;", " ")
    assert "first call went well" in html
    board = client.get("/workspace").text
    meeting_column = board.split('data-stage="meeting"', 1)[1].split("</div>", 1)[0]
    assert "Vault Cyber" in meeting_column


def test_note_with_html_is_escaped(client, login, csrf, catalogue) -> None:
    login(client, "scout")

    _post(
        client,
        csrf,
        "/workspace/notes",
        {
            "body": "<b>bold</b><script>x()</script>",
            "subject_organization_id": str(catalogue.shield),
            "next": f"/companies/{catalogue.shield}",
        },
    )
    panel = client.get(f"/workspace/company/{catalogue.shield}").text

    assert "&lt;script&gt;x()&lt;/script&gt;" in panel
    assert "<script>x()" not in panel


def _share(context, member_email: str, organizer_email: str) -> None:
    """The member's organization shares its private data with the organizer's (the organizer scope)."""
    with context.uow() as uow:
        member = uow.accounts.get_user_by_email(member_email)
        organizer = uow.accounts.get_user_by_email(organizer_email)
    sharing.set_sharing(
        context.uow(),
        organization_id=member.organization_id,
        organizer_organization_id=organizer.organization_id,
        shared=True,
    )


def test_another_organization_cannot_open_a_shortlist(client, context, login, csrf, catalogue) -> None:
    login(client, "scout")
    created = _post(client, csrf, "/workspace/shortlists", {"name": "Confidential"})
    url = created.headers["location"].split("?")[0]
    client.cookies.clear()
    login(client, "organizer")
    _share(context, "scout@toyo.example", "organizer@jetro.example")  # set-up (issue 11): Toyo shares
    other = client.get(url)
    client.cookies.clear()
    login(client, "startup")

    response = client.get(url)

    assert other.status_code == 200  # organizers see the workspace of an organization sharing with them
    assert response.status_code == 404
    assert "Confidential" not in response.text


def test_saved_search_appears_in_the_workspace(client, login, csrf, catalogue) -> None:
    login(client, "scout")

    _post(
        client,
        csrf,
        "/workspace/searches",
        {"q": "サイバーセキュリティ", "name": "Cyber JP", "alert": "on", "stage": "seed"},
    )
    html = client.get("/workspace").text

    assert "Cyber JP" in html
    assert re.search(r'name="alert" checked', html)


def test_workspace_needs_sign_in(client, catalogue) -> None:
    response = client.get("/workspace", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    "path", ["/workspace/shortlists/abc", "/workspace/shortlists/999999", "/workspace/pipeline/0"]
)
def test_workspace_wrong_ids_are_404_pages(client, login, catalogue, path: str) -> None:
    login(client, "scout")

    response = client.get(path)

    assert response.status_code == 404


def test_shortlist_name_with_html_is_escaped(client, login, csrf, catalogue) -> None:
    login(client, "scout")

    _post(client, csrf, "/workspace/shortlists", {"name": "<img src=x onerror=alert(1)>"})
    html = client.get("/workspace").text

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_shortlist_is_explained_in_japanese_on_a_japanese_page(client, login, catalogue) -> None:
    login(client, "scout")  # the scout's account is in Japanese
    client.get("/lang/ja")

    response = client.get("/workspace/shortlists/999999")

    assert response.status_code == 404
    assert "候補リスト 999999 は存在しないか、ご所属の組織からは閲覧できません。" in response.text
    assert "no shortlist with id" not in response.text
