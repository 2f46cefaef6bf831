"""Every /api/v1 route x every role answers as one permission table says (issue 11).

The routes come from the app's own OpenAPI route table, so a new route fails `test_every_route_is_in_the_table`
until someone writes down who may call it. Each cell gets fresh objects, so a deletion by one role does not
change what the next one sees.

The objects: alpha (a corporation) owns a private need, a shortlist, a note, an engagement, a saved search with
an alert, and a meeting request to the startup; alpha shares its private data with `org` (organizer A), which
owns a mission that alpha takes part in. `org_b` is a second agency on the same install: no share, no mission.

Reading the table: 401 anonymous; 403 may see but not do (a viewer's write, a startup's need, a member's
share); 404 may not know it exists (another tenant's object, another agency's mission); 2xx allowed.
Cells that pass the permission checks get a valid body, so they answer 2xx.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.integration.entrypoints.web.api.conftest import PEOPLE, World, login

from kakehashi.domain.jobs import JobKind, JobStatus, mission_subject
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts, missions
from kakehashi.services.repositories.jobs import NewJob

pytestmark = pytest.mark.integration

ROLES = ("anon", "startup", "a_view", "alpha", "a_admin", "beta", "org", "org_b")
WHO = {  # column -> the cast of conftest.PEOPLE (anonymous sends no token)
    "startup": "startup",
    "a_view": "alpha_viewer",
    "alpha": "alpha",
    "a_admin": "alpha_admin",
    "beta": "beta",
    "org": "organizer",
    "org_b": "organizer_b",
}

# fmt: off
TABLE = """
route                                              anon startup a_view alpha a_admin beta org org_b
POST   /auth/token                                 401  401     401    401   401     401  401 401
POST   /auth/session                               401  401     401    401   401     401  401 401
POST   /auth/logout                                200  200     200    200   200     200  200 200
GET    /auth/csrf                                  200  200     200    200   200     200  200 200
GET    /auth/me                                    401  200     200    200   200     200  200 200
GET    /search                                     401  200     200    200   200     200  200 200
POST   /needs                                      401  403     403    201   201     201  201 201
GET    /needs                                      401  200     200    200   200     200  200 200
GET    /needs/{need_id}                            401  404     200    200   200     404  200 404
PATCH  /needs/{need_id}                            401  404     403    200   200     404  403 404
DELETE /needs/{need_id}                            401  404     403    204   204     404  403 404
GET    /needs/{need_id}/matches                    401  404     200    200   200     404  200 404
POST   /needs/{need_id}/feedback                   401  404     403    204   204     404  403 404
GET    /needs/{need_id}/audit                      401  404     404    404   200     404  200 404
GET    /open-calls                                 401  200     200    200   200     200  200 200
GET    /companies                                  401  200     200    200   200     200  200 200
GET    /companies/{company_id}                     401  200     200    200   200     200  200 200
PATCH  /companies/{company_id}                     401  200     403    403   403     403  403 403
GET    /insights/capital                           401  200     200    200   200     200  200 200
GET    /missions                                   401  200     200    200   200     200  200 200
POST   /missions                                   401  403     403    403   403     403  201 201
GET    /missions/{mission_id}                      401  404     200    200   200     404  200 404
POST   /missions/{mission_id}/solve                401  403     403    403   403     403  202 404
GET    /missions/{mission_id}/schedule             401  404     200    200   200     404  200 404
GET    /missions/{mission_id}/agenda.ics           401  404     200    200   200     404  200 404
GET    /missions/{mission_id}/agenda/{participant}.ics 401 404  200    200   200     404  200 404
POST   /missions/{mission_id}/repair               401  403     403    403   403     403  202 404
GET    /missions/{mission_id}/requests             401  404     200    200   200     404  200 404
GET    /jobs                                       401  403     403    403   403     403  403 403
GET    /jobs/{job_id}                              401  404     404    404   404     404  200 404
POST   /jobs/{job_id}/retry                        401  404     404    404   404     404  202 404
GET    /shortlists                                 401  200     200    200   200     200  200 200
POST   /shortlists                                 401  201     403    201   201     201  201 201
GET    /shortlists/{shortlist_id}                  401  404     200    200   200     404  200 404
PATCH  /shortlists/{shortlist_id}                  401  404     403    200   200     404  403 404
DELETE /shortlists/{shortlist_id}                  401  404     403    204   204     404  403 404
POST   /shortlists/{shortlist_id}/items            401  404     403    201   201     404  403 404
DELETE /shortlists/{shortlist_id}/items/{startup_id} 401 404    403    200   200     404  403 404
GET    /notes                                      401  200     200    200   200     200  200 200
POST   /notes                                      401  201     403    201   201     201  201 201
GET    /notes/{note_id}                            401  404     200    200   200     404  200 404
PATCH  /notes/{note_id}                            401  404     403    200   200     404  403 404
DELETE /notes/{note_id}                            401  404     403    204   204     404  403 404
GET    /engagements                                401  200     200    200   200     200  200 200
POST   /engagements                                401  201     403    201   201     201  201 201
GET    /engagements/{engagement_id}                401  404     200    200   200     404  200 404
DELETE /engagements/{engagement_id}                401  404     403    204   204     404  403 404
POST   /engagements/{engagement_id}/stage          401  404     403    200   200     404  403 404
GET    /saved-searches                             401  200     200    200   200     200  200 200
POST   /saved-searches                             401  201     403    201   201     201  201 201
GET    /saved-searches/{saved_search_id}           401  404     200    200   200     404  200 404
PATCH  /saved-searches/{saved_search_id}           401  404     403    200   200     404  403 404
DELETE /saved-searches/{saved_search_id}           401  404     403    204   204     404  403 404
GET    /alerts                                     401  200     200    200   200     200  200 200
POST   /alerts/{alert_id}/read                     401  404     404    204   404     404  404 404
GET    /contact-requests                           401  200     200    200   200     200  200 200
POST   /contact-requests                           401  201     403    201   201     201  201 201
GET    /contact-requests/{request_id}              401  200     200    200   200     404  200 404
DELETE /contact-requests/{request_id}              401  403     403    204   204     404  403 404
POST   /contact-requests/{request_id}/respond      401  200     403    403   403     404  403 404
GET    /sharing                                    401  200     200    200   200     200  200 200
PUT    /sharing/{organizer_id}                     401  403     403    403   200     403  403 403
DELETE /sharing/{organizer_id}                     401  403     403    403   204     403  403 403
"""
# fmt: on


def _parse(table: str) -> dict[tuple[str, str], dict[str, int]]:
    rows: dict[tuple[str, str], dict[str, int]] = {}
    header, *lines = [line.split() for line in table.strip().splitlines()]
    assert tuple(header[1:]) == ROLES
    for method, path, *codes in lines:
        assert len(codes) == len(ROLES), path
        rows[(method, "/api/v1" + path)] = dict(zip(ROLES, map(int, codes), strict=True))
    return rows


EXPECTED = _parse(TABLE)


def _routes() -> list[tuple[str, str]]:
    paths = create_app().openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, ops in paths.items()
        for method in ops
        if path != "/api/v1/openapi.json"
    )


ROUTES = _routes()
EXAMPLE = Path(__file__).resolve().parents[5] / "docs" / "examples" / "mission-small.json"


def test_every_route_is_in_the_table() -> None:
    assert sorted(EXPECTED) == ROUTES


@dataclass
class Objects:
    ids: dict[str, int | str]


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code < 300, response.text
    return response.json() if response.content else {}


SCHEDULED = {  # routes about a mission's schedule: their cells solve the mission first
    "/api/v1/missions/{mission_id}/schedule",
    "/api/v1/missions/{mission_id}/agenda.ics",
    "/api/v1/missions/{mission_id}/agenda/{participant}.ics",
    "/api/v1/missions/{mission_id}/repair",
}


def _objects(world: World, previous: Objects | None, *, scheduled: bool) -> Objects:
    """Fresh objects of alpha (and organizer A's mission) for one cell of the table."""
    c, alpha = world.client, world.as_("alpha")
    startup = world.orgs["startup"]
    if previous is not None:  # one pending request per pair of organizations: withdraw the last one
        c.delete(f"/api/v1/contact-requests/{previous.ids['request_id']}", headers=alpha)
    need = _ok(c.post("/api/v1/needs", json={"title": "工場の予知保全"}, headers=alpha))
    shortlist = _ok(c.post("/api/v1/shortlists", json={"name": "EV"}, headers=alpha))
    _ok(c.post(f"/api/v1/shortlists/{shortlist['id']}/items", json={"startup_id": startup}, headers=alpha))
    note = _ok(c.post("/api/v1/notes", json={"body": "met at CES"}, headers=alpha))
    engagement = _ok(c.post("/api/v1/engagements", json={"startup_id": startup}, headers=alpha))
    saved = _ok(
        c.post("/api/v1/saved-searches", json={"name": "batteries", "query": "battery"}, headers=alpha)
    )
    request = _ok(
        c.post(
            "/api/v1/contact-requests", json={"to_organization_id": startup, "message": "hi"}, headers=alpha
        )
    )
    mission = _ok(
        c.post("/api/v1/missions", json=json.loads(EXAMPLE.read_text()), headers=world.as_("organizer"))
    )
    missions.add_participant(  # alpha takes part in organizer A's mission
        world.context.uow(),
        viewer=missions.SYSTEM,
        mission_id=mission["id"],
        key="alpha",
        name="Alpha",
        role="delegate",
        organization_id=world.orgs["alpha"],
    )
    if scheduled:
        solve = f"/api/v1/missions/{mission['id']}/solve?time_limit=1"
        _ok(c.post(solve, headers=world.as_("organizer")))
    with world.context.uow() as uow:
        alert = uow.workspace.add_alert(
            user_id=world.users["alpha"],
            saved_search_id=saved["id"],
            organization_ids=[startup],
            at=datetime.now(UTC),
        )
        uow.commit()
    return Objects(
        {
            "need_id": need["id"],
            "shortlist_id": shortlist["id"],
            "startup_id": startup,
            "note_id": note["id"],
            "engagement_id": engagement["id"],
            "saved_search_id": saved["id"],
            "alert_id": alert,
            "request_id": request["id"],
            "mission_id": mission["id"],
            "participant": "mitsuba",
            "company_id": startup,
            "organizer_id": world.orgs["organizer"],
            "job_id": _failed_job(world, mission["id"]),
        }
    )


def _failed_job(world: World, mission_id: int) -> int:
    """A planner run organizer A started that failed (so that it may be retried)."""
    with world.context.uow() as uow:
        job = uow.jobs.add(
            NewJob(
                kind=JobKind.SOLVE,
                subject=mission_subject(mission_id),
                lock_key=None,
                params={"time_limit": 1},
                created_at=datetime.now(UTC),
                created_by_user_id=world.users["organizer"],
                organization_id=world.orgs["organizer"],
                max_attempts=3,
            )
        )
        uow.jobs.finish(job.id, status=JobStatus.FAILED, at=datetime.now(UTC), error_message="boom")
        uow.commit()
    return job.id


def _body(method: str, path: str, world: World, role: str) -> Any:
    """A valid body (or None) for each route that takes one, so a refusal is about permission, not input."""
    startup = world.orgs["startup"]
    bodies: dict[str, Callable[[], Any]] = {
        # A wrong password for a different address each time (repeated failures would be rate-limited).
        "POST /api/v1/auth/token": lambda: {
            "email": f"{role}@nowhere.example",
            "password": "wrong password!",
        },
        "POST /api/v1/auth/session": lambda: {
            "email": f"{role}@nowhere.example",
            "password": "wrong password!",
        },
        "POST /api/v1/needs": lambda: {"title": "Battery recycling"},
        "PATCH /api/v1/needs/{need_id}": lambda: {"title": "Renamed"},
        "POST /api/v1/needs/{need_id}/feedback": lambda: {"organization_id": startup, "relevant": True},
        "PATCH /api/v1/companies/{company_id}": lambda: {"name_en": "Cyberwise Ltd"},
        "POST /api/v1/missions": lambda: json.loads(EXAMPLE.read_text()),
        "POST /api/v1/missions/{mission_id}/repair": lambda: {"cancellations": [], "dropouts": []},
        "POST /api/v1/shortlists": lambda: {"name": "Mine"},
        "PATCH /api/v1/shortlists/{shortlist_id}": lambda: {"name": "Renamed"},
        "POST /api/v1/shortlists/{shortlist_id}/items": lambda: {"startup_id": world.orgs["startup"]},
        "POST /api/v1/notes": lambda: {"body": "a note"},
        "PATCH /api/v1/notes/{note_id}": lambda: {"body": "changed"},
        "POST /api/v1/engagements": lambda: {"startup_id": _target(world)},
        "POST /api/v1/engagements/{engagement_id}/stage": lambda: {"stage": "contacted"},
        "POST /api/v1/saved-searches": lambda: {"name": "mine", "query": "ai"},
        "PATCH /api/v1/saved-searches/{saved_search_id}": lambda: {"name": "renamed"},
        "POST /api/v1/contact-requests": lambda: {"to_organization_id": _target(world), "message": "hello"},
        "POST /api/v1/contact-requests/{request_id}/respond": lambda: {"accept": True},
    }
    make = bodies.get(f"{method} {path}")
    return make() if make else None


def _target(world: World) -> int:
    """A startup nobody else writes to, for new meeting requests."""
    with world.context.uow() as uow:
        target = accounts.find_or_create_organization(uow, name="Target Labs", kind=OrganizationKind.STARTUP)
        uow.commit()
    return target.id


QUERIES = {"/api/v1/search": "?q=battery", "/api/v1/missions/{mission_id}/solve": "?time_limit=1"}


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_route_answers_each_role_as_the_table_says(sqlite_world: World, method: str, path: str) -> None:
    world = sqlite_world
    world.share("alpha")  # alpha shares with organizer A only
    answers: dict[str, int] = {}
    objects = None
    for role in ROLES:
        objects = _objects(world, objects, scheduled=path in SCHEDULED)
        url = path.format(**objects.ids) + QUERIES.get(path, "")
        headers = world.as_(WHO[role]) if role in WHO else {}
        body = _body(method, path, world, role)
        response = world.client.request(method, url, headers=headers, json=body)
        answers[role] = response.status_code
        if path == "/api/v1/auth/logout" and role in WHO and response.status_code < 300:
            # Sign-out ends every session of the user (docs/security.md): sign in again for the next rows.
            world.tokens[WHO[role]] = login(world.client, PEOPLE[WHO[role]][0])
        if (method, path) == ("POST", "/api/v1/contact-requests") and response.status_code == 201:
            # One pending request per pair of organizations: take it back for the next role.
            world.client.delete(f"/api/v1/contact-requests/{response.json()['id']}", headers=headers)
        world.client.cookies.clear()

    def row(codes: dict[str, int] | None) -> str:
        return " ".join(f"{role}={(codes or {}).get(role)}" for role in ROLES)

    assert row(answers) == row(EXPECTED.get((method, path)))
