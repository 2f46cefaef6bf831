"""`kakehashi serve` never signs with the public development secret (issue 11, item 1)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from pydantic import ValidationError
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app
from kakehashi.settings import DEFAULT_SECRET, SECRET_FILE_NAME, Settings, get_settings

pytestmark = pytest.mark.integration

runner = CliRunner()
RUN_OPTIONS: list[dict[str, object]] = []
PASSWORD = "correct horse battery"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[FastAPI]]:
    """Environment of a self-hosted install started without a secret; collects the apps `serve` builds."""
    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KAKEHASHI_ENVIRONMENT", "development")
    monkeypatch.delenv("KAKEHASHI_SECRET_KEY", raising=False)
    apps: list[FastAPI] = []

    def run(application: FastAPI, **options: object) -> None:
        apps.append(application)
        RUN_OPTIONS.append(options)

    monkeypatch.setattr("uvicorn.run", run)
    get_settings.cache_clear()
    yield apps
    get_settings.cache_clear()


def _user(url: str) -> int:
    result = runner.invoke(
        app,
        [
            "--db",
            url,
            "users",
            "add",
            "admin@example.jp",
            "--org",
            "Bridge",
            "--org-kind",
            "organizer",
            "--role",
            "admin",
            "--password",
            PASSWORD,
        ],
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["--db", url, "users", "list", "--json"])
    return int(json.loads(listing.output)["items"][0]["id"])


def _token(client: TestClient) -> str:
    response = client.post("/api/v1/auth/token", json={"email": "admin@example.jp", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_serve_refuses_a_token_forged_with_the_default_secret(served: list[FastAPI], sqlite_url: str) -> None:
    user_id = _user(sqlite_url)
    runner.invoke(app, ["--db", sqlite_url, "serve"])
    client = TestClient(served[-1])
    forged = URLSafeTimedSerializer(DEFAULT_SECRET, salt="kakehashi.api-token").dumps(
        {"uid": user_id, "v": 0}
    )

    forged_answer = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"})
    genuine_answer = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {_token(client)}"})

    assert (forged_answer.status_code, genuine_answer.status_code) == (401, 200)


def test_the_generated_secret_is_private_and_reused_after_a_restart(
    served: list[FastAPI], sqlite_url: str, tmp_path: Path
) -> None:
    _user(sqlite_url)
    runner.invoke(app, ["--db", sqlite_url, "serve"])
    token = _token(TestClient(served[-1]))
    secret_file = tmp_path / "data" / SECRET_FILE_NAME
    first_secret = secret_file.read_text(encoding="utf-8")

    runner.invoke(app, ["--db", sqlite_url, "serve"])  # a restart
    after_restart = TestClient(served[-1]).get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
    )

    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert secret_file.read_text(encoding="utf-8") == first_secret
    assert DEFAULT_SECRET not in first_secret
    assert after_restart.status_code == 200


def test_a_configured_secret_key_wins_and_no_file_is_written(
    served: list[FastAPI], sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAKEHASHI_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()

    runner.invoke(app, ["--db", sqlite_url, "serve"])

    assert served[-1].state.context.settings.secret_key == "x" * 40
    assert not (tmp_path / "data" / SECRET_FILE_NAME).exists()


def test_production_still_refuses_the_default_secret(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(environment="production", data_dir=tmp_path, secret_key=DEFAULT_SECRET)


def test_serve_does_not_let_uvicorn_trust_forwarded_headers(served: list[FastAPI], sqlite_url: str) -> None:
    """Issue 11, item 8: uvicorn's proxy headers would take X-Forwarded-For from any local peer as the
    client address; the app reads it itself, from configured proxies only (web.deps.client_ip)."""
    runner.invoke(app, ["--db", sqlite_url, "serve"])

    assert RUN_OPTIONS[-1]["proxy_headers"] is False


def test_serve_keeps_idle_connections_longer_than_a_pause_between_pages(
    served: list[FastAPI], sqlite_url: str
) -> None:
    """Under load (bench/bench_load.py, users pausing 1-5 s) uvicorn's 5 s keep-alive closed connections
    that clients were about to reuse: they saw "connection reset by peer" instead of a page."""
    runner.invoke(app, ["--db", sqlite_url, "serve"])

    timeout = RUN_OPTIONS[-1]["timeout_keep_alive"]
    assert isinstance(timeout, int)
    assert timeout > 60


def test_nothing_signs_with_the_default_secret_outside_tests(tmp_path: Path) -> None:
    from kakehashi.entrypoints.web.sessions import signer

    with pytest.raises(RuntimeError):
        signer(
            Settings(environment="development", data_dir=tmp_path, secret_key=DEFAULT_SECRET),
            "kakehashi.api-token",
        )
