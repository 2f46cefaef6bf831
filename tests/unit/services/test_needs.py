"""The needs service on the in-memory unit of work: who may see, change and match a need, and the audit
entry each view and change leaves (the same for the API, the pages and the command line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedConstraints, SearchHit, SearchResults
from kakehashi.services import needs
from kakehashi.services.repositories.needs import StartupFacts

pytestmark = pytest.mark.unit

TOYO, RIVAL, STARTUP, ORGANIZERS = 10, 20, 30, 40


@dataclass
class FakeEngine:
    """Answers every search with the same hits and remembers what it was asked."""

    hits: list[int] = field(default_factory=lambda: [101, 102])
    calls: list[dict[str, Any]] = field(default_factory=list)

    def search(self, query: str, filters: Any, limit: int, offset: int, **kwargs: Any) -> SearchResults:
        self.calls.append({"query": query, "filters": filters, "limit": limit, **kwargs})
        hits = [
            SearchHit(id=i, name=f"startup {i}", score=1.0 / (n + 1), why=["x"])
            for n, i in enumerate(self.hits)
        ]
        return SearchResults(query=query, took_ms=1.0, total=len(hits), hits=hits[:limit])


def viewer(
    org: int, user: int, kind: OrganizationKind = OrganizationKind.CORPORATION, role: Role = Role.MEMBER
):
    return Viewer(user_id=user, organization_id=org, organization_kind=kind, role=role)


OWNER = viewer(TOYO, 1)
OWNER_ADMIN = viewer(TOYO, 2, role=Role.ADMIN)
OWNER_READER = viewer(TOYO, 3, role=Role.VIEWER)
RIVAL_MEMBER = viewer(RIVAL, 4)
A_STARTUP = viewer(STARTUP, 5, kind=OrganizationKind.STARTUP)
ORGANIZER = viewer(ORGANIZERS, 6, kind=OrganizationKind.ORGANIZER)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    for org in (TOYO, RIVAL, ORGANIZERS, 101, 102):
        fake.needs.add_organization(org)
    fake.needs.add_organization(
        STARTUP,
        StartupFacts(
            id=STARTUP,
            name="Vibrio",
            description="vibration sensors",
            country="IL",
            stage="series_a",
            founded_year=2018,
            total_funding_usd=5_000_000,
            term_slugs=frozenset(),
        ),
    )
    return fake


def _need(uow: FakeUnitOfWork, visibility: str = "private") -> int:
    need = needs.create_need(uow, viewer=OWNER, title="予知保全", language="ja", visibility=visibility)
    uow.needs.audit.clear()
    uow.commits = uow.entered = 0
    return need.id


def _audit(uow: FakeUnitOfWork) -> list[tuple[int | None, str, int, str | None]]:
    return [(e.user_id, e.action, e.entity_id, e.ip) for e in uow.needs.audit]


def test_create_need_is_owned_by_the_viewers_organization_and_audited(uow: FakeUnitOfWork) -> None:
    need = needs.create_need(uow, viewer=OWNER, title="  工場の  予知保全 ", language="ja", ip="10.0.0.1")

    assert (need.title, need.organization_id, need.visibility) == ("工場の 予知保全", TOYO, "private")
    assert _audit(uow) == [(1, "create", need.id, "10.0.0.1")]
    assert uow.commits == 1


def test_create_need_by_a_read_only_member_is_refused_and_nothing_is_stored(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied) as refused:
        needs.create_need(uow, viewer=OWNER_READER, title="x", language="en")

    assert refused.value.msgid == "sign in with an account that may write to create a need"
    assert (uow.needs.needs, uow.needs.audit, uow.commits) == ({}, [], 0)


def test_create_need_by_a_startup_is_refused_and_nothing_is_stored(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied) as refused:
        needs.create_need(uow, viewer=A_STARTUP, title="open call", language="en", visibility="open")

    assert refused.value.msgid == "only corporations and organizers write needs; a startup answers open calls"
    assert (uow.needs.needs, uow.needs.audit, uow.commits) == ({}, [], 0)


def test_organizer_lists_only_shared_private_needs_and_open_calls(uow: FakeUnitOfWork) -> None:
    private = _need(uow)
    open_call = _need(uow, visibility="open")
    rival = needs.create_need(uow, viewer=RIVAL_MEMBER, title="rival", language="en").id
    uow.sharing.shares.add((RIVAL, ORGANIZERS))

    items, total = needs.list_needs(uow, viewer=ORGANIZER)

    assert ([n.id for n in items], total) == ([rival, open_call], 2)
    with pytest.raises(NotFound):
        needs.read_need(uow, viewer=ORGANIZER, need_id=private)


def test_create_need_with_an_overlong_title_names_the_limit(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput) as refused:
        needs.create_need(uow, viewer=OWNER, title="x" * 301, language="en")

    assert (
        refused.value.msgid == "the title is longer than 300 characters; put the details in the description"
    )


def test_create_need_for_an_unknown_organization_is_not_found(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound) as missing:
        needs.create_need(uow, viewer=needs.SYSTEM, title="x", language="en", organization_id=999)

    assert (missing.value.msgid, missing.value.params) == (
        "organization {organization_id} not found",
        {"organization_id": 999},
    )


def test_a_view_is_audited_once(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)
    uow.sharing.shares.add((TOYO, ORGANIZERS))  # set-up: the organizer reads TOYO's needs only when shared

    need = needs.read_need(uow, viewer=ORGANIZER, need_id=need_id, ip="192.0.2.7")

    assert need.id == need_id
    assert _audit(uow) == [(6, "view", need_id, "192.0.2.7")]
    assert (uow.commits, uow.entered) == (1, 1)


@pytest.mark.parametrize("who", [RIVAL_MEMBER, A_STARTUP, None])
def test_another_organization_gets_not_found_and_nothing_is_audited(
    uow: FakeUnitOfWork, who: Viewer | None
) -> None:
    need_id = _need(uow)

    with pytest.raises(NotFound) as hidden:
        needs.read_need(uow, viewer=who, need_id=need_id, ip="192.0.2.7")

    assert (hidden.value.msgid, hidden.value.params) == ("need {need_id} not found", {"need_id": need_id})
    assert (uow.needs.audit, uow.commits) == ([], 0)


def test_a_hidden_need_answers_exactly_like_a_missing_one(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    with pytest.raises(NotFound) as hidden:
        needs.read_need(uow, viewer=RIVAL_MEMBER, need_id=need_id)
    with pytest.raises(NotFound) as missing:
        needs.read_need(uow, viewer=RIVAL_MEMBER, need_id=need_id + 1)

    assert hidden.value.msgid == missing.value.msgid


def test_another_organization_can_neither_change_delete_nor_judge_and_nothing_is_audited(
    uow: FakeUnitOfWork,
) -> None:
    need_id = _need(uow)
    engine = FakeEngine()

    for attempt in (
        lambda: needs.update_need(uow, viewer=RIVAL_MEMBER, need_id=need_id, title="stolen"),
        lambda: needs.delete_need(uow, viewer=RIVAL_MEMBER, need_id=need_id),
        lambda: needs.judge_match(
            uow, viewer=RIVAL_MEMBER, need_id=need_id, organization_id=101, relevant=True
        ),
        lambda: needs.match_need(uow, engine, viewer=RIVAL_MEMBER, need_id=need_id),
        lambda: needs.open_need(uow, engine, viewer=RIVAL_MEMBER, need_id=need_id),
    ):
        with pytest.raises(NotFound):
            attempt()

    assert uow.needs.needs[need_id].title == "予知保全"
    assert (uow.needs.audit, uow.needs.feedback, engine.calls, uow.commits) == ([], {}, [], 0)


def test_a_page_path_match_is_audited_like_the_api_path(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)
    engine = FakeEngine()

    api = needs.match_need(uow, engine, viewer=OWNER, need_id=need_id, limit=20, ip="192.0.2.1")
    api_audit = _audit(uow)
    uow.needs.audit.clear()
    page = needs.open_need(uow, engine, viewer=OWNER, need_id=need_id, limit=20, ip="192.0.2.1")

    assert page.matches == api
    assert _audit(uow) == api_audit == [(1, "view", need_id, "192.0.2.1")]
    assert (page.need.id, page.may_judge) == (need_id, True)


def test_a_startup_reads_an_open_call_without_its_matches(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow, visibility="open")
    engine = FakeEngine()

    page = needs.open_need(uow, engine, viewer=A_STARTUP, need_id=need_id)
    with pytest.raises(NotFound):
        needs.match_need(uow, engine, viewer=A_STARTUP, need_id=need_id)

    assert (page.need.id, page.matches, page.may_judge, engine.calls) == (need_id, None, False, [])
    assert _audit(uow) == [(5, "view", need_id, None)]


def test_judgements_are_audited_and_bend_the_next_ranking(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)
    engine = FakeEngine()

    needs.judge_match(uow, viewer=OWNER, need_id=need_id, organization_id=101, relevant=False, ip="192.0.2.1")
    needs.judge_match(uow, viewer=OWNER, need_id=need_id, organization_id=102, relevant=True)
    needs.match_need(uow, engine, viewer=OWNER, need_id=need_id)

    feedback = engine.calls[0]["feedback"]
    assert (feedback.relevant, feedback.not_relevant) == ((102,), (101,))
    assert [a for _, a, _, _ in _audit(uow)] == ["update", "update", "view"]


def test_a_read_only_member_may_not_judge_matches(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    with pytest.raises(PermissionDenied) as refused:
        needs.judge_match(uow, viewer=OWNER_READER, need_id=need_id, organization_id=101, relevant=True)

    assert refused.value.msgid == "only members of the organization that owns this need may judge its matches"
    assert (uow.needs.feedback, uow.needs.audit) == ({}, [])


def test_judging_an_unknown_startup_is_not_found(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    with pytest.raises(NotFound) as missing:
        needs.judge_match(uow, viewer=OWNER, need_id=need_id, organization_id=555, relevant=True)

    assert missing.value.params == {"organization_id": 555}


def test_owner_changes_a_need_and_the_change_is_audited(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    need = needs.update_need(
        uow,
        viewer=OWNER,
        need_id=need_id,
        title=" 新しい題 ",
        visibility="open",
        sectors=["Energy", " energy", ""],
        constraints=NeedConstraints(stages=("seed",)),
    )

    assert (need.title, need.visibility, need.sectors, need.constraints) == (
        "新しい題",
        "open",
        ["energy"],
        {"stages": ["seed"]},
    )
    assert uow.needs.get(need_id) == need
    assert _audit(uow) == [(1, "update", need_id, None)]
    assert uow.commits == 1


def test_a_read_only_member_sees_but_may_not_change_a_need(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    with pytest.raises(PermissionDenied) as refused:
        needs.update_need(uow, viewer=OWNER_READER, need_id=need_id, title="x")

    assert refused.value.msgid == "only members of the organization that owns this need may change it"
    assert uow.needs.audit == []


def test_an_invalid_change_leaves_the_need_as_it_was(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    with pytest.raises(InvalidInput) as refused:
        needs.update_need(uow, viewer=OWNER, need_id=need_id, title="ok", language="fr")

    assert refused.value.msgid == "language must be 'ja' or 'en'"
    assert (uow.needs.get(need_id).title, uow.needs.audit, uow.commits) == ("予知保全", [], 0)  # type: ignore[union-attr]


def test_deleting_a_need_removes_it_with_its_feedback_and_is_audited(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)
    needs.judge_match(uow, viewer=OWNER, need_id=need_id, organization_id=101, relevant=True)

    needs.delete_need(uow, viewer=OWNER, need_id=need_id, ip="192.0.2.9")

    assert (uow.needs.get(need_id), uow.needs.feedback) == (None, {})
    assert _audit(uow)[-1] == (1, "delete", need_id, "192.0.2.9")


def test_lists_keep_tenants_apart_and_are_not_audited(uow: FakeUnitOfWork) -> None:
    private = _need(uow)
    open_call = _need(uow, visibility="open")
    rival = needs.create_need(uow, viewer=RIVAL_MEMBER, title="rival", language="en").id
    uow.needs.audit.clear()
    uow.sharing.shares |= {(TOYO, ORGANIZERS), (RIVAL, ORGANIZERS)}  # set-up: both share with the organizer

    def ids(who: Viewer | None) -> tuple[list[int], int]:
        items, total = needs.list_needs(uow, viewer=who)
        return [n.id for n in items], total

    assert ids(OWNER) == ([open_call, private], 2)
    assert ids(A_STARTUP) == ([open_call], 1)
    assert ids(ORGANIZER) == ([rival, open_call, private], 3)
    assert ids(None) == ([], 0)
    assert uow.needs.audit == []


def test_the_command_line_is_audited_as_no_user(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)

    needs.match_need(uow, FakeEngine(), viewer=needs.SYSTEM, need_id=need_id)

    assert [(e.user_id, e.organization_id, e.action) for e in uow.needs.audit] == [(None, None, "view")]


def test_audit_trail_is_for_admins_and_organizers_newest_first(uow: FakeUnitOfWork) -> None:
    need_id = _need(uow)
    needs.read_need(uow, viewer=OWNER, need_id=need_id)
    needs.update_need(uow, viewer=OWNER, need_id=need_id, title="changed")

    trail = needs.need_trail(uow, viewer=OWNER_ADMIN, need_id=need_id)
    with pytest.raises(NotFound) as member:
        needs.need_trail(uow, viewer=OWNER, need_id=need_id)
    with pytest.raises(NotFound) as rival:
        needs.need_trail(uow, viewer=RIVAL_MEMBER, need_id=need_id)

    assert [e.action for e in trail] == ["update", "view"]
    assert (member.value.msgid, rival.value.msgid) == (
        "no audit trail for need {need_id}",
        "no need with id {need_id}",
    )


def test_needs_for_startup_skips_needs_whose_constraints_it_fails(uow: FakeUnitOfWork) -> None:
    needs.create_need(
        uow,
        viewer=OWNER,
        title="seed only",
        language="en",
        visibility="open",
        constraints=NeedConstraints(stages=("seed",)),
    )

    assert needs.needs_for_startup(uow, FakeEngine(), viewer=A_STARTUP, organization_id=STARTUP) == []


def test_needs_for_an_unknown_startup_is_not_found(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound) as missing:
        needs.needs_for_startup(uow, FakeEngine(), viewer=A_STARTUP, organization_id=404)

    assert missing.value.params == {"organization_id": 404}
