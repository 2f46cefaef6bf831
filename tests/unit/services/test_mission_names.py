"""The mission services store names on one line, whichever way they come in (issue 11, item 4)."""

from __future__ import annotations

import pytest
from tests.unit.services.fakes import FakeUnitOfWork
from tests.unit.services.test_missions import ORGANIZER, tiny_instance

from kakehashi.domain.errors import InvalidInput
from kakehashi.services import missions

pytestmark = pytest.mark.unit


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.missions.organizations.add(ORGANIZER.organization_id)
    return fake


def test_import_instance_stores_a_given_mission_name_on_one_line(uow: FakeUnitOfWork) -> None:
    mission_id = missions.import_instance(
        uow, viewer=ORGANIZER, data=tiny_instance(), name="Spring\r\nmission"
    )

    assert missions.mission_item(uow, viewer=ORGANIZER, mission_id=mission_id).name == "Spring mission"


def test_add_participant_stores_its_names_on_one_line(uow: FakeUnitOfWork) -> None:
    mission_id = missions.import_instance(uow, viewer=ORGANIZER, data=tiny_instance())

    missions.add_participant(
        uow,
        viewer=ORGANIZER,
        mission_id=mission_id,
        key="negev",
        name="Negev\r\nWater; Labs, Inc. \\ R&D",
        organization="Negev Water\nLabs Ltd.",
        name_ja="ネゲブ\r\nウォーター",
        role="host",
        venue="tlv",
    )

    stored = uow.missions.missions[mission_id].participant("negev")
    assert stored is not None
    assert (stored.name, stored.organization_name, stored.name_ja) == (
        "Negev Water; Labs, Inc. \\ R&D",
        "Negev Water Labs Ltd.",
        "ネゲブ ウォーター",
    )


def test_add_participant_whose_name_is_only_line_breaks_is_refused(uow: FakeUnitOfWork) -> None:
    mission_id = missions.import_instance(uow, viewer=ORGANIZER, data=tiny_instance())
    uow.commits = 0

    with pytest.raises(InvalidInput) as error:
        missions.add_participant(
            uow, viewer=ORGANIZER, mission_id=mission_id, key="x", name="\r\n\t", role="delegate"
        )

    assert str(error.value) == "a participant needs an id and a name"
    assert uow.commits == 0
