"""Issue 11 on the command line: a poisoned saved search does not stop `alerts check`; `users add` refuses
the organizer role outside an organizer organization."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app
from kakehashi.entrypoints.context import AppContext

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]

runner = CliRunner()


def _add(url: str, email: str, org: str, kind: str, role: str) -> tuple[int, str]:
    args = ["--db", url, "users", "add", email, "--org", org, "--org-kind", kind, "--role", role]
    result = runner.invoke(app, [*args, "--password", "long enough pw", "--json"])
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["corporation", "startup"])
def test_users_add_refuses_the_organizer_role_outside_an_organizer_organization(
    sqlite_url: str, kind: str
) -> None:
    code, output = _add(sqlite_url, "boss@alpha.jp", "Alpha", kind, "organizer")

    assert code == 2
    assert "the role organizer is only for users of an organizer organization" in output
    assert (
        json.loads(runner.invoke(app, ["--db", sqlite_url, "users", "list", "--json"]).output)["items"] == []
    )


def test_alerts_check_skips_a_poisoned_saved_search_and_runs_the_others(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the search index goes to ./var
    _add(sqlite_url, "scout@alpha.jp", "Alpha", "corporation", "member")
    context = AppContext(database_url=sqlite_url)
    with context.uow() as uow:  # stored before filters were checked
        user = uow.accounts.get_user_by_email("scout@alpha.jp")
        assert user is not None
        ids = [
            uow.workspace.add_saved_search(
                organization_id=user.organization_id,
                user_id=user.id,
                name=name,
                query="security",
                filters=filters,
                alert=True,
            )
            for name, filters in [("poisoned", {"funding_min": 10**30}), ("fine", {"founded_from": 2015})]
        ]
        uow.commit()
    context.dispose()

    result = runner.invoke(app, ["--db", sqlite_url, "alerts", "check", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checked"] == 1
    assert json.loads(result.stdout)["failed"] == [ids[0]]
