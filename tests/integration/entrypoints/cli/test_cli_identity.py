"""`kakehashi identity resolve | review | undo` on both databases, with a stand-in matcher: the JSON shape,
a rejection remembered, an undo, and the search index told which organizations changed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from kakehashi.adapters.db.models import Organization
from kakehashi.domain.identity import Link
from kakehashi.entrypoints.cli.main import app
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import identity
from kakehashi.settings import get_settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]

runner = CliRunner()


@pytest.fixture
def reindexed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[list[int]]]:
    """The ids each command hands to catalog_changed (the real index is tested elsewhere)."""
    calls: list[list[int]] = []

    def catalog_changed(self: AppContext, organization_ids: Sequence[int]) -> None:
        calls.append(list(organization_ids))

    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    monkeypatch.setattr(AppContext, "catalog_changed", catalog_changed)
    yield calls
    get_settings.cache_clear()


def _orgs(url: str, *names: str) -> list[int]:
    context = AppContext(database_url=url)
    with context.uow() as uow:
        orgs = [Organization(kind="corporation", name=n, name_key=n.lower()) for n in names]
        uow.session.add_all(orgs)
        uow.session.flush()
        ids = [o.id for o in orgs]
        uow.commit()
    context.dispose()
    return ids


def _names(url: str) -> list[str]:
    context = AppContext(database_url=url)
    with context.uow() as uow:
        names = list(uow.session.scalars(select(Organization.name).order_by(Organization.id)))
    context.dispose()
    return names


def test_resolve_review_and_undo(
    database_url: str, reindexed: list[list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c, d = _orgs(database_url, "三菱電機", "Mitsubishi Electric", "Shieldline", "Shield Line")
    resolver = identity.fixed_resolver(
        merges=[Link(b, a, 0.99, ("same corporate number",))],
        suggestions=[Link(c, d, 0.8, ("names sound alike",))],
    )
    monkeypatch.setattr(identity, "default_resolver", lambda: resolver)

    resolved = runner.invoke(app, ["--db", database_url, "identity", "resolve", "--json"])
    assert resolved.exit_code == 0, resolved.output
    report = json.loads(resolved.output)
    assert set(report) == {"merged", "suggested", "clusters"}
    assert [(m["survivor"], m["merged"], m["reasons"]) for m in report["merged"]] == [
        (a, b, ["same corporate number"])
    ]
    assert [(s["a"], s["b"], s["reasons"]) for s in report["suggested"]] == [(c, d, ["names sound alike"])]
    assert report["clusters"] == [[a, b]]
    assert reindexed == [[a, b]]
    assert _names(database_url) == ["三菱電機", "Shieldline", "Shield Line"]

    listed = json.loads(runner.invoke(app, ["--db", database_url, "identity", "review", "--json"]).output)
    assert [(s["record_a"]["name"], s["record_b"]["name"]) for s in listed] == [("Shieldline", "Shield Line")]
    rejected = runner.invoke(
        app, ["--db", database_url, "identity", "review", "--reject", str(listed[0]["id"])]
    )
    assert rejected.exit_code == 0, rejected.output
    again = json.loads(runner.invoke(app, ["--db", database_url, "identity", "resolve", "--json"]).output)
    assert again == {"merged": [], "suggested": [], "clusters": []}

    undone = runner.invoke(app, ["--db", database_url, "identity", "undo", str(report["merged"][0]["id"])])
    assert undone.exit_code == 0, undone.output
    assert reindexed[-1] == [a, b]
    assert _names(database_url) == ["三菱電機", "Mitsubishi Electric", "Shieldline", "Shield Line"]
    twice = runner.invoke(app, ["--db", database_url, "identity", "undo", str(report["merged"][0]["id"])])
    assert twice.exit_code == 2
    assert "already undone" in twice.output
