"""Identity service on the in-memory unit of work: who may resolve, sure links merged, the rest suggested,
a rejected pair never proposed again, an audit entry per merge, the changed ids for the search index."""

from __future__ import annotations

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.identity import IdentityRecord, Link, Resolution
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services import identity
from kakehashi.services.identity import fixed_resolver

ORGANIZER = Viewer(
    user_id=7, organization_id=100, organization_kind=OrganizationKind.ORGANIZER, role=Role.MEMBER
)
ADMIN = Viewer(
    user_id=8, organization_id=200, organization_kind=OrganizationKind.CORPORATION, role=Role.ADMIN
)
MEMBER = Viewer(
    user_id=9, organization_id=200, organization_kind=OrganizationKind.CORPORATION, role=Role.MEMBER
)
ORGANIZER_VIEWER = Viewer(
    user_id=10, organization_id=100, organization_kind=OrganizationKind.ORGANIZER, role=Role.VIEWER
)


def _record(org_id: int, name: str) -> IdentityRecord:
    return IdentityRecord(
        id=org_id,
        name=name,
        name_ja=None,
        name_en=None,
        name_kana=None,
        kind="corporation",
        country="JP",
        city=None,
        prefecture=None,
        domain=None,
        corporate_number=None,
        external_id=None,
        sectors=(),
        founded_year=None,
        source=None,
    )


def _uow(*names: str) -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    for number, name in enumerate(names, start=1):
        uow.identity.add(_record(number, name))
    return uow


SURE = Link(1, 2, 0.99, ("same corporate number",))
MAYBE = Link(3, 4, 0.8, ("names sound alike",))


def test_sure_links_merge_and_the_rest_are_suggested_with_an_audit_entry_per_merge() -> None:
    uow = _uow("三菱電機株式会社", "Mitsubishi Electric Corp.", "Shieldline", "Shield Line")
    report = identity.resolve_identities(
        uow, viewer=ORGANIZER, resolver=fixed_resolver(merges=[SURE], suggestions=[MAYBE])
    )
    assert [(m.survivor_id, m.merged_id, m.reasons) for m in report.merged] == [(1, 2, SURE.reasons)]
    assert [(s.a, s.b, s.score, s.reasons) for s in report.suggested] == [(3, 4, 0.8, MAYBE.reasons)]
    assert report.clusters == ((1, 2),)
    assert report.changed_ids == (1, 2)
    assert [r.id for r in uow.identity.records()] == [1, 3, 4]
    assert [(e.action, e.entity_type, e.entity_id, e.user_id) for e in uow.needs.audit] == [
        ("create", "identity_merge", report.merged[0].id, ORGANIZER.user_id)
    ]
    assert uow.commits == 1


def test_chains_of_sure_links_merge_into_the_oldest_record() -> None:
    uow = _uow("a", "b", "c")
    links = [Link(2, 3, 0.99, ("x",)), Link(1, 3, 0.98, ("y",))]
    report = identity.resolve_identities(uow, viewer=None, resolver=fixed_resolver(merges=links))
    assert report.clusters == ((1, 2, 3),)
    assert [r.id for r in uow.identity.records()] == [1]


def test_a_rejected_pair_is_never_proposed_or_merged_again() -> None:
    uow = _uow("a", "b", "c", "d")
    resolver = fixed_resolver(suggestions=[MAYBE])
    first = identity.resolve_identities(uow, viewer=ORGANIZER, resolver=resolver)
    identity.reject_suggestion(uow, viewer=ORGANIZER, suggestion_id=first.suggested[0].id)

    again = identity.resolve_identities(uow, viewer=ORGANIZER, resolver=resolver)
    reversed_pair = identity.resolve_identities(
        uow, viewer=ORGANIZER, resolver=fixed_resolver(merges=[Link(4, 3, 1.0, ("same",))])
    )

    assert again.suggested == ()
    assert reversed_pair.merged == ()
    assert identity.list_suggestions(uow, viewer=ORGANIZER) == []
    assert [s.status for s in identity.list_suggestions(uow, viewer=ORGANIZER, status=None)] == ["rejected"]


def test_accepting_a_suggestion_merges_the_pair_and_undo_brings_it_back() -> None:
    uow = _uow("a", "b", "c", "d")
    report = identity.resolve_identities(uow, viewer=ADMIN, resolver=fixed_resolver(suggestions=[MAYBE]))
    [pending] = identity.list_suggestions(uow, viewer=ADMIN)
    assert (pending.record_a and pending.record_a.name, pending.record_b and pending.record_b.name) == (
        "c",
        "d",
    )

    accepted = identity.accept_suggestion(uow, viewer=ADMIN, suggestion_id=report.suggested[0].id)
    assert (accepted.merge.survivor_id, accepted.merge.merged_id, accepted.changed_ids) == (3, 4, (3, 4))
    assert not uow.identity.exists(4)
    with pytest.raises(InvalidInput) as decided:
        identity.accept_suggestion(uow, viewer=ADMIN, suggestion_id=report.suggested[0].id)
    assert decided.value.msgid == "suggestion {suggestion_id} was already decided: {status}"

    undone = identity.undo_merge(uow, viewer=ADMIN, merge_id=accepted.merge.id)
    assert undone.changed_ids == (3, 4)
    assert uow.identity.exists(4)
    assert [(e.action, e.entity_type) for e in uow.needs.audit] == [
        ("create", "identity_merge"),
        ("delete", "identity_merge"),
    ]
    with pytest.raises(InvalidInput) as twice:
        identity.undo_merge(uow, viewer=ADMIN, merge_id=accepted.merge.id)
    assert twice.value.msgid == "merge {merge_id} was already undone"


def test_a_merge_folded_into_a_later_one_is_undone_after_it() -> None:
    uow = _uow("a", "b", "c")
    first = identity.resolve_identities(
        uow, viewer=None, resolver=fixed_resolver(merges=[Link(2, 3, 1.0, ())])
    )
    second = identity.resolve_identities(
        uow, viewer=None, resolver=fixed_resolver(merges=[Link(1, 2, 1.0, ())])
    )
    with pytest.raises(InvalidInput) as refused:
        identity.undo_merge(uow, viewer=None, merge_id=first.merged[0].id)
    assert refused.value.msgid == "undo merge {later_id} first: it merged this merge's company into another"
    identity.undo_merge(uow, viewer=None, merge_id=second.merged[0].id)
    identity.undo_merge(uow, viewer=None, merge_id=first.merged[0].id)
    assert [r.id for r in uow.identity.records()] == [1, 2, 3]


def test_a_dry_run_writes_nothing() -> None:
    uow = _uow("a", "b", "c", "d")
    report = identity.resolve_identities(
        uow, viewer=None, resolver=fixed_resolver(merges=[SURE], suggestions=[MAYBE]), apply=False
    )
    assert (len(report.merged), len(report.suggested), report.changed_ids) == (1, 1, ())
    assert [r.id for r in uow.identity.records()] == [1, 2, 3, 4]
    assert (uow.commits, uow.needs.audit, uow.identity.stored) == (0, [], {})


def test_incremental_resolution_links_only_the_new_records_against_the_rest() -> None:
    uow = _uow("a", "b", "c")
    seen: list[tuple[list[int], list[int]]] = []

    def resolver(records, *, against=()):
        seen.append(([r.id for r in records], [r.id for r in against]))
        return Resolution(merges=(), suggestions=())

    identity.resolve_identities(uow, viewer=None, resolver=resolver, new_ids=[3])
    assert seen == [([3], [1, 2])]


@pytest.mark.parametrize("viewer", [MEMBER, ORGANIZER_VIEWER])
def test_plain_members_and_read_only_organizers_are_refused(viewer: Viewer) -> None:
    uow = _uow("a", "b")
    resolver = fixed_resolver(merges=[Link(1, 2, 1.0, ())])
    calls = [
        lambda: identity.resolve_identities(uow, viewer=viewer, resolver=resolver),
        lambda: identity.list_suggestions(uow, viewer=viewer),
        lambda: identity.accept_suggestion(uow, viewer=viewer, suggestion_id=1),
        lambda: identity.reject_suggestion(uow, viewer=viewer, suggestion_id=1),
        lambda: identity.undo_merge(uow, viewer=viewer, merge_id=1),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert refused.value.msgid == "only organizers and administrators may merge or review companies"
    assert (uow.commits, uow.entered, [r.id for r in uow.identity.records()]) == (0, 0, [1, 2])


def test_unknown_ids_are_not_found() -> None:
    uow = _uow("a")
    with pytest.raises(NotFound) as no_suggestion:
        identity.reject_suggestion(uow, viewer=ADMIN, suggestion_id=5)
    with pytest.raises(NotFound) as no_merge:
        identity.undo_merge(uow, viewer=ADMIN, merge_id=5)
    assert no_suggestion.value.msgid == "no suggestion with id {suggestion_id}"
    assert no_merge.value.msgid == "no merge with id {merge_id}"


def test_an_undone_merge_is_remembered_as_two_companies() -> None:
    uow = _uow("a", "b", "c", "d")
    resolver = fixed_resolver(merges=[SURE])
    first = identity.resolve_identities(uow, viewer=ORGANIZER, resolver=resolver)
    identity.undo_merge(uow, viewer=ORGANIZER, merge_id=first.merged[0].id)

    again = identity.resolve_identities(uow, viewer=ORGANIZER, resolver=resolver)

    assert (again.merged, again.suggested) == ((), ())
    assert [(s.a, s.b, s.status) for s in identity.list_suggestions(uow, viewer=ORGANIZER, status=None)] == [
        (1, 2, "rejected")
    ]


def test_undo_is_refused_when_the_merged_id_was_given_to_a_new_company() -> None:
    """SQLite hands the highest deleted id to the next new row: the undo must not overwrite that company."""
    uow = _uow("a", "b")
    report = identity.resolve_identities(
        uow, viewer=None, resolver=fixed_resolver(merges=[Link(1, 2, 1.0, ())])
    )
    uow.identity.add(_record(2, "a newcomer with the old id"))
    with pytest.raises(InvalidInput) as refused:
        identity.undo_merge(uow, viewer=None, merge_id=report.merged[0].id)
    assert refused.value.msgid == "merge {merge_id} cannot be undone: the companies changed since"
    assert uow.identity.records()[1].name == "a newcomer with the old id"
