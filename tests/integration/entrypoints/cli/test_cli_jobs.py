"""`kakehashi jobs`: queue a catalogue-wide job, list jobs, retry a failed one; `kakehashi worker` refuses the
immediate queue (nothing would ever reach it) with one clear line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kakehashi.adapters.db.engine import make_engine, make_session_factory
from kakehashi.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from kakehashi.domain.jobs import JobKind, JobStatus
from kakehashi.entrypoints.cli.main import app
from kakehashi.services.repositories.jobs import NewJob
from kakehashi.settings import get_settings

pytestmark = pytest.mark.integration

runner = CliRunner()


@pytest.fixture(autouse=True)
def test_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("KAKEHASHI_ENVIRONMENT", "test")  # the immediate queue: jobs run where they are queued
    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KAKEHASHI_LANG", "en")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _failed_job(url: str) -> int:
    engine = make_engine(url)
    uow = SqlAlchemyUnitOfWork(make_session_factory(engine))
    with uow:
        job = uow.jobs.add(
            NewJob(
                kind=JobKind.HOUSEKEEPING,
                subject=None,
                lock_key=None,
                params={},
                created_at=datetime.now(UTC),
                created_by_user_id=None,
                organization_id=None,
                max_attempts=3,
            )
        )
        uow.jobs.finish(job.id, status=JobStatus.FAILED, at=datetime.now(UTC), error_message="boom")
        uow.commit()
    engine.dispose()
    return job.id


def test_start_list_and_retry(sqlite_url: str) -> None:
    started = runner.invoke(app, ["--db", sqlite_url, "jobs", "start", "housekeeping", "--json"])
    failed_id = _failed_job(sqlite_url)
    retried = runner.invoke(app, ["--db", sqlite_url, "jobs", "retry", str(failed_id), "--json"])
    listed = runner.invoke(app, ["--db", sqlite_url, "jobs", "list", "--json"])

    assert started.exit_code == 0, started.output
    assert (json.loads(started.output)["kind"], json.loads(started.output)["status"]) == (
        "housekeeping",
        "succeeded",
    )
    assert retried.exit_code == 0, retried.output
    assert json.loads(retried.output)["status"] == "succeeded"
    assert json.loads(listed.output)["total"] == 2


def test_retrying_a_job_that_did_not_fail_is_one_clear_line(sqlite_url: str) -> None:
    runner.invoke(app, ["--db", sqlite_url, "jobs", "start", "housekeeping"])

    result = runner.invoke(app, ["--db", sqlite_url, "jobs", "retry", "1"])

    assert result.exit_code == 2
    assert "only a failed or cancelled job can be retried; this one is succeeded" in result.output
    assert "Traceback" not in result.output


def test_worker_refuses_the_immediate_queue(sqlite_url: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "worker"])

    assert result.exit_code == 2
    assert "KAKEHASHI_JOBS_BACKEND=immediate" in result.output
