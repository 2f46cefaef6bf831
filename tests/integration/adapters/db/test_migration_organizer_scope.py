"""Revision 0006 (organizer scope): a mission stored without an owner goes to the install's only organizer
organization; with several organizers it stays without one (only the command line sees it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.schema import alembic_config

pytestmark = pytest.mark.integration


def _migrate(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _owner_after_upgrade(tmp_path: Path, organizers: list[str]) -> int | None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    _migrate(engine, "0004")
    with engine.begin() as conn:
        for name in organizers:
            conn.execute(
                text(
                    "INSERT INTO organizations (kind, name, name_key, is_demo, created_at, updated_at) "
                    "VALUES ('organizer', :n, :n, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"n": name},
            )
        conn.execute(
            text(
                "INSERT INTO missions (name, timezone, status, extra, created_at, updated_at) "
                "VALUES ('Old mission', 'Asia/Tokyo', 'draft', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    _migrate(engine, "head")
    with engine.connect() as conn:
        owner = conn.execute(text("SELECT organizer_organization_id FROM missions")).scalar_one()
        first = conn.execute(text("SELECT min(id) FROM organizations")).scalar_one()
    engine.dispose()
    return None if owner is None else int(owner) - int(first) + 1


def test_ownerless_mission_goes_to_the_only_organizer(tmp_path: Path) -> None:
    assert _owner_after_upgrade(tmp_path, ["Trade Agency"]) == 1


def test_ownerless_mission_stays_ownerless_with_several_organizers(tmp_path: Path) -> None:
    assert _owner_after_upgrade(tmp_path, ["Trade Agency", "Innovation Authority"]) is None
