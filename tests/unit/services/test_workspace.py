"""Workspace services on the in-memory unit of work: tenants stay apart, writes commit, errors are message ids
that read naturally in Japanese at the edge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, KakehashiError, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.messages import error_text
from kakehashi.services import workspace

pytestmark = pytest.mark.unit

ALPHA, BETA, BRIDGE, SHIELD, VAULT = 1, 2, 3, 10, 11
SENT_AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.workspace.add_organization(ALPHA, "Alpha Motors", "corporation")
    fake.workspace.add_organization(BETA, "Beta Foods", "corporation")
    fake.workspace.add_organization(BRIDGE, "Bridge Office", "organizer")
    fake.workspace.add_organization(SHIELD, "Shield Labs", "startup")
    fake.workspace.add_organization(VAULT, "Vault Cyber", "startup")
    fake.workspace.add_user(101, name="Aiko", email="aiko@alpha.example")
    fake.workspace.add_user(201, name="Ben", email="ben@beta.example")
    return fake


def _viewer(organization_id: int, role: Role = Role.MEMBER) -> Viewer:
    kinds = {
        ALPHA: OrganizationKind.CORPORATION,
        BETA: OrganizationKind.CORPORATION,
        BRIDGE: OrganizationKind.ORGANIZER,
        SHIELD: OrganizationKind.STARTUP,
        VAULT: OrganizationKind.STARTUP,
    }
    user_id = {ALPHA: 101, BETA: 201}.get(organization_id, organization_id * 100 + 1)
    return Viewer(
        user_id=user_id, organization_id=organization_id, organization_kind=kinds[organization_id], role=role
    )


ALPHA_MEMBER = _viewer(ALPHA)
BETA_MEMBER = _viewer(BETA)
ORGANIZER = _viewer(BRIDGE, Role.ORGANIZER)


def _raised(action: Any) -> KakehashiError:
    with pytest.raises(KakehashiError) as error:
        action()
    return error.value


# --- shortlists ------------------------------------------------------------------------------------------


def test_create_shortlist_belongs_to_the_viewers_organization_and_commits_once(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="  Factory AI ")

    assert (shortlist.organization_id, shortlist.name, shortlist.items) == (ALPHA, "Factory AI", [])
    assert (uow.entered, uow.commits) == (1, 1)


def test_shortlist_of_another_tenant_is_not_found_with_its_id(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="Confidential")

    error = _raised(lambda: workspace.get_shortlist(uow, viewer=BETA_MEMBER, shortlist_id=shortlist.id))

    assert isinstance(error, NotFound)
    assert (error.msgid, error.params) == (
        "no shortlist with id {shortlist_id}",
        {"shortlist_id": shortlist.id},
    )


def test_other_tenant_cannot_add_to_a_shortlist_and_nothing_is_committed(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A")
    commits = uow.commits

    with pytest.raises(NotFound):
        workspace.add_to_shortlist(uow, viewer=BETA_MEMBER, shortlist_id=shortlist.id, startup_id=SHIELD)

    assert uow.commits == commits
    assert workspace.get_shortlist(uow, viewer=ALPHA_MEMBER, shortlist_id=shortlist.id).items == []


def test_viewer_role_may_not_create_a_shortlist(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.create_shortlist(uow, viewer=_viewer(ALPHA, Role.VIEWER), name="x"))

    assert isinstance(error, PermissionDenied)
    assert error.msgid == "your role (viewer) may look but not change anything"
    assert (uow.commits, workspace.list_shortlists(uow, viewer=ALPHA_MEMBER)) == (0, [])


def test_adding_a_startup_twice_keeps_one_entry_and_the_newest_note(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A")
    workspace.add_to_shortlist(
        uow, viewer=ALPHA_MEMBER, shortlist_id=shortlist.id, startup_id=SHIELD, note="one"
    )
    workspace.add_to_shortlist(uow, viewer=ALPHA_MEMBER, shortlist_id=shortlist.id, startup_id=SHIELD)

    updated = workspace.add_to_shortlist(
        uow, viewer=ALPHA_MEMBER, shortlist_id=shortlist.id, startup_id=SHIELD, note="two"
    )

    assert [(i.startup.name, i.note) for i in updated.items] == [("Shield Labs", "two")]


def test_removing_a_company_that_is_not_listed_names_it(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A")

    error = _raised(
        lambda: workspace.remove_from_shortlist(
            uow, viewer=ALPHA_MEMBER, shortlist_id=shortlist.id, startup_id=VAULT
        )
    )

    assert (type(error), str(error)) == (NotFound, f"company {VAULT} is not on this shortlist")


def test_too_long_shortlist_name_is_refused_before_anything_is_stored(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="x" * 201))

    assert isinstance(error, InvalidInput)
    assert str(error) == "the shortlist name must have at most 200 characters"
    assert (uow.entered, workspace.list_shortlists(uow, viewer=ALPHA_MEMBER)) == (0, [])


def test_corporation_may_not_list_another_organizations_shortlists_but_an_organizer_may(
    uow: FakeUnitOfWork,
) -> None:
    workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A")
    uow.sharing.shares.add((ALPHA, BRIDGE))  # set-up: the organizer scope needs ALPHA's consent

    seen_by_organizer = workspace.list_shortlists(uow, viewer=ORGANIZER, organization_id=ALPHA)
    error = _raised(lambda: workspace.list_shortlists(uow, viewer=BETA_MEMBER, organization_id=ALPHA))

    assert [s.name for s in seen_by_organizer] == ["A"]
    assert (type(error), error.msgid) == (NotFound, "no organization with id {organization_id}")


def test_shortlist_created_with_a_company_that_does_not_exist_is_not_created(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A", startup_id=999))

    assert (type(error), error.params) == (NotFound, {"organization_id": 999})
    assert (uow.commits, workspace.list_shortlists(uow, viewer=ALPHA_MEMBER)) == (0, [])


def test_shortlist_created_from_a_profile_holds_that_company(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A", startup_id=SHIELD)

    assert ([i.startup.name for i in shortlist.items], uow.commits) == (["Shield Labs"], 1)


# --- notes -----------------------------------------------------------------------------------------------


def test_organizer_reads_but_may_not_edit_a_tenants_note(uow: FakeUnitOfWork) -> None:
    uow.sharing.shares.add((ALPHA, BRIDGE))  # set-up: the organizer scope needs ALPHA's consent
    note = workspace.add_note(uow, viewer=ALPHA_MEMBER, body="met at CES", subject_organization_id=SHIELD)

    read = workspace.get_note(uow, viewer=ORGANIZER, note_id=note.id)
    error = _raised(lambda: workspace.update_note(uow, viewer=ORGANIZER, note_id=note.id, body="x"))

    assert (read.body, read.author_name, read.subject and read.subject.name) == (
        "met at CES",
        "Aiko",
        "Shield Labs",
    )
    assert (type(error), error.msgid) == (
        PermissionDenied,
        "only the organization that owns this may change it",
    )


def test_note_about_another_tenants_private_need_is_refused(uow: FakeUnitOfWork) -> None:
    uow.workspace.add_need(7, organization_id=BETA)

    error = _raised(lambda: workspace.add_note(uow, viewer=ALPHA_MEMBER, body="hm", need_id=7))

    assert (type(error), str(error)) == (NotFound, "no need with id 7")
    assert workspace.list_notes(uow, viewer=ALPHA_MEMBER) == []


def test_empty_note_names_the_field(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.add_note(uow, viewer=ALPHA_MEMBER, body="   "))

    assert (type(error), str(error)) == (InvalidInput, "the note is empty")


# --- pipeline --------------------------------------------------------------------------------------------


def test_engagement_keeps_who_moved_it_and_from_which_stage(uow: FakeUnitOfWork) -> None:
    started = workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)

    moved = workspace.move_engagement(
        uow, viewer=ALPHA_MEMBER, engagement_id=started.id, stage="POC", note="pilot agreed"
    )

    assert moved.stage == "poc"
    assert [(e.from_stage, e.to_stage, e.user_name, e.note) for e in moved.events] == [
        (None, "identified", "Aiko", ""),
        ("identified", "poc", "Aiko", "pilot agreed"),
    ]


def test_starting_the_same_engagement_twice_returns_the_entry_without_writing(uow: FakeUnitOfWork) -> None:
    first = workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)
    commits = uow.commits

    second = workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)

    assert (second.id, uow.commits) == (first.id, commits)


def test_an_organization_cannot_enter_its_own_pipeline(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=ALPHA))

    assert error.msgid == "an organization cannot be in its own pipeline"


def test_another_tenant_cannot_move_an_engagement(uow: FakeUnitOfWork) -> None:
    started = workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)

    error = _raised(
        lambda: workspace.move_engagement(uow, viewer=BETA_MEMBER, engagement_id=started.id, stage="poc")
    )

    assert (type(error), error.msgid) == (NotFound, "no engagement with id {engagement_id}")
    assert workspace.get_engagement(uow, viewer=ALPHA_MEMBER, engagement_id=started.id).stage == "identified"


# --- saved searches and alerts ---------------------------------------------------------------------------


def test_saved_search_needs_a_query_or_a_filter(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.save_search(uow, viewer=ALPHA_MEMBER, name="empty", query=" "))

    assert error.msgid == "a saved search needs a query or at least one filter"


def test_first_alert_check_is_a_baseline_then_newcomers_alert_and_mail(uow: FakeUnitOfWork) -> None:
    catalogue = [SHIELD]
    sent: list[tuple[str, str, str]] = []

    def search(query: str, filters: Mapping[str, Any]) -> Sequence[int]:
        return list(catalogue)

    workspace.save_search(uow, viewer=ALPHA_MEMBER, name="Cyber", query="cyber", alert=True)
    first = workspace.check_alerts(uow, search=search, mailer=lambda *m: sent.append(m), now=SENT_AT)
    catalogue.insert(0, VAULT)

    second = workspace.check_alerts(uow, search=search, mailer=lambda *m: sent.append(m), now=SENT_AT)

    assert (first.alerts, second.alerts, second.emails) == (0, 1, 1)
    assert [[o.name for o in a.organizations] for a in workspace.list_alerts(uow, viewer=ALPHA_MEMBER)] == [
        ["Vault Cyber"]
    ]
    assert [(to, "Vault Cyber" in body) for to, _, body in sent] == [("aiko@alpha.example", True)]


def test_a_failing_mail_server_keeps_the_alert(uow: FakeUnitOfWork) -> None:
    catalogue: list[int] = []

    def broken(to: str, subject: str, body: str) -> None:
        raise OSError("connection refused")

    workspace.save_search(uow, viewer=ALPHA_MEMBER, name="AI", query="ai", alert=True)
    workspace.check_alerts(uow, search=lambda q, f: catalogue, mailer=broken)
    catalogue.append(SHIELD)

    run = workspace.check_alerts(uow, search=lambda q, f: catalogue, mailer=broken)

    assert (run.alerts, run.emails, run.email_errors) == (1, 0, ["aiko@alpha.example: connection refused"])
    assert workspace.count_unread_alerts(uow, viewer=ALPHA_MEMBER) == 1


def test_only_the_owner_may_mark_an_alert_read(uow: FakeUnitOfWork) -> None:
    catalogue: list[int] = []
    workspace.save_search(uow, viewer=ALPHA_MEMBER, name="AI", query="ai", alert=True)
    workspace.check_alerts(uow, search=lambda q, f: catalogue)
    catalogue.append(SHIELD)
    workspace.check_alerts(uow, search=lambda q, f: catalogue)
    alert = workspace.list_alerts(uow, viewer=ALPHA_MEMBER)[0]
    colleague = Viewer(
        user_id=102, organization_id=ALPHA, organization_kind=OrganizationKind.CORPORATION, role=Role.MEMBER
    )

    error = _raised(lambda: workspace.mark_alert_read(uow, viewer=colleague, alert_id=alert.id))
    workspace.mark_alert_read(uow, viewer=ALPHA_MEMBER, alert_id=alert.id, now=SENT_AT)

    assert (type(error), error.msgid) == (NotFound, "no alert with id {alert_id}")
    assert workspace.count_unread_alerts(uow, viewer=ALPHA_MEMBER) == 0


# --- meeting requests ------------------------------------------------------------------------------------


def _send(uow: FakeUnitOfWork, ttl_days: int = 14) -> int:
    return workspace.send_contact_request(
        uow, viewer=ALPHA_MEMBER, to_organization_id=SHIELD, message="Meet?", ttl_days=ttl_days, now=SENT_AT
    ).id


def test_second_pending_request_to_the_same_organization_is_refused(uow: FakeUnitOfWork) -> None:
    _send(uow)

    error = _raised(lambda: _send(uow))

    assert error.msgid == "a meeting request to this organization is already waiting for an answer"


def test_meeting_requests_go_only_to_startups_and_corporations(uow: FakeUnitOfWork) -> None:
    error = _raised(
        lambda: workspace.send_contact_request(
            uow, viewer=ALPHA_MEMBER, to_organization_id=BRIDGE, message="hi", ttl_days=14
        )
    )

    assert (error.msgid, uow.workspace.request_rows) == (
        "meeting requests go to startups and corporations",
        {},
    )


def test_a_pending_request_past_its_expiry_reads_as_expired(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow, ttl_days=1)

    later = workspace.get_contact_request(
        uow, viewer=ALPHA_MEMBER, request_id=request_id, now=SENT_AT + timedelta(days=2)
    )

    assert later.status == "expired"


def test_answering_an_expired_request_stores_the_expiry_and_refuses(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow, ttl_days=1)
    recipient = _viewer(SHIELD)

    error = _raised(
        lambda: workspace.respond_contact_request(
            uow, viewer=recipient, request_id=request_id, accept=True, now=SENT_AT + timedelta(days=2)
        )
    )

    assert error.msgid == "this meeting request has expired; ask the sender to send a new one"
    assert uow.workspace.request_rows[request_id].status == "expired"


def test_the_sender_cannot_answer_its_own_request(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow)

    error = _raised(
        lambda: workspace.respond_contact_request(
            uow, viewer=ALPHA_MEMBER, request_id=request_id, accept=True
        )
    )

    assert isinstance(error, PermissionDenied)


def test_a_third_party_does_not_see_a_meeting_request(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow)

    error = _raised(lambda: workspace.get_contact_request(uow, viewer=BETA_MEMBER, request_id=request_id))

    assert (type(error), error.params) == (NotFound, {"request_id": request_id})


def test_answering_twice_says_it_was_already_answered(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow)
    recipient = _viewer(SHIELD)
    workspace.respond_contact_request(uow, viewer=recipient, request_id=request_id, accept=True, now=SENT_AT)

    error = _raised(
        lambda: workspace.respond_contact_request(uow, viewer=recipient, request_id=request_id, accept=False)
    )

    assert str(error) == "this meeting request was already answered (accepted)"


def test_expire_stale_requests_counts_and_commits(uow: FakeUnitOfWork) -> None:
    _send(uow, ttl_days=30)
    commits = uow.commits

    expired = workspace.expire_stale_requests(uow, now=SENT_AT + timedelta(days=8), ttl_days=7)

    assert (expired, uow.commits) == (1, commits + 1)
    assert [r.status for r in workspace.list_contact_requests(uow, viewer=ALPHA_MEMBER, box="sent")] == [
        "expired"
    ]


def test_unknown_box_is_refused(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.list_contact_requests(uow, viewer=ALPHA_MEMBER, box="trash"))

    assert error.msgid == "box must be received, sent or all"


# --- the same errors as a Japanese page shows them -------------------------------------------------------


def test_unknown_shortlist_reads_in_japanese_as_not_visible(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.get_shortlist(uow, viewer=ALPHA_MEMBER, shortlist_id=42))

    assert str(error) == "no shortlist with id 42"
    assert "存在しないか、ご所属の組織からは閲覧できません。" in error_text(error, "ja")
    assert "42" in error_text(error, "ja")


def test_too_long_shortlist_name_reads_in_japanese_as_too_long(uow: FakeUnitOfWork) -> None:
    error = _raised(lambda: workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="x" * 201))

    assert (
        error_text(error, "ja")
        == "入力が長すぎる項目があります。候補リスト名は200文字以内で入力してください。"
    )
    assert error_text(error, "en") == "The shortlist name must have at most 200 characters."


def test_already_answered_request_reads_in_japanese_with_its_state(uow: FakeUnitOfWork) -> None:
    request_id = _send(uow)
    recipient = _viewer(SHIELD)
    workspace.respond_contact_request(uow, viewer=recipient, request_id=request_id, accept=True, now=SENT_AT)

    error = _raised(
        lambda: workspace.respond_contact_request(uow, viewer=recipient, request_id=request_id, accept=True)
    )

    assert error_text(error, "ja") == "この面談依頼にはすでに回答済みです。現在の状態は「承諾済み」です。"


def test_unknown_stage_reads_in_japanese_as_choose_an_offered_value() -> None:
    from kakehashi.domain.workspace import parse_stage

    error = _raised(lambda: parse_stage("married"))

    assert error_text(error, "ja").startswith("表示されている選択肢から選んでください")
    assert "'married'" in error_text(error, "ja")


# --- pages read in one unit of work ----------------------------------------------------------------------


def test_overview_shows_only_the_viewers_organization(uow: FakeUnitOfWork) -> None:
    workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="Alpha list")
    workspace.create_shortlist(uow, viewer=BETA_MEMBER, name="Beta list")
    workspace.start_engagement(uow, viewer=BETA_MEMBER, startup_id=VAULT)
    entered = uow.entered

    overview = workspace.workspace_overview(uow, viewer=ALPHA_MEMBER)

    assert ([s.name for s in overview.shortlists], overview.engagements) == (["Alpha list"], [])
    assert uow.entered == entered + 1


def test_company_panel_gathers_lists_pipeline_and_notes_about_one_company(uow: FakeUnitOfWork) -> None:
    workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="A", startup_id=SHIELD)
    workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=SHIELD)
    workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)
    workspace.add_note(uow, viewer=ALPHA_MEMBER, body="about shield", subject_organization_id=SHIELD)
    workspace.add_note(uow, viewer=BETA_MEMBER, body="beta's secret", subject_organization_id=SHIELD)

    panel = workspace.company_panel(uow, viewer=ALPHA_MEMBER, organization_id=SHIELD)

    assert [e.startup.name for e in panel.engagements] == ["Shield Labs"]
    assert [n.body for n in panel.notes] == ["about shield"]


def test_engagement_page_of_another_tenant_is_not_found(uow: FakeUnitOfWork) -> None:
    started = workspace.start_engagement(uow, viewer=ALPHA_MEMBER, startup_id=VAULT)
    workspace.add_note(uow, viewer=ALPHA_MEMBER, body="call went well", subject_organization_id=VAULT)

    shown = workspace.engagement_page(uow, viewer=ALPHA_MEMBER, engagement_id=started.id)
    error = _raised(lambda: workspace.engagement_page(uow, viewer=BETA_MEMBER, engagement_id=started.id))

    assert [n.body for n in shown.notes] == ["call went well"]
    assert type(error) is NotFound
