"""The in-memory unit of work the service unit tests run on behaves like the real one's contract."""

from __future__ import annotations

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.services.unit_of_work import UnitOfWork

pytestmark = pytest.mark.unit


def test_the_fake_counts_commits_and_entries() -> None:
    uow: UnitOfWork = FakeUnitOfWork()  # type-checks against the protocol services depend on

    with uow:
        uow.commit()

    assert isinstance(uow, FakeUnitOfWork)
    assert (uow.entered, uow.commits) == (1, 1)
