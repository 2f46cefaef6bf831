"""`kakehashi sharing add/remove`: an administrator of the install records a corporation's consent that an
organizer organization reads its private data (the organizer scope)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts

pytestmark = pytest.mark.integration

runner = CliRunner()


def test_sharing_add_then_remove(context: AppContext, database_url: str) -> None:
    corporation = accounts.add_user(
        context.uow(),
        email="scout@alpha.jp",
        password="long enough pw",
        org_name="Alpha",
        org_kind="corporation",
        role="admin",
    ).organization_id
    agency = accounts.add_user(
        context.uow(),
        email="desk@agency.jp",
        password="long enough pw",
        org_name="Agency",
        org_kind="organizer",
        role="organizer",
    ).organization_id

    added = runner.invoke(app, ["--db", database_url, "sharing", "add", str(corporation), str(agency)])
    with context.uow() as uow:
        shared = uow.sharing.sharing_with(agency)
    removed = runner.invoke(app, ["--db", database_url, "sharing", "remove", str(corporation), str(agency)])
    wrong_way = runner.invoke(app, ["--db", database_url, "sharing", "add", str(agency), str(corporation)])

    assert (added.exit_code, removed.exit_code) == (0, 0)
    assert shared == frozenset({corporation})
    assert f"organization {corporation} no longer shares its data with organizer {agency}" in removed.output
    assert wrong_way.exit_code != 0
