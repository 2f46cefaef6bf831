"""Who may see and change what: the rules every service applies."""

from __future__ import annotations

import pytest

from kakehashi.domain.access import (
    Role,
    Viewer,
    can_edit_need,
    can_edit_workspace,
    can_view_contact_request,
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
    assert can_view_need(who, owner_organization_id=ALPHA, visibility=visibility) is expected


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
    assert can_view_workspace(who, owner_organization_id=ALPHA) is view
    assert can_edit_workspace(who, owner_organization_id=ALPHA) is edit


@pytest.mark.parametrize(
    ("who", "expected"), [(alpha, True), (startup, True), (beta, False), (organizer, True)]
)
def test_meeting_request_concerns_sender_recipient_and_organizers(who: Viewer, expected: bool) -> None:
    assert can_view_contact_request(who, from_organization_id=ALPHA, to_organization_id=STARTUP) is expected


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
