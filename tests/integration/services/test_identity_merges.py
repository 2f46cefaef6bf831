"""Identity merges on both databases: a merge moves everything that points at the merged organization and an
undo restores every row exactly; a rejected pair is never proposed again; a merge is audited and reports the
ids to re-index; plain members are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kakehashi.adapters.db.models import (
    AuditLog,
    Base,
    ContactRequest,
    Deal,
    DealParty,
    Engagement,
    EngagementEvent,
    FundingRound,
    ImportBatch,
    Mission,
    MissionParticipant,
    Need,
    NeedFeedback,
    Note,
    Organization,
    OrganizationSourceId,
    OrganizationTerm,
    OrganizerShare,
    Person,
    Provenance,
    RoundInvestor,
    Shortlist,
    ShortlistItem,
    TaxonomyTerm,
    User,
)
from kakehashi.adapters.db.repositories.identity import organization_references
from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import PermissionDenied
from kakehashi.domain.identity import Link
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import identity
from kakehashi.services.identity import fixed_resolver

pytestmark = pytest.mark.integration

# search_changes is an append-only log (the merge and its undo are both changes the indexes follow).
NOT_COMPARED = {
    "identity_merges",
    "identity_suggestions",
    "audit_log",
    "search_changes",
    "rate_limit_counters",
}


def _database(context: AppContext) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every catalogue and workspace table, for an exact before/after comparison."""
    with context.uow() as uow:
        return {
            table.name: sorted((tuple(row) for row in uow.session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
            if table.name not in NOT_COMPARED
        }


def _org(session: Any, name: str, kind: str = "corporation", **values: Any) -> Organization:
    org = Organization(kind=kind, name=name, name_key=name.lower(), **values)
    session.add(org)
    session.flush()
    return org


def _rich_pair(context: AppContext) -> dict[str, int]:
    """Survivor A (Japanese record) and merged B (English record of the same company), B with a bit of
    everything that can point at an organization, and A sharing some links so a move would duplicate them."""
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with context.uow() as uow:
        s = uow.session
        a = _org(s, "三菱電機株式会社", name_ja="三菱電機株式会社", name_kana="ミツビシデンキ", country="JP")
        b = _org(
            s,
            "Mitsubishi Electric Corp.",
            name_en="Mitsubishi Electric Corporation",
            domain="mitsubishielectric.com",
            country="JP",
            founded_on=date(1921, 1, 15),
        )
        corp = _org(s, "Alpha Corp")
        startup = _org(s, "Shieldline", "startup")
        investor = _org(s, "Pitango", "investor")
        organizer = _org(s, "JETRO", "organizer")
        sector, other = (
            TaxonomyTerm(facet="sector", slug="electronics", label_en="Electronics"),
            TaxonomyTerm(facet="sector", slug="robotics", label_en="Robotics"),
        )
        s.add_all([sector, other])
        s.flush()
        s.add_all(
            [
                OrganizationTerm(organization_id=a.id, term_id=sector.id),
                OrganizationTerm(organization_id=b.id, term_id=sector.id),  # duplicate once merged
                OrganizationTerm(organization_id=b.id, term_id=other.id),
                OrganizationSourceId(source="english_list", source_key="EN-1", organization_id=b.id),
                OrganizationSourceId(source="japanese_list", source_key="JP-1", organization_id=a.id),
                Person(organization_id=b.id, name="Kei Urushido", email="kei@example.com"),
                OrganizerShare(organization_id=b.id, organizer_organization_id=organizer.id, created_at=now),
            ]
        )
        own_round = FundingRound(organization_id=b.id, round_type="series_a", announced_on=date(2020, 5, 1))
        their_round = FundingRound(
            organization_id=startup.id, round_type="seed", announced_on=date(2021, 1, 1)
        )
        s.add_all([own_round, their_round])
        s.flush()
        s.add_all(
            [
                RoundInvestor(round_id=own_round.id, investor_id=investor.id, is_lead=True),
                RoundInvestor(round_id=their_round.id, investor_id=b.id),
                RoundInvestor(round_id=their_round.id, investor_id=a.id),  # B's row would duplicate it
            ]
        )
        deal, both = (
            Deal(kind="acquisition", title="B buys Shieldline"),
            Deal(kind="partnership", title="A+B"),
        )
        s.add_all([deal, both])
        s.flush()
        s.add_all(
            [
                DealParty(deal_id=deal.id, organization_id=b.id, role="acquirer"),
                DealParty(deal_id=deal.id, organization_id=startup.id, role="target"),
                DealParty(deal_id=both.id, organization_id=a.id, role="partner"),
                DealParty(deal_id=both.id, organization_id=b.id, role="partner"),  # duplicate once merged
            ]
        )
        user = User(email="kei@melco.example", password_hash="x", organization_id=b.id, role="member")
        s.add(user)
        s.flush()
        shortlist = Shortlist(organization_id=corp.id, name="Electronics", created_by_user_id=user.id)
        own_list = Shortlist(organization_id=b.id, name="B's list")
        need = Need(organization_id=corp.id, title="Factory robots")
        own_need = Need(organization_id=b.id, title="B's need")
        s.add_all([shortlist, own_list, need, own_need])
        s.flush()
        engagement = Engagement(organization_id=corp.id, startup_id=b.id, need_id=need.id, stage="contacted")
        s.add(engagement)
        s.flush()
        mission = Mission(name="Tel Aviv week", organizer_organization_id=b.id)
        s.add(mission)
        s.flush()
        batch = ImportBatch(
            kind="companies", source_name="english_list", file_name="en.csv", file_sha256="0" * 64
        )
        s.add(batch)
        s.flush()
        s.add_all(
            [
                ShortlistItem(shortlist_id=shortlist.id, startup_id=a.id, note="A"),
                ShortlistItem(shortlist_id=shortlist.id, startup_id=b.id, note="B"),  # duplicate once merged
                ShortlistItem(shortlist_id=own_list.id, startup_id=startup.id),
                Note(organization_id=corp.id, subject_organization_id=b.id, body="met them in Osaka"),
                Note(organization_id=b.id, subject_organization_id=startup.id, body="B's own note"),
                EngagementEvent(engagement_id=engagement.id, to_stage="contacted", note="first call"),
                NeedFeedback(need_id=need.id, organization_id=b.id, relevant=True),
                ContactRequest(
                    from_organization_id=b.id, to_organization_id=corp.id, expires_at=now + timedelta(days=14)
                ),
                MissionParticipant(
                    mission_id=mission.id, key="melco", role="host", organization_id=b.id, name="MELCO"
                ),
                Provenance(
                    entity_type="organization",
                    entity_id=b.id,
                    batch_id=batch.id,
                    row_number=2,
                    fields=["name"],
                ),
                Provenance(
                    entity_type="funding_round", entity_id=b.id, batch_id=batch.id, row_number=3, fields=[]
                ),
            ]
        )
        admin = User(
            email="admin@jetro.example", password_hash="x", organization_id=organizer.id, role="admin"
        )
        s.add(admin)
        s.flush()
        ids = {"a": a.id, "b": b.id, "admin": admin.id, "organizer": organizer.id, "corp": corp.id}
        uow.commit()
    return ids


def _references_to(context: AppContext, org_id: int) -> dict[str, int]:
    with context.uow() as uow:
        found: dict[str, int] = {}
        for table, column in organization_references():
            count = len(uow.session.execute(select(table).where(column == org_id)).all())
            if count:
                found[f"{table.name}.{column.name}"] = count
        count = len(
            uow.session.execute(
                select(Provenance).where(
                    Provenance.entity_type == "organization", Provenance.entity_id == org_id
                )
            ).all()
        )
        if count:
            found["provenance.entity_id"] = count
        return found


def test_merge_moves_everything_and_undo_restores_every_row_exactly(context: AppContext) -> None:
    ids = _rich_pair(context)
    admin = Viewer(ids["admin"], ids["organizer"], OrganizationKind.ORGANIZER, Role.ADMIN)
    before = _database(context)
    pointing_at_b = _references_to(context, ids["b"])
    assert set(pointing_at_b) >= {
        "funding_rounds.organization_id",
        "round_investors.investor_id",
        "deal_parties.organization_id",
        "people.organization_id",
        "notes.organization_id",
        "notes.subject_organization_id",
        "shortlists.organization_id",
        "shortlist_items.startup_id",
        "engagements.startup_id",
        "mission_participants.organization_id",
        "missions.organizer_organization_id",
        "organization_source_ids.organization_id",
        "organization_terms.organization_id",
        "needs.organization_id",
        "need_feedback.organization_id",
        "users.organization_id",
        "contact_requests.from_organization_id",
        "organizer_shares.organization_id",
        "provenance.entity_id",
    }

    report = identity.resolve_identities(
        context.uow(),
        viewer=admin,
        resolver=fixed_resolver(merges=[Link(ids["b"], ids["a"], 0.99, ("same company in two scripts",))]),
    )

    assert report.changed_ids == (ids["a"], ids["b"])
    assert report.clusters == ((ids["a"], ids["b"]),)
    [merge] = report.merged
    assert (merge.survivor_id, merge.merged_id, merge.reasons) == (
        ids["a"],
        ids["b"],
        ("same company in two scripts",),
    )
    assert _references_to(context, ids["b"]) == {}
    with context.uow() as uow:
        s = uow.session
        assert s.get(Organization, ids["b"]) is None
        survivor = s.get(Organization, ids["a"])
        assert survivor is not None
        assert (survivor.name, survivor.name_en, survivor.domain, survivor.founded_on) == (
            "三菱電機株式会社",
            "Mitsubishi Electric Corporation",
            "mitsubishielectric.com",
            date(1921, 1, 15),
        )
        assert sorted(
            s.scalars(
                select(OrganizationSourceId.source_key).where(
                    OrganizationSourceId.organization_id == ids["a"]
                )
            )
        ) == ["EN-1", "JP-1"]
        assert (
            len(s.scalars(select(OrganizationTerm).where(OrganizationTerm.organization_id == ids["a"])).all())
            == 2
        )
        assert s.scalars(select(Person.name).where(Person.organization_id == ids["a"])).all() == [
            "Kei Urushido"
        ]
        audit = s.scalars(select(AuditLog).where(AuditLog.entity_type == "identity_merge")).all()
        assert [(e.action, e.entity_id, e.user_id) for e in audit] == [("create", merge.id, ids["admin"])]
    # everything that pointed at B now points at A, besides the links A already had
    moved = _references_to(context, ids["a"])
    assert moved["funding_rounds.organization_id"] == 1
    assert moved["mission_participants.organization_id"] == 1
    assert moved["provenance.entity_id"] == 1

    undone = identity.undo_merge(context.uow(), viewer=admin, merge_id=merge.id)

    assert undone.changed_ids == (ids["a"], ids["b"])
    assert _database(context) == before
    assert _references_to(context, ids["b"]) == pointing_at_b
    assert [
        m.undone_at is not None
        for m in identity.list_merges(context.uow(), viewer=admin, include_undone=True)
    ] == [True]


def test_a_rejected_suggestion_is_never_proposed_again(context: AppContext) -> None:
    ids = _rich_pair(context)
    resolver = fixed_resolver(suggestions=[Link(ids["a"], ids["b"], 0.7, ("names sound alike",))])
    first = identity.resolve_identities(context.uow(), viewer=None, resolver=resolver)
    [pending] = identity.list_suggestions(context.uow(), viewer=None)
    assert (pending.id, pending.reasons) == (first.suggested[0].id, ("names sound alike",))
    assert pending.record_a is not None and pending.record_a.name_kana == "ミツビシデンキ"
    assert pending.record_b is not None and pending.record_b.domain == "mitsubishielectric.com"

    identity.reject_suggestion(context.uow(), viewer=None, suggestion_id=pending.id)
    again = identity.resolve_identities(context.uow(), viewer=None, resolver=resolver)
    sure_now = identity.resolve_identities(
        context.uow(), viewer=None, resolver=fixed_resolver(merges=[Link(ids["b"], ids["a"], 1.0, ())])
    )

    assert (again.suggested, sure_now.merged) == ((), ())
    assert identity.list_suggestions(context.uow(), viewer=None) == []
    assert _references_to(context, ids["b"]) != {}


def test_plain_members_may_not_merge(context: AppContext) -> None:
    ids = _rich_pair(context)
    member = Viewer(ids["admin"], ids["corp"], OrganizationKind.CORPORATION, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        identity.resolve_identities(
            context.uow(), viewer=member, resolver=fixed_resolver(merges=[Link(ids["a"], ids["b"], 1.0, ())])
        )
    assert _references_to(context, ids["b"]) != {}


def test_suggestions_naming_the_merged_company_follow_it_and_come_back_on_undo(context: AppContext) -> None:
    ids = _rich_pair(context)
    a, b, corp = ids["a"], ids["b"], ids["corp"]
    resolver = fixed_resolver(
        suggestions=[Link(b, corp, 0.6, ("same city",)), Link(a, b, 0.9, ("same company in two scripts",))]
    )
    identity.resolve_identities(context.uow(), viewer=None, resolver=resolver)
    pairs = {(s.a, s.b): s for s in identity.list_suggestions(context.uow(), viewer=None)}
    assert set(pairs) == {(a, b), (b, corp) if b < corp else (corp, b)}

    accepted = identity.accept_suggestion(context.uow(), viewer=None, suggestion_id=pairs[(a, b)].id)
    assert {
        (s.a, s.b, s.status) for s in identity.list_suggestions(context.uow(), viewer=None, status=None)
    } == {(min(a, corp), max(a, corp), "pending")}

    identity.undo_merge(context.uow(), viewer=None, merge_id=accepted.merge.id)
    after = {(s.a, s.b): s.status for s in identity.list_suggestions(context.uow(), viewer=None, status=None)}
    assert after == {(a, b): "rejected", (min(b, corp), max(b, corp)): "pending"}
    again = identity.resolve_identities(
        context.uow(), viewer=None, resolver=fixed_resolver(merges=[Link(a, b, 1.0, ("sure",))])
    )
    assert again.merged == ()


def test_records_for_the_matcher_carry_names_places_sectors_and_source(context: AppContext) -> None:
    ids = _rich_pair(context)
    with context.uow() as uow:
        everyone = uow.identity.records()
        a, b = uow.identity.records([ids["b"], ids["a"]])
    assert [r.id for r in everyone] == sorted(r.id for r in everyone) and len(everyone) == 6
    assert (a.id, a.name_kana, a.sectors, a.source) == (
        ids["a"],
        "ミツビシデンキ",
        ("electronics",),
        "japanese_list",
    )
    assert (b.name_en, b.domain, b.founded_year, b.sectors, b.source) == (
        "Mitsubishi Electric Corporation",
        "mitsubishielectric.com",
        1921,
        ("electronics", "robotics"),
        "english_list",
    )
