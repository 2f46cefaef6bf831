"""Two corporations (tenants A and B), a startup, an organizer and a read-only viewer, signed in to the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient

from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts, sharing

PASSWORD = "correct horse battery"


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id with the cheapest parameters: the default costs ~0.2 s per hash on two cores."""
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


@dataclass
class World:
    client: TestClient
    context: AppContext
    orgs: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_(self, who: str) -> dict[str, str]:
        """Authorization header of one of PEOPLE: alpha, alpha_viewer, alpha_admin, beta, startup, organizer,
        organizer_b."""
        return self.tokens[who]

    def share(self, who: str, organizer: str = "organizer") -> None:
        """`who`'s organization lets `organizer`'s read its private data (the organizer scope, issue 11)."""
        sharing.set_sharing(
            self.context.uow(),
            organization_id=self.orgs[who],
            organizer_organization_id=self.orgs[organizer],
            shared=True,
        )


PEOPLE = {
    "alpha": ("scout@alpha.co.jp", "Alpha Heavy Industries", "corporation", "member"),
    "alpha_viewer": ("intern@alpha.co.jp", "Alpha Heavy Industries", "corporation", "viewer"),
    "beta": ("scout@beta.co.jp", "Beta Electric", "corporation", "member"),
    "startup": ("founder@cyberwise.io", "Cyberwise", "startup", "member"),
    "organizer": ("team@bridge.org", "Bridge Organizers", "organizer", "organizer"),
    "alpha_admin": ("admin@alpha.co.jp", "Alpha Heavy Industries", "corporation", "admin"),
    "organizer_b": ("desk@agency-b.org", "Agency B", "organizer", "organizer"),  # a second agency
}


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _world(context: AppContext) -> Iterator[World]:
    client = TestClient(create_app(context))
    result = World(client=client, context=context)
    for who, (email, org, kind, role) in PEOPLE.items():
        user = accounts.add_user(
            context.uow(), email=email, password=PASSWORD, org_name=org, org_kind=kind, role=role
        )
        result.orgs[who] = user.organization_id
        result.users[who] = user.id
        result.tokens[who] = login(client, email)
    yield result
    client.close()


@pytest.fixture
def world(context: AppContext, cheap_hashing: None) -> Iterator[World]:
    """The cast on both databases (access rules must hold on each)."""
    yield from _world(context)


@pytest.fixture
def sqlite_world(sqlite_context: AppContext, cheap_hashing: None) -> Iterator[World]:
    """The cast on SQLite only, for tests whose subject is the HTTP layer rather than the database."""
    yield from _world(sqlite_context)
