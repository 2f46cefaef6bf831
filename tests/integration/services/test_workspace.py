"""Workspace services on both databases: alerts from saved searches, expiry of meeting requests, rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kakehashi.adapters.db.models import Organization
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import workspace
from kakehashi.services.search_alerts import catalog_search

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id at its cheapest parameters (the default costs ~0.2 s per hash here)."""
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from kakehashi.services import accounts

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


def _viewer(
    org_id: int, kind: OrganizationKind, role: Role = Role.MEMBER, user_id: int | None = None
) -> Viewer:
    return Viewer(user_id=user_id or org_id, organization_id=org_id, organization_kind=kind, role=role)


def _with_user(context: AppContext, org_name: str, kind: str) -> Viewer:
    from kakehashi.services import accounts

    info = accounts.add_user(
        context.uow(),
        email=f"u@{org_name.lower()}.jp",
        password="long enough pw",
        org_name=org_name,
        org_kind=kind,
        role="member",
    )
    return info.viewer


def test_first_alert_check_records_a_baseline_then_alerts_on_newcomers(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    known = _org(context, "Shieldline", "startup", "Cyber threat detection for factories.")
    catalogue: list[int] = [known]

    def search(query: str, filters: Mapping[str, Any]) -> Sequence[int]:
        return list(catalogue)

    workspace.save_search(
        context.uow(), viewer=scout, name="Factory security", query="cyber factory", alert=True
    )
    first = workspace.check_alerts(context.uow(), search=search)
    newcomer = _org(context, "OTGuard", "startup", "Security for industrial control systems.")
    catalogue.insert(0, newcomer)

    second = workspace.check_alerts(context.uow(), search=search)
    alerts = workspace.list_alerts(context.uow(), viewer=scout)

    assert (first.alerts, second.alerts) == (0, 1)
    assert [[o.name for o in a.organizations] for a in alerts] == [["OTGuard"]]
    assert workspace.count_unread_alerts(context.uow(), viewer=scout) == 1


def test_alerts_come_from_the_real_search_engine(sqlite_context: AppContext) -> None:
    scout = _with_user(sqlite_context, "Alpha", "corporation")
    first = _org(sqlite_context, "Shieldline", "startup", "Cyber threat detection for factories.")
    sqlite_context.catalog_changed([first])
    workspace.save_search(
        sqlite_context.uow(), viewer=scout, name="OT security", query="factory cyber security", alert=True
    )
    search = catalog_search(sqlite_context.uow, sqlite_context.search_engine)
    workspace.check_alerts(sqlite_context.uow(), search=search)
    newcomer = _org(sqlite_context, "OTGuard", "startup", "Cyber security for factory control systems.")
    sqlite_context.catalog_changed([newcomer])

    run = workspace.check_alerts(sqlite_context.uow(), search=search)

    assert run.alerts == 1
    assert [o.id for o in workspace.list_alerts(sqlite_context.uow(), viewer=scout)[0].organizations] == [
        newcomer
    ]


def test_alert_mail_goes_to_the_user_and_a_failing_server_keeps_the_alert(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    catalogue: list[int] = []
    sent: list[tuple[str, str, str]] = []

    def mailer(to: str, subject: str, body: str) -> None:
        sent.append((to, subject, body))
        raise OSError("connection refused")

    workspace.save_search(context.uow(), viewer=scout, name="AI", query="ai", alert=True)
    workspace.check_alerts(context.uow(), search=lambda q, f: catalogue, mailer=mailer)
    catalogue.append(_org(context, "Newco", "startup"))

    run = workspace.check_alerts(context.uow(), search=lambda q, f: catalogue, mailer=mailer)

    assert [to for to, _, _ in sent] == ["u@alpha.jp"]
    assert "Newco" in sent[0][2]
    assert (run.alerts, run.emails, len(run.email_errors)) == (1, 0, 1)


def test_pending_request_expires_after_its_time_to_live(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")
    sent_at = datetime(2026, 1, 1, tzinfo=UTC)
    request = workspace.send_contact_request(
        context.uow(), viewer=scout, to_organization_id=startup, message="hi", ttl_days=14, now=sent_at
    )

    before = workspace.expire_stale_requests(context.uow(), now=sent_at + timedelta(days=13))
    after = workspace.expire_stale_requests(context.uow(), now=sent_at + timedelta(days=14, seconds=1))

    assert (before, after) == (0, 1)
    assert (
        workspace.get_contact_request(context.uow(), viewer=scout, request_id=request.id).status == "expired"
    )


def test_shorter_ttl_setting_expires_older_requests(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")
    sent_at = datetime(2026, 1, 1, tzinfo=UTC)
    workspace.send_contact_request(
        context.uow(), viewer=scout, to_organization_id=startup, message="hi", ttl_days=30, now=sent_at
    )

    expired = workspace.expire_stale_requests(context.uow(), now=sent_at + timedelta(days=8), ttl_days=7)

    assert expired == 1


def test_second_pending_request_to_the_same_organization_is_refused(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")
    workspace.send_contact_request(
        context.uow(), viewer=scout, to_organization_id=startup, message="hi", ttl_days=14
    )

    with pytest.raises(InvalidInput):
        workspace.send_contact_request(
            context.uow(), viewer=scout, to_organization_id=startup, message="again", ttl_days=14
        )


def test_sender_cannot_answer_its_own_request(context: AppContext) -> None:
    scout = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")
    request = workspace.send_contact_request(
        context.uow(), viewer=scout, to_organization_id=startup, message="hi", ttl_days=14
    )

    with pytest.raises(PermissionDenied):
        workspace.respond_contact_request(context.uow(), viewer=scout, request_id=request.id, accept=True)


def test_other_tenant_gets_not_found_for_every_workspace_object(context: AppContext) -> None:
    alpha = _with_user(context, "Alpha", "corporation")
    beta = _with_user(context, "Beta", "corporation")
    startup = _org(context, "Shieldline", "startup")
    shortlist = workspace.create_shortlist(context.uow(), viewer=alpha, name="A")
    note = workspace.add_note(context.uow(), viewer=alpha, body="secret", subject_organization_id=startup)
    engagement = workspace.start_engagement(context.uow(), viewer=alpha, startup_id=startup)
    saved = workspace.save_search(context.uow(), viewer=alpha, name="s", query="q")

    attempts = [
        lambda: workspace.get_shortlist(context.uow(), viewer=beta, shortlist_id=shortlist.id),
        lambda: workspace.get_note(context.uow(), viewer=beta, note_id=note.id),
        lambda: workspace.get_engagement(context.uow(), viewer=beta, engagement_id=engagement.id),
        lambda: workspace.get_saved_search(context.uow(), viewer=beta, saved_search_id=saved.id),
        lambda: workspace.move_engagement(
            context.uow(), viewer=beta, engagement_id=engagement.id, stage="poc"
        ),
    ]
    outcomes = []
    for attempt in attempts:
        with pytest.raises(NotFound) as error:
            attempt()
        outcomes.append(type(error.value).__name__)

    assert outcomes == ["NotFound"] * 5
    assert workspace.list_notes(context.uow(), viewer=beta) == []


def test_adding_a_startup_to_the_pipeline_twice_keeps_one_entry(context: AppContext) -> None:
    alpha = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")

    first = workspace.start_engagement(context.uow(), viewer=alpha, startup_id=startup)
    second = workspace.start_engagement(context.uow(), viewer=alpha, startup_id=startup)

    assert first.id == second.id
    assert len(workspace.list_engagements(context.uow(), viewer=alpha)) == 1


def test_every_workspace_change_is_stored_on_both_databases(context: AppContext) -> None:
    alpha = _with_user(context, "Alpha", "corporation")
    startup = _org(context, "Shieldline", "startup")
    other = _org(context, "OTGuard", "startup")
    shortlist = workspace.create_shortlist(context.uow(), viewer=alpha, name="A", startup_id=startup)
    workspace.add_to_shortlist(context.uow(), viewer=alpha, shortlist_id=shortlist.id, startup_id=other)
    workspace.remove_from_shortlist(
        context.uow(), viewer=alpha, shortlist_id=shortlist.id, startup_id=startup
    )
    workspace.rename_shortlist(context.uow(), viewer=alpha, shortlist_id=shortlist.id, name="B")
    note = workspace.add_note(context.uow(), viewer=alpha, body="first", subject_organization_id=other)
    workspace.update_note(context.uow(), viewer=alpha, note_id=note.id, body="second")
    saved = workspace.save_search(context.uow(), viewer=alpha, name="s", query="q")
    workspace.update_saved_search(context.uow(), viewer=alpha, saved_search_id=saved.id, name="t", alert=True)
    engagement = workspace.start_engagement(context.uow(), viewer=alpha, startup_id=other)
    workspace.move_engagement(context.uow(), viewer=alpha, engagement_id=engagement.id, stage="meeting")
    request = workspace.send_contact_request(
        context.uow(), viewer=alpha, to_organization_id=other, message="hi", ttl_days=14
    )
    workspace.withdraw_contact_request(context.uow(), viewer=alpha, request_id=request.id)

    stored = workspace.get_shortlist(context.uow(), viewer=alpha, shortlist_id=shortlist.id)
    panel = workspace.company_panel(context.uow(), viewer=alpha, organization_id=other)
    saved_now = workspace.get_saved_search(context.uow(), viewer=alpha, saved_search_id=saved.id)

    assert (stored.name, [i.startup.name for i in stored.items]) == ("B", ["OTGuard"])
    assert [(n.body, n.author_user_id) for n in panel.notes] == [("second", alpha.user_id)]
    assert [e.stage for e in panel.engagements] == ["meeting"]
    assert (saved_now.name, saved_now.alert) == ("t", True)
    assert workspace.list_contact_requests(context.uow(), viewer=alpha) == []
