"""Issue 16's "done when", for jobs: two web apps with separate data folders on one PostgreSQL database and
one Redis queue; a planner run started through the first is followed to its end through the second, while
the `kakehashi worker` running it is killed with SIGKILL once and a new worker takes over."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.conftest import _truncate_all
from tests.integration.entrypoints.cli.test_cli_worker import _environment, _start_worker, _stop

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.instance_codec import write_instance
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services import accounts
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


@pytest.fixture
def pg_worker_env(postgres_engine: Engine, tmp_path: Path) -> Iterator[dict[str, str]]:
    _truncate_all(postgres_engine)
    yield from _environment(postgres_engine.url.render_as_string(hide_password=False), tmp_path / "worker")
    _truncate_all(postgres_engine)


def _web(env: dict[str, str], data_dir: Path) -> AppContext:
    settings = Settings(
        environment="development",
        data_dir=data_dir,
        database_url=env["KAKEHASHI_DATABASE_URL"],
        jobs_backend="redis",
        jobs_queue_name=env["KAKEHASHI_JOBS_QUEUE_NAME"],
        embedded_worker=False,
        secret_key="a shared secret for both web workers, long enough",
    )
    return AppContext(settings=settings, database_url=settings.database_url)


def test_a_run_started_on_one_web_worker_is_followed_on_another_through_a_killed_worker(
    pg_worker_env: dict[str, str], tmp_path: Path
) -> None:
    first_web, second_web = _web(pg_worker_env, tmp_path / "web-a"), _web(pg_worker_env, tmp_path / "web-b")
    accounts.add_user(
        first_web.uow(),
        email="o@jetro.go.jp",
        password=PASSWORD,
        org_name="JETRO",
        org_kind="organizer",
        role="member",
    )
    log = tmp_path / "worker.log"
    worker = _start_worker(pg_worker_env, log)
    replacement = None
    seen: list[dict[str, Any]] = []
    try:
        with TestClient(create_app(first_web)) as a, TestClient(create_app(second_web)) as b:
            token = a.post("/api/v1/auth/token", json={"email": "o@jetro.go.jp", "password": PASSWORD}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            instance = write_instance(generate_instance(40, 80, 2, seed=7))
            mission = a.post("/api/v1/missions", json=instance, headers=headers).json()
            started = a.post(f"/api/v1/missions/{mission['id']}/solve?time_limit=8", headers=headers)
            assert started.status_code == 202, started.text
            url = started.json()["url"]

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                seen.append(b.get(url, headers=headers).json())
                if seen[-1]["status"] == "running" and seen[-1]["progress"] > 0:
                    break
                time.sleep(0.2)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            time.sleep(3.5)  # the heartbeat goes stale
            replacement = _start_worker(pg_worker_env, log)

            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not seen[-1]["done"]:
                time.sleep(0.3)
                seen.append(b.get(url, headers=headers).json())
            schedule = b.get(f"/api/v1/missions/{mission['id']}", headers=headers).json()
    finally:
        _stop(worker)
        if replacement is not None:
            _stop(replacement)
        first_web.dispose()
        second_web.dispose()

    statuses = [s["status"] for s in seen]
    assert "running" in statuses, (statuses, log.read_text())
    assert (seen[-1]["status"], seen[-1]["attempts"], seen[-1]["result"]) == (
        "succeeded",
        2,
        {"version": 1},
    ), (
        seen[-1],
        log.read_text(),
    )
    assert [v["version"] for v in schedule["versions"]] == [1]
