"""A startup edits its own profile in both languages and handles meeting requests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _post(client, csrf, path: str, data: dict[str, str]):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/")}, follow_redirects=False)


def test_startup_saves_profile_in_both_languages(client, login, csrf, catalogue) -> None:
    login(client, "startup")

    response = _post(
        client,
        csrf,
        "/startup/profile",
        {
            "name_ja": "シールドラボ",
            "description_en": "OT security",
            "description_ja": "工場のOTセキュリティ",
            "website": "shield.example.com",
            "city": "Haifa",
            "name_en": "Shield Labs",
        },
    )
    client.get("/lang/ja")
    japanese = client.get(f"/companies/{catalogue.shield}").text
    client.get("/lang/en")
    english = client.get(f"/companies/{catalogue.shield}").text

    assert response.status_code == 303
    assert "シールドラボ" in japanese and "工場のOTセキュリティ" in japanese
    assert "OT security" in english and "https://shield.example.com" in english


def test_startup_profile_with_bad_website_shows_message_and_keeps_data(
    client, login, csrf, catalogue
) -> None:
    login(client, "startup")
    client.get("/lang/en")

    response = _post(
        client, csrf, "/startup/profile", {"description_en": "Changed", "website": "javascript:alert(1)"}
    )
    profile = client.get(f"/companies/{catalogue.shield}").text

    assert response.status_code == 422
    assert "The website must be a web address" in response.text
    assert "Changed" not in profile


def test_corporation_cannot_open_the_startup_page(client, login, catalogue) -> None:
    login(client, "scout")

    response = client.get("/startup")

    assert response.status_code == 403


def test_meeting_request_is_received_and_accepted(client, login, csrf, catalogue) -> None:
    login(client, "scout")
    _post(
        client,
        csrf,
        "/requests",
        {"to_organization_id": str(catalogue.shield), "message": "Can we meet in Tokyo?"},
    )
    client.cookies.clear()
    login(client, "startup")
    inbox = client.get("/startup").text
    request_id = inbox.split("/requests/", 1)[1].split("/respond", 1)[0]

    _post(client, csrf, f"/requests/{request_id}/respond", {"accept": "1", "response": "Yes"})
    client.get("/lang/en")
    after = client.get("/requests").text

    assert "Can we meet in Tokyo?" in inbox
    assert "Accepted" in after.split('id="received"', 1)[1]
