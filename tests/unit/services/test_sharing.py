"""The organizer scope on the in-memory unit of work: an organizer reads a corporation's private data only
once that corporation's administrator shared it, and no longer after it stopped."""

from __future__ import annotations

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services import sharing, workspace

pytestmark = pytest.mark.unit

ALPHA, AGENCY, OTHER_AGENCY, SHIELD = 1, 3, 4, 10


def _viewer(org: int, kind: OrganizationKind, role: Role = Role.MEMBER) -> Viewer:
    return Viewer(user_id=org * 100 + 1, organization_id=org, organization_kind=kind, role=role)


ALPHA_ADMIN = _viewer(ALPHA, OrganizationKind.CORPORATION, Role.ADMIN)
ALPHA_MEMBER = _viewer(ALPHA, OrganizationKind.CORPORATION)
ORGANIZER = _viewer(AGENCY, OrganizationKind.ORGANIZER, Role.ORGANIZER)
OTHER_ORGANIZER = _viewer(OTHER_AGENCY, OrganizationKind.ORGANIZER, Role.ORGANIZER)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    for org, kind, name in [
        (ALPHA, "corporation", "Alpha Motors"),
        (AGENCY, "organizer", "Trade Agency"),
        (OTHER_AGENCY, "organizer", "Innovation Authority"),
        (SHIELD, "startup", "Shield Labs"),
    ]:
        fake.workspace.add_organization(org, name, kind)
        fake.sharing.add_organization(org, kind, name)
    return fake


def test_organizer_reads_a_shortlist_only_while_the_corporation_shares_with_it(uow: FakeUnitOfWork) -> None:
    shortlist = workspace.create_shortlist(uow, viewer=ALPHA_MEMBER, name="EV batteries")

    before = pytest.raises(
        NotFound, workspace.get_shortlist, uow, viewer=ORGANIZER, shortlist_id=shortlist.id
    )
    sharing.share_with_organizer(uow, viewer=ALPHA_ADMIN, organizer_organization_id=AGENCY)
    during = workspace.get_shortlist(uow, viewer=ORGANIZER, shortlist_id=shortlist.id)
    with pytest.raises(NotFound):  # another agency on the same install still sees nothing
        workspace.get_shortlist(uow, viewer=OTHER_ORGANIZER, shortlist_id=shortlist.id)
    sharing.stop_sharing(uow, viewer=ALPHA_ADMIN, organizer_organization_id=AGENCY)
    with pytest.raises(NotFound):
        workspace.get_shortlist(uow, viewer=ORGANIZER, shortlist_id=shortlist.id)

    assert before.value.msgid == "no shortlist with id {shortlist_id}"
    assert during.name == "EV batteries"


def test_only_an_administrator_shares_and_only_with_an_organizer(uow: FakeUnitOfWork) -> None:
    with pytest.raises(PermissionDenied) as member:
        sharing.share_with_organizer(uow, viewer=ALPHA_MEMBER, organizer_organization_id=AGENCY)
    with pytest.raises(NotFound) as not_organizer:
        sharing.share_with_organizer(uow, viewer=ALPHA_ADMIN, organizer_organization_id=SHIELD)

    assert (
        member.value.msgid
        == "only an administrator of your organization may share its data with an organizer"
    )
    assert not_organizer.value.msgid == "no organizer organization with id {organization_id}"
    assert (uow.sharing.shares, uow.commits) == (set(), 0)


def test_shared_organizers_are_listed_by_name(uow: FakeUnitOfWork) -> None:
    sharing.share_with_organizer(uow, viewer=ALPHA_ADMIN, organizer_organization_id=AGENCY)
    sharing.share_with_organizer(uow, viewer=ALPHA_ADMIN, organizer_organization_id=OTHER_AGENCY)

    names = [o.name for o in sharing.list_shared_organizers(uow, viewer=ALPHA_ADMIN)]

    assert names == ["Innovation Authority", "Trade Agency"]


def test_command_line_share_is_refused_for_an_organizer_and_reports_changes(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput):
        sharing.set_sharing(uow, organization_id=OTHER_AGENCY, organizer_organization_id=AGENCY, shared=True)

    first = sharing.set_sharing(uow, organization_id=ALPHA, organizer_organization_id=AGENCY, shared=True)
    again = sharing.set_sharing(uow, organization_id=ALPHA, organizer_organization_id=AGENCY, shared=True)
    withdrawn = sharing.set_sharing(
        uow, organization_id=ALPHA, organizer_organization_id=AGENCY, shared=False
    )

    assert (first, again, withdrawn, uow.sharing.shares) == (True, False, True, set())


def test_demo_corporations_share_with_the_demo_organizer(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from kakehashi.services import accounts
    from kakehashi.services.demo_accounts import create_demo_users

    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)
    uow = FakeUnitOfWork()
    uow.accounts.seed_organization("Demo Alpha", OrganizationKind.CORPORATION, is_demo=True)
    uow.accounts.seed_organization("Demo Beta", OrganizationKind.CORPORATION, is_demo=True)

    create_demo_users(uow)
    create_demo_users(uow)  # loading twice shares once

    organizer = uow.accounts.get_user_by_email("organizer@demo.kakehashi.jp")
    scouts = [
        uow.accounts.get_user_by_email(e) for e in ("scout@demo.kakehashi.jp", "scout2@demo.kakehashi.jp")
    ]
    assert organizer is not None and all(scouts)
    assert uow.sharing.sharing_with(organizer.organization_id) == {s.organization_id for s in scouts if s}
