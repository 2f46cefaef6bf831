"""Indexes that follow the catalogue change log (issue 16): every process with its own data folder catches
up with changes another process committed; processes sharing a folder apply each change once."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_context

from kakehashi.domain.access import Viewer
from kakehashi.domain.search import SearchMode
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import directory
from kakehashi.services.demo import load_demo
from kakehashi.services.search import follow_changes, index_is_behind, search_catalog

pytestmark = pytest.mark.integration


def _keyword_hits(context: AppContext, word: str) -> list[int]:
    results = search_catalog(context.uow(), context.search_engine, query=word, limit=10, mode=SearchMode.BM25)
    return [hit.id for hit in results.hits]


def _founder(context: AppContext) -> Viewer:
    from kakehashi.services import accounts
    from kakehashi.services.demo_accounts import DEMO_PASSWORD

    user = accounts.sign_in(
        context.uow(), email="founder@demo.kakehashi.jp", password=DEMO_PASSWORD, ip="192.0.2.1"
    )
    return user.viewer


@pytest.fixture
def writer(context: AppContext) -> AppContext:
    """A process that loads the demo and keeps its own index in step as it writes."""
    load_demo(context.uow(), if_empty=True, after_commit=context.catalog_changed, with_logins=True)
    follow_changes(context.uow(), context.search_engine)  # the logins' own organizations came after
    return context


def test_another_folder_builds_from_the_database_then_follows_edits(
    writer: AppContext, database_url: str, tmp_path: Path
) -> None:
    reader = make_context(database_url, tmp_path / "reader")
    try:
        assert index_is_behind(reader.uow(), reader.search_engine)  # a new folder has followed nothing
        built = follow_changes(reader.uow(), reader.search_engine, build=True)
        with reader.uow() as uow:
            in_database = uow.directory.organization_count()
        assert built == reader.search_engine.count() == in_database > 0
        assert not index_is_behind(reader.uow(), reader.search_engine)

        founder = _founder(writer)
        profile = directory.update_own_profile(
            writer.uow(),
            viewer=founder,
            update=directory.ProfileUpdate(description_en="quokkatronic sensors"),
        )
        writer.catalog_changed([profile.id])
        assert _keyword_hits(writer, "quokkatronic") == [profile.id]
        assert _keyword_hits(reader, "quokkatronic") == []  # not yet: the reader has not polled

        assert index_is_behind(reader.uow(), reader.search_engine)
        assert follow_changes(reader.uow(), reader.search_engine) == 1  # only the edited organization
        assert _keyword_hits(reader, "quokkatronic") == [profile.id]
        assert not index_is_behind(reader.uow(), reader.search_engine)
    finally:
        reader.dispose()


def test_a_refused_edit_logs_no_change(writer: AppContext) -> None:
    founder = _founder(writer)
    with writer.uow() as uow:
        before = uow.search_changes.latest()
    with pytest.raises(Exception, match="too long"):
        directory.update_own_profile(
            writer.uow(), viewer=founder, update=directory.ProfileUpdate(city="x" * 5000)
        )
    with writer.uow() as uow:
        assert uow.search_changes.latest() == before


def test_processes_sharing_a_folder_apply_a_change_once(writer: AppContext, database_url: str) -> None:
    sibling = make_context(database_url, writer.data_dir)  # a second worker on the same data folder
    try:
        founder = _founder(writer)
        directory.update_own_profile(
            writer.uow(), viewer=founder, update=directory.ProfileUpdate(description_en="wombatic drones")
        )
        assert index_is_behind(sibling.uow(), sibling.search_engine)
        assert follow_changes(sibling.uow(), sibling.search_engine) == 1
        assert not index_is_behind(writer.uow(), writer.search_engine)  # the folder has it: nothing to do
        assert follow_changes(writer.uow(), writer.search_engine) == 0
        assert _keyword_hits(writer, "wombatic") == [founder.organization_id]
    finally:
        sibling.dispose()
