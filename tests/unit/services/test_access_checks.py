"""Service-level permission checks that need no database: who may plan missions, stage names."""

from __future__ import annotations

import pytest

from kakehashi.domain.access import Role, Viewer
from kakehashi.domain.errors import InvalidInput, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.workspace import EngagementStage, parse_stage
from kakehashi.services.missions.access import check_can_plan

pytestmark = pytest.mark.unit


def _viewer(kind: OrganizationKind, role: Role) -> Viewer:
    return Viewer(user_id=1, organization_id=1, organization_kind=kind, role=role)


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganizationKind.CORPORATION, Role.ADMIN),
        (OrganizationKind.STARTUP, Role.MEMBER),
        (OrganizationKind.ORGANIZER, Role.VIEWER),
    ],
)
def test_only_writing_organizers_plan_missions(kind: OrganizationKind, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        check_can_plan(_viewer(kind, role))


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.ADMIN, Role.MEMBER])
def test_organizers_plan_missions(role: Role) -> None:
    assert check_can_plan(_viewer(OrganizationKind.ORGANIZER, role)) is None


def test_stage_names_are_forgiving_about_case_and_blanks() -> None:
    assert parse_stage(" PoC ") is EngagementStage.POC


def test_unknown_stage_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_stage("married")

    assert str(error.value) == (
        "stage must be one of identified, contacted, meeting, poc, agreement, investment, acquisition, "
        "rd_center, not 'married'"
    )
