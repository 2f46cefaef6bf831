"""Shortlists, notes, the pipeline, saved searches and meeting requests: each tenant sees only its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kakehashi.services import workspace

from .conftest import World

pytestmark = pytest.mark.integration


def _shortlist(world: World, who: str = "alpha") -> int:
    response = world.client.post("/api/v1/shortlists", json={"name": "Factory AI"}, headers=world.as_(who))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_shortlist_lists_added_startups(world: World) -> None:
    shortlist_id = _shortlist(world)
    world.client.post(
        f"/api/v1/shortlists/{shortlist_id}/items",
        json={"startup_id": world.orgs["startup"], "note": "strong team"},
        headers=world.as_("alpha"),
    )

    response = world.client.get(f"/api/v1/shortlists/{shortlist_id}", headers=world.as_("alpha"))

    assert [(i["startup"]["name"], i["note"]) for i in response.json()["items"]] == [
        ("Cyberwise", "strong team")
    ]


@pytest.mark.parametrize(
    ("who", "status"), [("beta", 404), ("startup", 404), ("organizer", 200), ("alpha_viewer", 200)]
)
def test_shortlist_is_visible_to_its_tenant_and_organizers_only(world: World, who: str, status: int) -> None:
    shortlist_id = _shortlist(world)
    world.share("alpha")  # set-up (issue 11): the organizer reads alpha's private data only when shared

    response = world.client.get(f"/api/v1/shortlists/{shortlist_id}", headers=world.as_(who))

    assert response.status_code == status


def test_other_tenant_cannot_change_a_shortlist_it_cannot_see(world: World) -> None:
    shortlist_id = _shortlist(world)

    add = world.client.post(
        f"/api/v1/shortlists/{shortlist_id}/items",
        json={"startup_id": world.orgs["startup"]},
        headers=world.as_("beta"),
    )
    delete = world.client.delete(f"/api/v1/shortlists/{shortlist_id}", headers=world.as_("beta"))

    assert (add.status_code, delete.status_code) == (404, 404)
    assert (
        world.client.get(f"/api/v1/shortlists/{shortlist_id}", headers=world.as_("alpha")).status_code == 200
    )


def test_shortlist_listing_shows_only_own_tenant(world: World) -> None:
    _shortlist(world, "alpha")
    _shortlist(world, "beta")

    response = world.client.get("/api/v1/shortlists", headers=world.as_("beta"))

    assert response.json()["total"] == 1
    assert response.json()["items"][0]["organization_id"] == world.orgs["beta"]


def test_organizer_may_list_another_tenants_shortlists_but_a_corporation_may_not(world: World) -> None:
    _shortlist(world, "alpha")
    world.share("alpha")  # set-up (issue 11): the organizer reads alpha's private data only when shared

    organizer = world.client.get(
        f"/api/v1/shortlists?organization_id={world.orgs['alpha']}", headers=world.as_("organizer")
    )
    beta = world.client.get(
        f"/api/v1/shortlists?organization_id={world.orgs['alpha']}", headers=world.as_("beta")
    )

    assert (organizer.json()["total"], beta.status_code) == (1, 404)


def test_viewer_role_cannot_create(world: World) -> None:
    response = world.client.post("/api/v1/shortlists", json={"name": "x"}, headers=world.as_("alpha_viewer"))

    assert response.status_code == 403


def test_organizer_can_read_but_not_edit_a_tenants_note(world: World) -> None:
    note = world.client.post(
        "/api/v1/notes",
        json={"body": "met at CES", "subject_organization_id": world.orgs["startup"]},
        headers=world.as_("alpha"),
    ).json()
    world.share("alpha")  # set-up (issue 11): the organizer reads alpha's private data only when shared

    read = world.client.get(f"/api/v1/notes/{note['id']}", headers=world.as_("organizer"))
    edit = world.client.patch(
        f"/api/v1/notes/{note['id']}", json={"body": "x"}, headers=world.as_("organizer")
    )

    assert (read.status_code, edit.status_code) == (200, 403)


@pytest.mark.parametrize("who", ["beta", "startup"])
def test_note_of_another_tenant_answers_404(world: World, who: str) -> None:
    note = world.client.post(
        "/api/v1/notes", json={"body": "confidential"}, headers=world.as_("alpha")
    ).json()

    response = world.client.get(f"/api/v1/notes/{note['id']}", headers=world.as_(who))

    assert response.status_code == 404
    assert "confidential" not in response.text


def test_engagement_keeps_its_stage_history(world: World) -> None:
    created = world.client.post(
        "/api/v1/engagements", json={"startup_id": world.orgs["startup"]}, headers=world.as_("alpha")
    ).json()
    for stage in ("contacted", "meeting", "poc"):
        world.client.post(
            f"/api/v1/engagements/{created['id']}/stage", json={"stage": stage}, headers=world.as_("alpha")
        )

    response = world.client.get(f"/api/v1/engagements/{created['id']}", headers=world.as_("alpha"))

    assert response.json()["stage"] == "poc"
    assert [(e["from_stage"], e["to_stage"]) for e in response.json()["events"]] == [
        (None, "identified"),
        ("identified", "contacted"),
        ("contacted", "meeting"),
        ("meeting", "poc"),
    ]


@pytest.mark.parametrize(("who", "status"), [("beta", 404), ("startup", 404), ("organizer", 200)])
def test_engagement_visibility(world: World, who: str, status: int) -> None:
    created = world.client.post(
        "/api/v1/engagements", json={"startup_id": world.orgs["startup"]}, headers=world.as_("alpha")
    ).json()
    world.share("alpha")  # set-up (issue 11): the organizer reads alpha's private data only when shared

    response = world.client.get(f"/api/v1/engagements/{created['id']}", headers=world.as_(who))

    assert response.status_code == status


def test_unknown_stage_is_refused_with_a_clear_message(world: World) -> None:
    created = world.client.post(
        "/api/v1/engagements", json={"startup_id": world.orgs["startup"]}, headers=world.as_("alpha")
    ).json()

    response = world.client.post(
        f"/api/v1/engagements/{created['id']}/stage", json={"stage": "married"}, headers=world.as_("alpha")
    )

    assert response.status_code == 422
    assert "stage" in response.json()["detail"]


def test_saved_search_of_another_tenant_answers_404(world: World) -> None:
    saved = world.client.post(
        "/api/v1/saved-searches",
        json={"name": "予知保全", "query": "予知保全", "alert": True},
        headers=world.as_("alpha"),
    ).json()

    response = world.client.get(f"/api/v1/saved-searches/{saved['id']}", headers=world.as_("beta"))

    assert response.status_code == 404


def test_meeting_request_reaches_the_startup_and_can_be_accepted(world: World) -> None:
    sent = world.client.post(
        "/api/v1/contact-requests",
        json={"to_organization_id": world.orgs["startup"], "message": "Meet in Tel Aviv?"},
        headers=world.as_("alpha"),
    ).json()

    received = world.client.get("/api/v1/contact-requests?box=received", headers=world.as_("startup")).json()
    answer = world.client.post(
        f"/api/v1/contact-requests/{sent['id']}/respond", json={"accept": True}, headers=world.as_("startup")
    )

    assert [r["message"] for r in received["items"]] == ["Meet in Tel Aviv?"]
    assert answer.json()["status"] == "accepted"


def test_meeting_request_is_invisible_to_third_parties(world: World) -> None:
    sent = world.client.post(
        "/api/v1/contact-requests",
        json={"to_organization_id": world.orgs["startup"], "message": "hello"},
        headers=world.as_("alpha"),
    ).json()

    response = world.client.get(f"/api/v1/contact-requests/{sent['id']}", headers=world.as_("beta"))

    assert response.status_code == 404


def test_unanswered_meeting_request_expires_and_cannot_be_accepted(world: World) -> None:
    sent = world.client.post(
        "/api/v1/contact-requests",
        json={"to_organization_id": world.orgs["startup"], "message": "hello"},
        headers=world.as_("alpha"),
    ).json()
    later = datetime.now(UTC) + timedelta(days=world.context.settings.meeting_request_ttl_days + 1)
    expired = workspace.expire_stale_requests(world.context.uow(), now=later)

    answer = world.client.post(
        f"/api/v1/contact-requests/{sent['id']}/respond", json={"accept": True}, headers=world.as_("startup")
    )

    assert expired == 1
    assert answer.status_code == 422
    assert "expired" in answer.json()["detail"]


def test_organizer_reads_a_tenants_workspace_only_while_it_is_shared(world: World) -> None:
    shortlist_id = _shortlist(world)
    url = f"/api/v1/shortlists/{shortlist_id}"

    before = world.client.get(url, headers=world.as_("organizer")).status_code
    by_member = world.client.put(f"/api/v1/sharing/{world.orgs['organizer']}", headers=world.as_("alpha"))
    by_admin = world.client.put(
        f"/api/v1/sharing/{world.orgs['organizer']}", headers=world.as_("alpha_admin")
    )
    during = world.client.get(url, headers=world.as_("organizer")).status_code
    other_agency = world.client.get(url, headers=world.as_("organizer_b")).status_code
    listed = world.client.get("/api/v1/sharing", headers=world.as_("alpha")).json()
    withdrawn = world.client.delete(
        f"/api/v1/sharing/{world.orgs['organizer']}", headers=world.as_("alpha_admin")
    ).status_code
    after = world.client.get(url, headers=world.as_("organizer")).status_code

    assert (before, by_member.status_code, by_admin.status_code) == (404, 403, 200)
    assert (during, other_agency, withdrawn, after) == (200, 404, 204, 404)
    assert [o["name"] for o in listed["items"]] == ["Bridge Organizers"]


def test_organizer_lists_no_private_data_of_a_tenant_that_does_not_share(world: World) -> None:
    _shortlist(world, "alpha")
    world.client.post("/api/v1/needs", json={"title": "秘密の課題"}, headers=world.as_("alpha"))
    world.client.post("/api/v1/notes", json={"body": "confidential"}, headers=world.as_("alpha"))
    world.share("alpha")  # with the first agency only

    alpha = world.orgs["alpha"]
    shortlists = world.client.get(
        f"/api/v1/shortlists?organization_id={alpha}", headers=world.as_("organizer_b")
    )
    notes = world.client.get(f"/api/v1/notes?organization_id={alpha}", headers=world.as_("organizer_b"))
    needs = world.client.get("/api/v1/needs", headers=world.as_("organizer_b")).json()

    assert (shortlists.status_code, notes.status_code, needs["total"]) == (404, 404, 0)
