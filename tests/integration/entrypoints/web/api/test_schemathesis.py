"""The OpenAPI document tells the truth: schemathesis fuzzes every /api/v1 operation as each role.

For anonymous callers and a signed-in user of each role (startup member, corporation member, corporation
admin, organizer), every operation gets a small, derandomized budget of generated requests: valid and invalid
by the schema with every parameter generated, then valid ones aimed at real objects (a need, a shortlist, a
note, an engagement, a saved search, a meeting request, a solved mission, a company), made anew for each role
and deleted last. Each answer must not be a server error (500), must have a documented status code and content
type, its body must match the documented schema (error bodies included), and a request the schema calls
valid must not be refused as malformed (400, or 422 naming fields). A 422 carrying a message id and no field
errors is a rule the schema cannot state (across fields, or against stored data) and is allowed.

Not checked: that the server refuses everything the schema calls invalid (it is lenient by design: unknown
query parameters are ignored, text is trimmed before its length is checked, filters take any letter case).
Runs on SQLite; about a minute of CPU on one core.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as budget
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.models import Organization
from kakehashi.adapters.db.schema import upgrade_to_head
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts
from kakehashi.settings import Settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),
]

PASSWORD = "correct horse battery"
OPENAPI = "/api/v1/openapi.json"
EXAMPLE = Path(__file__).resolve().parents[5] / "docs" / "examples" / "mission-small.json"
# Examples per operation and role: valid requests, then requests that break the schema.
BUDGET = {schemathesis.GenerationMode.POSITIVE: 5, schemathesis.GenerationMode.NEGATIVE: 3}
CAST = {
    "startup": ("founder@cyberwise.io", "Cyberwise", "startup", "member"),
    "corporation_member": ("scout@alpha.co.jp", "Alpha Heavy Industries", "corporation", "member"),
    "corporation_admin": ("lead@alpha.co.jp", "Alpha Heavy Industries", "corporation", "admin"),
    "organizer": ("team@bridge.org", "Bridge Organizers", "organizer", "organizer"),
}
ROLES = ("anonymous", *CAST)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]


@dataclass
class Fuzz:
    client: TestClient
    context: AppContext
    schema: Any
    tokens: dict[str, str] = field(default_factory=dict)
    startups: list[int] = field(default_factory=list)

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def sign_in(self, role: str) -> dict[str, str]:
        """A new token for the role (the one in `tokens` stays valid)."""
        answer = self.client.post("/api/v1/auth/token", json={"email": CAST[role][0], "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _seed_catalogue(context: AppContext) -> list[int]:
    """Two startups in the catalogue and the search index."""
    with context.uow() as uow:
        startups = [
            Organization(
                kind="startup",
                name=name,
                name_key=name.lower(),
                country="IL",
                stage="seed",
                description_en=text,
            )
            for name, text in (
                ("Shieldline", "Cyber threat detection for factories and industrial control systems."),
                ("AgriSense", "Soil sensors and irrigation analytics for farms."),
            )
        ]
        uow.session.add_all(startups)
        uow.session.flush()
        ids = [s.id for s in startups]
        uow.commit()
    context.catalog_changed(ids)
    return ids


def _made(answer: Any) -> int:
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _known_objects(fuzz: Fuzz, role: str) -> dict[str, Any]:
    """One new object of each kind, made through the API by its owner; path parameters that name them.

    The corporation member owns the workspace objects, the organizer the (solved) mission, and the meeting
    request goes to the startup; the startup edits its own profile, the others read a catalogue startup.
    """
    client, member, organizer = fuzz.client, fuzz.headers("corporation_member"), fuzz.headers("organizer")
    startup_org = client.get("/api/v1/auth/me", headers=fuzz.headers("startup")).json()["organization_id"]
    shieldline = fuzz.startups[0]
    shortlist_id = _made(client.post("/api/v1/shortlists", json={"name": "Cyber"}, headers=member))
    client.post(f"/api/v1/shortlists/{shortlist_id}/items", json={"startup_id": shieldline}, headers=member)
    instance = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    mission_id = _made(client.post("/api/v1/missions", json=instance, headers=organizer))
    solved = client.post(f"/api/v1/missions/{mission_id}/solve?time_limit=5", headers=organizer)
    assert solved.status_code == 202, solved.text
    need = {"title": "Factory cyber security", "visibility": "open"}
    note = {"body": "met at the fair", "subject_organization_id": shieldline}
    request = {"to_organization_id": startup_org, "message": "hello"}
    for sent in client.get("/api/v1/contact-requests?box=sent", headers=member).json()["items"]:
        client.delete(f"/api/v1/contact-requests/{sent['id']}", headers=member)  # one may wait at a time
    return {
        "need_id": _made(client.post("/api/v1/needs", json=need, headers=member)),
        "shortlist_id": shortlist_id,
        "startup_id": shieldline,
        "note_id": _made(client.post("/api/v1/notes", json=note, headers=member)),
        "engagement_id": _made(
            client.post("/api/v1/engagements", json={"startup_id": shieldline}, headers=member)
        ),
        "saved_search_id": _made(
            client.post("/api/v1/saved-searches", json={"name": "cyber", "query": "cyber"}, headers=member)
        ),
        "request_id": _made(client.post("/api/v1/contact-requests", json=request, headers=member)),
        "mission_id": mission_id,
        "job_id": solved.json()["id"],
        "participant": instance["participants"][0]["id"],
        "company_id": startup_org if role == "startup" else shieldline,
    }


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    """One app on a migrated SQLite file for the whole module: the cast signed in, the seed made."""
    monkeypatch = pytest.MonkeyPatch()
    hasher = PasswordHasher.from_parameters(CHEAPEST)  # real argon2id, cheapest parameters
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)
    folder = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite:///{folder / 'kakehashi.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    # The fuzzer signs in with made-up addresses: no lockout may stop the cast from signing in again; it
    # calls every operation many times a minute, so no request limit either (their 429 is declared).
    settings = Settings(
        environment="test",
        data_dir=folder / "data",
        database_url=url,
        login_max_failures=10**6,
        rate_limit_search=0,
        rate_limit_matches=0,
        rate_limit_planner=0,
    )
    context = AppContext(settings=settings, database_url=url)
    app = create_app(context)
    with TestClient(app) as client:
        result = Fuzz(client=client, context=context, schema=schemathesis.openapi.from_asgi(OPENAPI, app))
        for role, (email, org, kind, member_role) in CAST.items():
            accounts.add_user(
                context.uow(), email=email, password=PASSWORD, org_name=org, org_kind=kind, role=member_role
            )
            result.tokens[role] = result.sign_in(role)["Authorization"].removeprefix("Bearer ")
        result.startups = _seed_catalogue(context)
        yield result
    context.dispose()
    monkeypatch.undo()


def _refused_by_a_service_rule(response: Any) -> bool:
    """A 422 with a message id and no field errors: a rule across fields or against stored data (a reversed
    range, a saved search without query or filter, an unsound mission instance), which a JSON schema cannot
    say; the 422 answer documents it. Field-level refusals of schema-valid input stay failures."""
    if response.status_code != 422:
        return False
    body = json.loads(response.content)
    return "message_id" in body and "errors" not in body


def _fuzz(
    fuzz: Fuzz,
    role: str,
    operation: Any,
    mode: Any,
    found: dict[str, str],
    reached: set[str],
    known: dict[str, Any] | None = None,
) -> None:
    """Send the operation's budget of generated requests as the role; record mismatches and 2xx answers."""
    # Signing out may end the token (server-side revocation): that call gets a token of its own.
    fresh = operation.path.endswith("/auth/logout") and role != "anonymous"
    names = re.findall(r"{(\w+)}", operation.path)
    fixed = {name: known[name] for name in names if name in known} if known else None
    if known is not None and not fixed:
        return  # nothing to aim at: the generated pass covered it

    @budget(
        max_examples=BUDGET[mode],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    def run(case: Any) -> None:
        headers = fuzz.sign_in(role) if fresh else fuzz.headers(role)
        response = case.call(headers=headers)
        if 200 <= response.status_code < 300:
            reached.add(operation.label)
            if fresh:  # sign-out ends every session of the user (docs/security.md): the role signs in again
                fuzz.tokens[role] = fuzz.sign_in(role)["Authorization"].removeprefix("Bearer ")
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                if failure.code == "ST202" and _refused_by_a_service_rule(response):
                    continue
                key = f"{operation.label} [{mode.value}] {failure.code} {failure.title} -> {response.status_code}"
                found.setdefault(key, f"{response.text[:300]} :: {failure.message[:300]!r}")

    try:
        run()
    except Unsatisfiable:  # nothing to break: no parameters and no body
        assert mode is schemathesis.GenerationMode.NEGATIVE


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_matches_the_openapi_document(fuzz: Fuzz, role: str) -> None:
    found: dict[str, str] = {}
    reached: set[str] = set()
    operations = [result.ok() for result in fuzz.schema.get_all_operations()]

    for operation in operations:  # every parameter generated: ids mostly name nothing
        for mode in BUDGET:
            _fuzz(fuzz, role, operation, mode, found, reached)
    known = _known_objects(fuzz, role)  # then aimed at real objects, deleting them last
    for operation in sorted(operations, key=lambda operation: operation.method.upper() == "DELETE"):
        _fuzz(fuzz, role, operation, schemathesis.GenerationMode.POSITIVE, found, reached, known)

    assert not found, f"{len(found)} mismatches as {role}:\n" + "\n".join(
        f"{key}\n    {example}" for key, example in sorted(found.items())
    )
    assert len(operations) >= 50
    # Not vacuous: the role's token still works, and signed-in roles got real answers from many operations.
    assert fuzz.client.get("/api/v1/auth/me", headers=fuzz.headers(role)).status_code == (
        401 if role == "anonymous" else 200
    )
    assert len(reached) >= (1 if role == "anonymous" else 15), sorted(reached)


def test_every_operation_declares_its_error_answers(fuzz: Fuzz) -> None:
    """401/403/404/... with `ErrorPublic`, 400 and 422 with `ValidationErrorPublic`; FastAPI's default 422
    schema (`HTTPValidationError`, which the app never sends) is gone."""
    spec = fuzz.client.get(OPENAPI).json()
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]

    def model(operation: dict[str, Any], status: str) -> str | None:
        answer = operation["responses"].get(status)
        return answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1] if answer else None

    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert {model(op, "401") for _, op in operations} == {"ErrorPublic"}
    assert {model(op, "400") for _, op in operations} == {"ValidationErrorPublic"}
    assert {model(op, "422") for _, op in operations if op.get("parameters") or op.get("requestBody")} == {
        "ValidationErrorPublic"
    }
    assert [label for label, op in operations if label.startswith(("POST", "PUT", "PATCH", "DELETE"))] == [
        label for label, op in operations if model(op, "409") == "ErrorPublic"
    ]
    assert sorted(label for label, op in operations if "429" in op["responses"]) == [
        "GET /api/v1/needs/{need_id}/matches",  # rate-limited per user (web.limits)
        "GET /api/v1/search",
        "POST /api/v1/auth/session",  # sign-in throttling
        "POST /api/v1/auth/token",
        "POST /api/v1/missions/{mission_id}/repair",
        "POST /api/v1/missions/{mission_id}/solve",
    ]


def test_api_errors_are_json_even_for_htmx_and_browsers(fuzz: Fuzz) -> None:
    answer = fuzz.client.get(
        "/api/v1/needs/999999",
        headers={**fuzz.headers("organizer"), "HX-Request": "true", "Accept": "text/html"},
    )

    assert (answer.status_code, answer.headers["content-type"]) == (404, "application/json")
    assert set(answer.json()) == {"detail", "message_id"}
