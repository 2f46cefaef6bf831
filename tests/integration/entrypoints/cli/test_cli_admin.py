"""`kakehashi users ...` for administrators: create users (and their organization), list them, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app

pytestmark = pytest.mark.integration

runner = CliRunner()


def _add(url: str, email: str, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "--db",
            url,
            "users",
            "add",
            email,
            "--org",
            "三葉重工業株式会社",
            "--org-kind",
            "corporation",
            "--role",
            "member",
            "--password",
            "long enough pw",
            *extra,
        ],
    )
    return result.exit_code, result.output


def test_users_add_creates_user_and_organization(database_url: str) -> None:
    code, _ = _add(database_url, "Scout@Mitsuba.jp", "--json")

    listing = runner.invoke(app, ["--db", database_url, "users", "list", "--json"])

    users = json.loads(listing.output)["items"]
    assert code == 0
    assert [(u["email"], u["organization"], u["organization_kind"], u["role"]) for u in users] == [
        ("scout@mitsuba.jp", "三葉重工業株式会社", "corporation", "member")
    ]


def test_second_user_joins_the_same_organization(sqlite_url: str) -> None:
    _add(sqlite_url, "a@mitsuba.jp")
    _add(sqlite_url, "b@mitsuba.jp")

    users = json.loads(runner.invoke(app, ["--db", sqlite_url, "users", "list", "--json"]).output)["items"]

    assert len({u["organization_id"] for u in users}) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org-kind", "investor"], "organization kind must be one of"),
        (["--role", "boss"], "role must be one of"),
        (["--password", "short"], "at least 8 characters"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_code_2(sqlite_url: str, args: list[str], message: str) -> None:
    code, output = _add(sqlite_url, "a@mitsuba.jp", *args)

    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_duplicate_user_is_refused(sqlite_url: str) -> None:
    _add(sqlite_url, "a@mitsuba.jp")

    code, output = _add(sqlite_url, "A@mitsuba.jp")

    assert code == 2
    assert "already exists" in output


def test_set_password_lets_the_user_sign_in_with_the_new_one(sqlite_url: str) -> None:
    from kakehashi.entrypoints.context import AppContext
    from kakehashi.services import accounts

    _add(sqlite_url, "a@mitsuba.jp")

    result = runner.invoke(
        app, ["--db", sqlite_url, "users", "set-password", "a@mitsuba.jp", "--password", "brand new pw"]
    )

    context = AppContext(database_url=sqlite_url)
    viewer = accounts.authenticate(
        context.uow(), email="a@mitsuba.jp", password="brand new pw", ip="127.0.0.1"
    )
    context.dispose()
    assert result.exit_code == 0
    assert viewer.role.value == "member"
