"""Fixtures for page tests: a small real catalogue, users of each kind, and a browser-like TestClient."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    Organization,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.domain.organizations import normalize_name
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts

PASSWORD = "correct horse battery"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@dataclass(frozen=True)
class Catalogue:
    shield: int
    vault: int
    sprout: int
    toyo: int
    fund: int
    hostile: int


@pytest.fixture
def context(sqlite_context: AppContext) -> AppContext:
    """Pages run on SQLite: the services they call are tested on SQLite and PostgreSQL by their own tests
    (tests/integration/services), so repeating every page on both would only double the suite's time.
    The directory pages, whose filters are this module's own SQL, override this to use both."""
    return sqlite_context


def _org(name: str, **fields: object) -> Organization:
    fields.setdefault("kind", "startup")
    return Organization(name=name, name_key=normalize_name(name), **fields)


@pytest.fixture
def catalogue(context: AppContext) -> Catalogue:
    """Four startups (one with hostile text in every field), a corporation, an investor, a round, a deal."""
    with context.uow() as uow:
        cyber = TaxonomyTerm(
            facet="sector", slug="cybersecurity", label_en="Cybersecurity", label_ja="サイバーセキュリティ"
        )
        agri = TaxonomyTerm(facet="sector", slug="agritech", label_en="Agritech", label_ja="アグリテック")
        shield = _org(
            "Shield Labs",
            country="IL",
            stage="seed",
            founded_on=date(2019, 1, 1),
            founded_precision="year",
            total_funding_usd=4_000_000,
            description_en="Industrial cybersecurity for factories",
            description_ja="工場向けの産業用サイバーセキュリティ",
            terms=[cyber],
        )
        vault = _org(
            "Vault Cyber",
            country="IL",
            stage="series_a",
            founded_on=date(2015, 6, 1),
            founded_precision="month",
            total_funding_usd=20_000_000,
            terms=[cyber],
        )
        sprout = _org("Sprout Fields", country="IL", stage="seed", total_funding_usd=1_000_000, terms=[agri])
        toyo = _org("Toyo Motors", kind="corporation", country="JP", name_ja="東洋自動車")
        fund = _org("Jerusalem Ventures", kind="investor", country="US")
        hostile = _org(HOSTILE, country="IL", description_en=HOSTILE, description_ja=HOSTILE, website=HOSTILE)
        uow.session.add_all([shield, vault, sprout, toyo, fund, hostile])
        uow.session.flush()
        series_a = FundingRound(
            organization_id=vault.id,
            announced_on=date(2022, 3, 1),
            round_type="series_a",
            amount=20_000_000,
            currency="USD",
            amount_usd=20_000_000,
        )
        series_a.investors.append(RoundInvestor(investor_id=fund.id, is_lead=True))
        uow.session.add(series_a)
        deal = Deal(kind="investment", announced_on=date(2023, 5, 1), title="Toyo invests in Vault")
        deal.parties.extend(
            [
                DealParty(organization_id=toyo.id, role="investor"),
                DealParty(organization_id=vault.id, role="target"),
            ]
        )
        uow.session.add(deal)
        uow.commit()
        return Catalogue(shield.id, vault.id, sprout.id, toyo.id, fund.id, hostile.id)


ACCOUNTS = {
    "scout": ("scout@toyo.example", "Toyo Motors", "corporation", "member", "ja"),
    "startup": ("ceo@shield.example", "Shield Labs", "startup", "member", "en"),
    "organizer": ("organizer@jetro.example", "Bridge Office", "organizer", "organizer", "ja"),
    "admin": ("admin@jetro.example", "Bridge Office", "organizer", "admin", "en"),
}


class Users:
    """E-mail addresses of a corporate scout, a startup member and an organizer, created on first use
    (password hashing is deliberately slow, so tests only pay for the accounts they use)."""

    def __init__(self, context: AppContext) -> None:
        self._context = context
        self._created: set[str] = set()

    def __getitem__(self, who: str) -> str:
        email, org, kind, role, locale = ACCOUNTS[who]
        if who not in self._created:
            accounts.add_user(
                self._context.uow(),
                email=email,
                password=PASSWORD,
                org_name=org,
                org_kind=kind,
                role=role,
                locale=locale,
            )
            self._created.add(who)
        return email


@pytest.fixture
def users(context: AppContext, catalogue: Catalogue) -> Users:
    return Users(context)


@pytest.fixture
def client(context: AppContext) -> Iterator[TestClient]:
    """A browser-like client (asks for HTML) on the real app over the test database."""
    with TestClient(create_app(context), headers={"accept": "text/html"}) as test_client:
        yield test_client


_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page hands to its forms (the cookie is kept by the client)."""
    match = _META.search(client.get(path).text)
    assert match is not None
    return match.group(1)


@pytest.fixture
def csrf() -> Callable[[TestClient], str]:
    return csrf_of


@pytest.fixture
def login(users: Users) -> Callable[[TestClient, str], None]:
    """Sign a client in as 'scout', 'startup' or 'organizer' through the real sign-in form."""

    def sign_in(client: TestClient, who: str) -> None:
        token = csrf_of(client)
        response = client.post(
            "/login",
            data={"email": users[who], "password": PASSWORD, "csrf_token": token, "next": "/"},
            follow_redirects=False,
        )
        assert response.status_code == 303

    return sign_in
