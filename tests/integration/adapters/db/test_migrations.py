"""The Alembic migrations are the schema: they must build exactly what the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.models import Base
from kakehashi.adapters.db.schema import upgrade_to_head

pytestmark = pytest.mark.integration


def test_migrations_match_models_on_both_databases(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_changes_nothing(database_url: str) -> None:
    engine = make_engine(database_url)
    before = sorted(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    after = sorted(inspect(engine).get_table_names())
    engine.dispose()
    assert after == before
    assert "organizations" in after
