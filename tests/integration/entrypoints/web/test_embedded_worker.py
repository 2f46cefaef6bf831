"""`make run` stays one command: with the SQLite queue the web server runs the jobs itself (an embedded huey
consumer started with the app), so a planner run queued through the API finishes with no other process; with
KAKEHASHI_EMBEDDED_WORKER=0 the job waits for `kakehashi worker`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient

from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "examples" / "mission-small.json"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


def _context(sqlite_url: str, tmp_path: Path, *, embedded: bool) -> AppContext:
    settings = Settings(
        environment="development",
        data_dir=tmp_path / "data",
        database_url=sqlite_url,
        jobs_backend="sqlite",
        embedded_worker=embedded,
    )
    context = AppContext(settings=settings, database_url=sqlite_url)
    accounts.add_user(
        context.uow(),
        email="o@jetro.go.jp",
        password=PASSWORD,
        org_name="JETRO",
        org_kind="organizer",
        role="member",
    )
    return context


def _start_run(client: TestClient) -> tuple[dict[str, str], dict[str, object]]:
    token = client.post("/api/v1/auth/token", json={"email": "o@jetro.go.jp", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    mission = client.post("/api/v1/missions", json=json.loads(EXAMPLE.read_text()), headers=headers).json()
    started = client.post(f"/api/v1/missions/{mission['id']}/solve?time_limit=2", headers=headers)
    assert started.status_code == 202, started.text
    return headers, started.json()


def test_the_server_runs_a_queued_planner_run_itself(sqlite_url: str, tmp_path: Path) -> None:
    context = _context(sqlite_url, tmp_path, embedded=True)
    with TestClient(create_app(context)) as client:
        headers, job = _start_run(client)
        for _ in range(600):
            job = client.get(str(job["url"]), headers=headers).json()
            if job["done"]:
                break
            time.sleep(0.1)
    context.dispose()

    assert (job["status"], job["result"]) == ("succeeded", {"version": 1}), job


def test_without_the_embedded_worker_the_job_waits_for_a_worker(sqlite_url: str, tmp_path: Path) -> None:
    context = _context(sqlite_url, tmp_path, embedded=False)
    with TestClient(create_app(context)) as client:
        headers, job = _start_run(client)
        time.sleep(1.5)
        later = client.get(str(job["url"]), headers=headers).json()
    context.dispose()

    assert (job["status"], later["status"]) == ("queued", "queued")
