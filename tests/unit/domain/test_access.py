"""Who may see and change what: the rules every service applies."""

from __future__ import annotations

import pytest

from kakehashi.domain.access import (
    Role,
    Viewer,
    can_create_need,
    can_edit_need,
    can_edit_workspace,
    can_plan_mission,
    can_read_private_data,
    can_view_contact_request,
    can_view_mission,
    can_view_need,
    can_view_workspace,
)
from kakehashi.domain.accounts import normalize_email, parse_account_kind, parse_role
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import OrganizationKind

pytestmark = pytest.mark.unit

ALPHA, BETA, STARTUP, ORGANIZER = 1, 2, 3, 4


def viewer(org: int, kind: OrganizationKind, role: Role = Role.MEMBER) -> Viewer:
    return Viewer(user_id=org * 10, organization_id=org, organization_kind=kind, role=role)


alpha = viewer(ALPHA, OrganizationKind.CORPORATION)
alpha_viewer = viewer(ALPHA, OrganizationKind.CORPORATION, Role.VIEWER)
beta = viewer(BETA, OrganizationKind.CORPORATION)
startup = viewer(STARTUP, OrganizationKind.STARTUP)
organizer = viewer(ORGANIZER, OrganizationKind.ORGANIZER, Role.ORGANIZER)
OTHER_AGENCY = 5
other_organizer = viewer(OTHER_AGENCY, OrganizationKind.ORGANIZER, Role.ORGANIZER)
organizer_reader = viewer(ORGANIZER, OrganizationKind.ORGANIZER, Role.VIEWER)
ALPHA_SHARES = frozenset({ALPHA})  # the organizations sharing with `organizer`


@pytest.mark.parametrize(
    ("who", "visibility", "expected"),
    [
        (alpha, "private", True),
        (alpha_viewer, "private", True),
        (beta, "private", False),
        (startup, "private", False),
        (organizer, "private", True),
        (None, "private", False),
        (beta, "open", False),
        (startup, "open", True),
        (organizer, "open", True),
        (None, "open", False),
    ],
)
def test_need_visibility(who: Viewer | None, visibility: str, expected: bool) -> None:
    # Set-up since the organizer scope (issue 11): ALPHA shares its data with the organizer.
    assert (
        can_view_need(who, owner_organization_id=ALPHA, visibility=visibility, shares=ALPHA_SHARES)
        is expected
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [(alpha, True), (alpha_viewer, False), (beta, False), (organizer, False), (None, False)],
)
def test_only_writers_of_the_owner_edit_a_need(who: Viewer | None, expected: bool) -> None:
    assert can_edit_need(who, owner_organization_id=ALPHA) is expected


@pytest.mark.parametrize(
    ("who", "view", "edit"),
    [
        (alpha, True, True),
        (alpha_viewer, True, False),
        (beta, False, False),
        (startup, False, False),
        (organizer, True, False),
    ],
)
def test_workspace_is_the_owners_and_organizers_can_only_read(who: Viewer, view: bool, edit: bool) -> None:
    assert can_view_workspace(who, owner_organization_id=ALPHA, shares=ALPHA_SHARES) is view
    assert can_edit_workspace(who, owner_organization_id=ALPHA) is edit


@pytest.mark.parametrize(
    ("who", "expected"), [(alpha, True), (startup, True), (beta, False), (organizer, True)]
)
def test_meeting_request_concerns_sender_recipient_and_organizers(who: Viewer, expected: bool) -> None:
    assert (
        can_view_contact_request(
            who, from_organization_id=ALPHA, to_organization_id=STARTUP, shares=ALPHA_SHARES
        )
        is expected
    )


@pytest.mark.parametrize("owner", [ALPHA, BETA])
def test_organizer_reads_private_data_only_of_an_organization_sharing_with_it(owner: int) -> None:
    shared = can_read_private_data(organizer, owner_organization_id=owner, shares=ALPHA_SHARES)

    assert shared is (owner == ALPHA)


def test_shares_mean_nothing_to_a_corporation() -> None:
    assert can_read_private_data(beta, owner_organization_id=ALPHA, shares=ALPHA_SHARES) is False


def test_an_organizer_without_shares_sees_no_private_need_but_every_open_call() -> None:
    assert can_view_need(other_organizer, owner_organization_id=ALPHA, visibility="private") is False
    assert can_view_need(other_organizer, owner_organization_id=ALPHA, visibility="open") is True


@pytest.mark.parametrize(
    ("who", "expected"),
    [(alpha, True), (alpha_viewer, False), (startup, False), (organizer, True), (organizer_reader, False)],
)
def test_needs_are_written_by_corporations_and_organizers(who: Viewer, expected: bool) -> None:
    assert can_create_need(who) is expected


@pytest.mark.parametrize(
    ("who", "see", "plan"),
    [
        (organizer, True, True),  # owns the mission
        (organizer_reader, True, False),
        (other_organizer, True, False),  # invited: takes part, does not own
        (alpha, True, False),  # takes part
        (beta, False, False),
        (startup, False, False),
    ],
)
def test_mission_is_seen_by_owner_and_participants_and_planned_by_its_owner(
    who: Viewer, see: bool, plan: bool
) -> None:
    participants = [ALPHA, OTHER_AGENCY, None]

    seen = can_view_mission(who, owner_organization_id=ORGANIZER, participant_organization_ids=participants)
    planned = can_plan_mission(who, owner_organization_id=ORGANIZER)

    assert (seen, planned) == (see, plan)


def test_organizer_does_not_see_another_organizers_mission() -> None:
    assert (
        can_view_mission(organizer, owner_organization_id=OTHER_AGENCY, participant_organization_ids=[ALPHA])
        is False
    )


def test_email_is_lower_cased_and_trimmed() -> None:
    assert normalize_email("  Scout@Toyota.CO.JP ") == "scout@toyota.co.jp"


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b", "two@@x.jp", "sp ace@x.jp", "x" * 320 + "@x.jp"])
def test_malformed_email_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_email(bad)


def test_investors_cannot_have_accounts() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_account_kind("investor")

    assert (
        str(error.value) == "organization kind must be one of corporation, startup, organizer, not 'investor'"
    )


def test_role_is_parsed_case_insensitively() -> None:
    assert parse_role(" Viewer ") is Role.VIEWER
