"""Issue 11 data checks on both databases: saved searches that cannot run, needs with impossible bounds,
startups that are not startups, feedback on oneself and roles that do not fit the organization."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import pytest

from kakehashi.adapters.db.models import Organization
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.search import NeedConstraints
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts, needs, workspace
from kakehashi.services.search_alerts import run_alert_check

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


def _org(context: AppContext, name: str, kind: str, description: str = "") -> int:
    with context.uow() as uow:
        org = Organization(kind=kind, name=name, name_key=name.lower(), description_en=description or None)
        uow.session.add(org)
        uow.session.flush()
        org_id = org.id
        uow.commit()
    return org_id


def _user(context: AppContext, org_name: str, kind: str = "corporation") -> Viewer:
    return accounts.add_user(
        context.uow(),
        email=f"scout@{org_name.lower()}.jp",
        password="long enough pw",
        org_name=org_name,
        org_kind=kind,
        role="member",
    ).viewer


def _poison(context: AppContext, viewer: Viewer, filters: dict[str, Any]) -> int:
    """A saved search stored before its filters were checked: written straight through the repository."""
    with context.uow() as uow:
        saved_id = uow.workspace.add_saved_search(
            organization_id=viewer.organization_id,
            user_id=viewer.user_id,
            name="poisoned",
            query="security",
            filters=filters,
            alert=True,
        )
        uow.commit()
    return saved_id


@pytest.mark.parametrize(
    "poison", [{"funding_min": 10**30}, {"founded_from": 2**63}, {"funding_max": "1e999"}]
)
def test_alert_check_skips_a_poisoned_saved_search_and_alerts_the_other_tenants(
    context: AppContext, poison: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    attacker = _user(context, "Mallory")
    victim = _user(context, "Alpha")
    first = _org(context, "Shieldline", "startup", "Cyber security for factories.")
    context.catalog_changed([first])
    bad_id = _poison(context, attacker, poison)
    workspace.save_search(context.uow(), viewer=victim, name="OT", query="factory cyber security", alert=True)
    run_alert_check(context.uow, context.search_engine)
    newcomer = _org(context, "OTGuard", "startup", "Cyber security for factory control systems.")
    context.catalog_changed([newcomer])

    with caplog.at_level(logging.ERROR, logger="kakehashi.alerts"):
        run = run_alert_check(context.uow, context.search_engine)

    assert [[o.id for o in a.organizations] for a in workspace.list_alerts(context.uow(), viewer=victim)] == [
        [newcomer]
    ]
    assert (run.alerts, run.failed_searches) == (1, [bad_id])
    assert f"saved search {bad_id} could not run" in caplog.text


def test_saved_search_that_was_valid_still_runs_after_the_filter_map_moved_to_the_domain(
    sqlite_context: AppContext,
) -> None:
    scout = _user(sqlite_context, "Alpha")
    startup = _org(sqlite_context, "Shieldline", "startup", "Cyber security for factories.")
    sqlite_context.catalog_changed([startup])
    # Stored as the pages and the API always wrote them: lists, comma strings, whole floats, unknown names.
    _poison(
        sqlite_context,
        scout,
        {"kind": ["startup"], "countries": "", "funding_min": 0.0, "founded_to": 2100, "sort": "name"},
    )

    run = run_alert_check(sqlite_context.uow, sqlite_context.search_engine)

    assert (run.checked, run.failed_searches) == (1, [])


@pytest.mark.parametrize(
    "filters",
    [
        {"founded_from": float("inf")},
        {"founded_from": float("nan")},
        {"funding_min": 10**30},
        {"funding_max": 2**63},
        {"founded_to": 99999},
        {"funding_min": -1},
        {"founded_from": 2020, "founded_to": 2010},
        {"funding_min": 5_000_000, "funding_max": 1_000_000},
        {"stage": [1.5, float("inf")]},
    ],
)
def test_save_search_refuses_filters_that_could_not_run(context: AppContext, filters: dict[str, Any]) -> None:
    scout = _user(context, "Alpha")

    with pytest.raises(InvalidInput):
        workspace.save_search(context.uow(), viewer=scout, name="x", query="ai", filters=filters, alert=True)

    assert workspace.list_saved_searches(context.uow(), viewer=scout) == []


@pytest.mark.parametrize("bound", ["funding_min", "funding_max", "founded_from"])
def test_need_with_out_of_range_stored_constraints_still_answers(context: AppContext, bound: str) -> None:
    scout = _user(context, "Alpha")
    need = needs.create_need(context.uow(), viewer=scout, title="Factory cyber security")
    with context.uow() as uow:  # written before the limits existed
        uow.needs.save(replace(need, constraints={bound: 2**63, "stages": ["seed"]}))
        uow.commit()

    page = needs.open_need(context.uow(), context.search_engine, viewer=scout, need_id=need.id)
    matches = needs.match_need(context.uow(), context.search_engine, viewer=scout, need_id=need.id)

    assert (page.need.id, page.matches is not None, matches.total) == (need.id, True, 0)


@pytest.mark.parametrize(
    "constraints",
    [
        NeedConstraints(funding_min=2**63),
        NeedConstraints(funding_max=10**30),
        NeedConstraints(founded_from=2015, founded_to=2010),
        NeedConstraints(funding_min=10, funding_max=5),
    ],
)
def test_need_refuses_out_of_range_or_reversed_constraints(
    context: AppContext, constraints: NeedConstraints
) -> None:
    scout = _user(context, "Alpha")
    need = needs.create_need(context.uow(), viewer=scout, title="Factory cyber security")

    with pytest.raises(InvalidInput):
        needs.create_need(context.uow(), viewer=scout, title="Other", constraints=constraints)
    with pytest.raises(InvalidInput):
        needs.update_need(context.uow(), viewer=scout, need_id=need.id, constraints=constraints)

    assert needs.list_needs(context.uow(), viewer=scout)[1] == 1


def test_a_corporation_is_refused_as_the_startup_of_a_shortlist_or_an_engagement(context: AppContext) -> None:
    scout = _user(context, "Alpha")
    corporation = _org(context, "Beta Electric", "corporation")
    startup = _org(context, "Shieldline", "startup")
    shortlist = workspace.create_shortlist(context.uow(), viewer=scout, name="OT", startup_id=startup)

    with pytest.raises(InvalidInput):
        workspace.add_to_shortlist(
            context.uow(), viewer=scout, shortlist_id=shortlist.id, startup_id=corporation
        )
    with pytest.raises(InvalidInput):
        workspace.create_shortlist(context.uow(), viewer=scout, name="Corp", startup_id=corporation)
    with pytest.raises(InvalidInput):
        workspace.start_engagement(context.uow(), viewer=scout, startup_id=corporation)

    assert [
        i.startup.id
        for i in workspace.get_shortlist(context.uow(), viewer=scout, shortlist_id=shortlist.id).items
    ] == [startup]
    assert [s.name for s in workspace.list_shortlists(context.uow(), viewer=scout)] == ["OT"]


def test_feedback_on_ones_own_organization_is_refused(context: AppContext) -> None:
    scout = _user(context, "Alpha")
    need = needs.create_need(context.uow(), viewer=scout, title="Factory cyber security")

    with pytest.raises(InvalidInput):
        needs.judge_match(
            context.uow(), viewer=scout, need_id=need.id, organization_id=scout.organization_id, relevant=True
        )


@pytest.mark.parametrize("kind", ["corporation", "startup"])
def test_the_organizer_role_is_refused_outside_an_organizer_organization(
    context: AppContext, kind: str
) -> None:
    with pytest.raises(InvalidInput):
        accounts.add_user(
            context.uow(),
            email="boss@alpha.jp",
            password="long enough pw",
            org_name="Alpha",
            org_kind=kind,
            role="organizer",
        )

    organizer = accounts.add_user(
        context.uow(),
        email="team@bridge.org",
        password="long enough pw",
        org_name="Bridge",
        org_kind="organizer",
        role="organizer",
    )
    assert organizer.role == "organizer"
