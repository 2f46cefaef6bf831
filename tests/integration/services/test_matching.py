"""Needs, matching and feedback, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from kakehashi.adapters.db.models import Organization, User
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedConstraints
from kakehashi.services.needs import (
    SYSTEM,
    create_need,
    list_needs,
    match_need,
    needs_for_startup,
)
from kakehashi.services.needs import judge_match as record_feedback
from kakehashi.services.needs import read_need as get_need

pytestmark = pytest.mark.integration

STARTUPS = [
    ("Vibrasense", "series_b", "Vibration sensors and AI predict pump and gearbox failures in factories."),
    ("Uptimely", "series_a", "Condition monitoring of motors detects anomalies before machines break down."),
    ("ShieldOT", "series_c", "Detects cyber attacks on industrial control systems in factories."),
    ("PlantPrime", "series_a", "Plant-based steaks and burgers from chickpea protein."),
]


@pytest.fixture
def catalogue(context):
    with context.uow() as uow:
        orgs = {}
        for name, kind in (("Toyoda Corp", "corporation"), ("Nikko Corp", "corporation")):
            org = Organization(kind=kind, name=name, name_key=name.lower(), country="JP")
            uow.session.add(org)
            orgs[name] = org
        for name, stage, description in STARTUPS:
            org = Organization(
                kind="startup",
                name=name,
                name_key=name.lower(),
                country="IL",
                stage=stage,
                founded_on=date(2016, 1, 1),
                description_en=description,
            )
            uow.session.add(org)
            orgs[name] = org
        uow.session.flush()
        ids = {name: org.id for name, org in orgs.items()}
        # Each organization has a signed-in user: the audit log names the real account behind a viewer.
        users = {
            org_id: User(
                email=f"user{org_id}@example.test", password_hash="-", organization_id=org_id, role="member"
            )
            for org_id in ids.values()
        }
        uow.session.add_all(users.values())
        uow.session.flush()
        USER_OF.clear()
        USER_OF.update({org_id: user.id for org_id, user in users.items()})
        uow.commit()
    context.catalog_changed([ids[name] for name, _, _ in STARTUPS])
    return ids


USER_OF: dict[int, int] = {}  # organization id -> the id of its user, filled by the catalogue fixture


def member(org_id, kind=OrganizationKind.CORPORATION, role=Role.MEMBER):
    return Viewer(user_id=USER_OF[org_id], organization_id=org_id, organization_kind=kind, role=role)


def test_create_need_and_list_it_for_its_organization(context, catalogue):
    viewer = member(catalogue["Toyoda Corp"])
    need = create_need(
        context.uow(), viewer=viewer, title="工場設備の予知保全", description="ポンプの故障を事前に知りたい"
    )
    items, total = list_needs(context.uow(), viewer=viewer)
    assert ([n.id for n in items], total, need.language) == ([need.id], 1, "ja")


def test_private_need_is_not_found_for_another_tenant(context, catalogue):
    need = create_need(context.uow(), viewer=member(catalogue["Toyoda Corp"]), title="secret plan")
    with pytest.raises(NotFound):
        get_need(context.uow(), viewer=member(catalogue["Nikko Corp"]), need_id=need.id)


def test_list_needs_hides_other_tenants_private_needs(context, catalogue):
    create_need(context.uow(), viewer=member(catalogue["Toyoda Corp"]), title="secret plan")
    assert list_needs(context.uow(), viewer=member(catalogue["Nikko Corp"])) == ([], 0)


def test_anonymous_viewer_sees_no_needs(context, catalogue):
    create_need(context.uow(), viewer=SYSTEM, title="open call", visibility="open")
    assert list_needs(context.uow(), viewer=None) == ([], 0)


def test_startup_sees_open_calls_only(context, catalogue):
    create_need(context.uow(), viewer=SYSTEM, title="open call", visibility="open")
    create_need(context.uow(), viewer=SYSTEM, title="private", organization_id=catalogue["Toyoda Corp"])
    startup = member(catalogue["Vibrasense"], kind=OrganizationKind.STARTUP)
    items, _ = list_needs(context.uow(), viewer=startup)
    assert [n.title for n in items] == ["open call"]


def test_create_need_without_title_is_refused(context, catalogue):
    with pytest.raises(InvalidInput):
        create_need(context.uow(), viewer=SYSTEM, title="   ")


def test_read_only_member_may_not_create_need(context, catalogue):
    with pytest.raises(PermissionDenied):
        create_need(context.uow(), viewer=member(catalogue["Toyoda Corp"], role=Role.VIEWER), title="x")


def test_match_need_ranks_fitting_startups_with_reasons(context, catalogue):
    need = create_need(
        context.uow(), viewer=SYSTEM, title="工場設備の予知保全", description="故障を事前に検知したい"
    )
    results = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=3)
    top = results.hits[0].name
    assert (top in {"Vibrasense", "Uptimely"}, all(hit.why for hit in results.hits)) == (True, True)


def test_match_need_only_returns_startups_meeting_stage_constraint(context, catalogue):
    need = create_need(
        context.uow(),
        viewer=SYSTEM,
        title="predictive maintenance",
        constraints=NeedConstraints(stages=("series_a",)),
    )
    results = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=10)
    assert {hit.name for hit in results.hits} <= {"Uptimely", "PlantPrime"}


def test_feedback_not_relevant_moves_startup_down(context, catalogue):
    need = create_need(context.uow(), viewer=SYSTEM, title="predictive maintenance for factory machines")
    before = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=4)
    first = before.hits[0].id
    record_feedback(context.uow(), viewer=SYSTEM, need_id=need.id, organization_id=first, relevant=False)
    after = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=4)
    assert [h.id for h in after.hits].index(first) == len(after.hits) - 1


def test_feedback_relevant_moves_startup_to_top(context, catalogue):
    need = create_need(context.uow(), viewer=SYSTEM, title="predictive maintenance for factory machines")
    record_feedback(
        context.uow(), viewer=SYSTEM, need_id=need.id, organization_id=catalogue["ShieldOT"], relevant=True
    )
    after = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=4)
    assert after.hits[0].id == catalogue["ShieldOT"]


def test_feedback_from_another_tenant_is_not_found(context, catalogue):
    need = create_need(context.uow(), viewer=member(catalogue["Toyoda Corp"]), title="secret")
    with pytest.raises(NotFound):
        record_feedback(
            context.uow(),
            viewer=member(catalogue["Nikko Corp"]),
            need_id=need.id,
            organization_id=catalogue["Vibrasense"],
            relevant=True,
        )


def test_needs_for_startup_ranks_fitting_open_calls(context, catalogue):
    create_need(context.uow(), viewer=SYSTEM, title="plant-based meat alternatives", visibility="open")
    create_need(context.uow(), viewer=SYSTEM, title="cyber security for factory networks", visibility="open")
    startup = member(catalogue["ShieldOT"], kind=OrganizationKind.STARTUP)
    fits = needs_for_startup(
        context.uow(), context.search_engine, viewer=startup, organization_id=catalogue["ShieldOT"]
    )
    assert [f.need.title for f in fits][0] == "cyber security for factory networks"


def test_needs_for_startup_hides_private_needs_from_startups(context, catalogue):
    create_need(
        context.uow(), viewer=SYSTEM, title="cyber security", organization_id=catalogue["Toyoda Corp"]
    )
    startup = member(catalogue["ShieldOT"], kind=OrganizationKind.STARTUP)
    fits = needs_for_startup(
        context.uow(), context.search_engine, viewer=startup, organization_id=catalogue["ShieldOT"]
    )
    assert fits == []


def test_needs_for_startup_skips_needs_whose_constraints_it_fails(context, catalogue):
    create_need(
        context.uow(),
        viewer=SYSTEM,
        title="cyber security for factory networks",
        visibility="open",
        constraints=NeedConstraints(stages=("seed",)),
    )
    fits = needs_for_startup(
        context.uow(), context.search_engine, viewer=SYSTEM, organization_id=catalogue["ShieldOT"]
    )
    assert fits == []


def test_match_need_with_japan_presence_puts_japanese_startups_first(context, catalogue):
    with context.uow() as uow:
        org = Organization(
            kind="startup",
            name="Kikai Sense",
            name_key="kikaisense",
            country="IL",
            description_en="Predicts pump failures in factories; office in Tokyo serving Japanese manufacturers.",
        )
        uow.session.add(org)
        uow.session.flush()
        new_id = org.id
        uow.commit()
    context.catalog_changed([new_id])
    need = create_need(
        context.uow(),
        viewer=SYSTEM,
        title="predictive maintenance for factory machines",
        constraints=NeedConstraints(japan_presence=True),
    )
    results = match_need(context.uow(), context.search_engine, viewer=SYSTEM, need_id=need.id, limit=4)
    assert (results.hits[0].id, "presence in Japan" in results.hits[0].why) == (new_id, True)
