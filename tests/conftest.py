"""Shared fixtures: every database test runs on SQLite and on the PostgreSQL server (never skipped in CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.models import Base
from kakehashi.adapters.db.schema import upgrade_to_head
from kakehashi.entrypoints.context import AppContext
from kakehashi.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "KAKEHASHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_unavailable(reason: str) -> None:
    # In CI the PostgreSQL server is part of the machine: a missing server is a failure, not a skip.
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A fresh PostgreSQL database for this test process, migrated with Alembic, dropped afterwards."""
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"kakehashi_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        _postgres_unavailable(str(exc).splitlines()[0])
    url = admin.url.set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty, migrated database: SQLite file or the shared PostgreSQL test database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kakehashi.db'}"
        engine = make_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        yield url
        return
    engine: Engine = request.getfixturevalue("postgres_engine")
    _truncate_all(engine)
    yield engine.url.render_as_string(hide_password=False)
    _truncate_all(engine)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An empty migrated SQLite database, for tests whose subject is not the database."""
    url = f"sqlite:///{tmp_path / 'kakehashi.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


def make_context(url: str, data_dir: Path) -> AppContext:
    settings = Settings(environment="test", data_dir=data_dir, database_url=url)
    return AppContext(settings=settings, database_url=url)


@pytest.fixture
def context(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    """AppContext on both databases, with its own data folder for derived indexes."""
    ctx = make_context(database_url, tmp_path / "data")
    yield ctx
    ctx.dispose()


@pytest.fixture
def sqlite_context(sqlite_url: str, tmp_path: Path) -> Iterator[AppContext]:
    ctx = make_context(sqlite_url, tmp_path / "data")
    yield ctx
    ctx.dispose()
