"""`kakehashi worker` as a real process: a planner run survives its worker being killed with SIGKILL.

On SQLite with the SQLite queue (the embedded default) and on PostgreSQL with the Redis queue (a server):
the run is queued, a worker starts it, the worker is killed in the middle, nothing of the schedule is
written; a new worker finds the job whose heartbeat stopped, runs it again and the schedule is stored once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.instance_codec import write_instance
from kakehashi.domain.access import Viewer
from kakehashi.domain.jobs import JobRecord, JobStatus
from kakehashi.entrypoints.context import AppContext
from kakehashi.services import accounts, job_kinds, jobs, missions
from kakehashi.services.missions import SYSTEM
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration

SRC = Path(__file__).resolve().parents[4] / "src"
TIME_LIMIT = 8.0  # long enough to be killed in the middle on a busy machine


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    monkeypatch.setattr(accounts, "password_hasher", lambda: hasher)


def _environment(database_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    backend = "sqlite" if database_url.startswith("sqlite") else "redis"
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "KAKEHASHI_ENVIRONMENT": "development",
        "KAKEHASHI_DATABASE_URL": database_url,
        "KAKEHASHI_DATA_DIR": str(tmp_path / "data"),
        "KAKEHASHI_JOBS_BACKEND": backend,
        "KAKEHASHI_JOBS_QUEUE_NAME": f"kakehashi-jobs-test-{uuid.uuid4().hex[:8]}",
        "KAKEHASHI_JOBS_HEARTBEAT_SECONDS": "0.5",
        "KAKEHASHI_JOBS_STALE_SECONDS": "3",
        "KAKEHASHI_JOBS_WORKERS": "1",
    }
    yield env
    if backend == "redis":
        import redis

        client = redis.Redis.from_url(Settings().redis_url or "redis://127.0.0.1:6379/0")
        for key in client.scan_iter(f"huey*{env['KAKEHASHI_JOBS_QUEUE_NAME']}*"):
            client.delete(key)


@pytest.fixture
def worker_env(database_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """SQLite with the SQLite queue (embedded default), PostgreSQL with the Redis queue (a server)."""
    yield from _environment(database_url, tmp_path)


@pytest.fixture
def sqlite_worker_env(sqlite_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield from _environment(sqlite_url, tmp_path)


def _context(env: dict[str, str]) -> AppContext:
    settings = Settings(
        environment="test",
        data_dir=Path(env["KAKEHASHI_DATA_DIR"]),
        database_url=env["KAKEHASHI_DATABASE_URL"],
        jobs_backend=env["KAKEHASHI_JOBS_BACKEND"],
        jobs_queue_name=env["KAKEHASHI_JOBS_QUEUE_NAME"],
    )
    return AppContext(settings=settings, database_url=settings.database_url)


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kakehashi.entrypoints.cli.main", "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(
    read: Callable[[], JobRecord], done: Callable[[JobRecord], bool], *, seconds: float
) -> JobRecord:
    deadline = time.monotonic() + seconds
    job = read()
    while not done(job) and time.monotonic() < deadline:
        time.sleep(0.2)
        job = read()
    return job


def _organizer(context: AppContext) -> Viewer:
    user = accounts.add_user(
        context.uow(),
        email="o@jetro.go.jp",
        password="correct horse battery",
        org_name="JETRO",
        org_kind="organizer",
        role="member",
    )
    return accounts.viewer_for_user(context.uow(), user_id=user.id)


def test_planner_run_survives_its_worker_killed_with_sigkill(
    worker_env: dict[str, str], tmp_path: Path
) -> None:
    context = _context(worker_env)
    organizer = _organizer(context)
    instance = write_instance(generate_instance(40, 80, 2, seed=7))
    mission_id = missions.import_instance(
        context.uow(), viewer=organizer, data=instance, organizer_organization_id=organizer.organization_id
    )
    log = tmp_path / "worker.log"
    first = _start_worker(worker_env, log)
    try:
        job = job_kinds.start_solve(
            context.uow(), context.job_queue, viewer=organizer, mission_id=mission_id, time_limit=TIME_LIMIT
        )
        read = lambda: jobs.get_job(context.uow(), viewer=organizer, job_id=job.id)  # noqa: E731
        running = _wait_for(read, lambda j: j.status is JobStatus.RUNNING and j.progress > 0, seconds=60)
        assert running.status is JobStatus.RUNNING, log.read_text()

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        orphan = read()
        assert (orphan.status, orphan.attempts) == (JobStatus.RUNNING, 1)
        assert missions.schedule_history(context.uow(), viewer=SYSTEM, mission_id=mission_id) == []
        time.sleep(3.5)  # the heartbeat is now older than KAKEHASHI_JOBS_STALE_SECONDS

        second = _start_worker(worker_env, log)
        try:
            finished = _wait_for(read, lambda j: j.done, seconds=120)
        finally:
            _stop(second)
    finally:
        _stop(first)
        context.dispose()

    assert finished.status is JobStatus.SUCCEEDED, (finished, log.read_text())
    assert finished.attempts == 2
    assert finished.result == {"version": 1}
    history = missions.schedule_history(context.uow(), viewer=SYSTEM, mission_id=mission_id)
    assert [v.number for v in history] == [1]


@pytest.mark.slow
def test_an_import_survives_its_worker_killed_with_sigkill(
    sqlite_worker_env: dict[str, str], tmp_path: Path
) -> None:
    """An uploaded file is imported in one transaction: a worker killed while writing leaves no company;
    the next worker imports the whole file once."""
    from sqlalchemy import func, select

    from kakehashi.adapters.db.models import Organization
    from kakehashi.services.catalog.generate import generate_companies_file

    context = _context(sqlite_worker_env)
    organizer = _organizer(context)
    upload = tmp_path / "companies.csv"
    count = generate_companies_file(path=upload, count=3000, seed=3)

    def companies() -> int:
        with context.session_factory() as session:
            return int(session.scalar(select(func.count(Organization.id))) or 0)

    before = companies()
    log = tmp_path / "worker.log"
    first = _start_worker(sqlite_worker_env, log)
    try:
        job = job_kinds.start_import(
            context.uow(),
            context.job_queue,
            viewer=organizer,
            what="companies",
            file_name=upload.name,
            data=upload.read_bytes(),
        )
        read = lambda: jobs.get_job(context.uow(), viewer=organizer, job_id=job.id)  # noqa: E731
        running = _wait_for(read, lambda j: j.status is JobStatus.RUNNING and j.progress > 0.05, seconds=120)
        assert running.status is JobStatus.RUNNING, (running, log.read_text())

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert companies() == before  # nothing half-written
        time.sleep(3.5)

        second = _start_worker(sqlite_worker_env, log)
        try:
            finished = _wait_for(read, lambda j: j.done, seconds=300)
        finally:
            _stop(second)
    finally:
        _stop(first)

    assert finished.status is JobStatus.SUCCEEDED, (finished, log.read_text())
    assert finished.attempts == 2
    assert finished.result is not None and finished.result["created"] == count
    assert companies() == before + count
    context.dispose()


@pytest.mark.slow
def test_an_index_rebuild_survives_its_worker_killed_with_sigkill(
    sqlite_worker_env: dict[str, str], tmp_path: Path
) -> None:
    """The index is replaced by one commit at the end: a rebuild killed halfway leaves an index that opens,
    and the next worker rebuilds it whole."""
    from kakehashi.adapters.search.engine import SearchEngine
    from kakehashi.domain.jobs import JobKind
    from kakehashi.services.catalog import import_companies_file
    from kakehashi.services.catalog.generate import generate_companies_file

    context = _context(sqlite_worker_env)
    upload = tmp_path / "companies.csv"
    count = generate_companies_file(path=upload, count=1500, seed=5)
    import_companies_file(context.uow(), path=upload)  # not indexed yet
    log = tmp_path / "worker.log"
    first = _start_worker(sqlite_worker_env, log)
    try:
        job = job_kinds.start_catalogue_job(
            context.uow(), context.job_queue, viewer=SYSTEM, kind=JobKind.REBUILD_INDEX
        )
        read = lambda: jobs.get_job(context.uow(), viewer=SYSTEM, job_id=job.id)  # noqa: E731
        running = _wait_for(read, lambda j: j.status is JobStatus.RUNNING and j.progress > 0, seconds=180)
        assert running.status is JobStatus.RUNNING, (running, log.read_text())

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        time.sleep(3.5)

        second = _start_worker(sqlite_worker_env, log)
        try:
            finished = _wait_for(read, lambda j: j.done, seconds=300)
        finally:
            _stop(second)
    finally:
        _stop(first)
        context.dispose()

    assert finished.status is JobStatus.SUCCEEDED, (finished, log.read_text())
    assert (finished.attempts, finished.result) == (2, {"indexed": count})
    engine = SearchEngine.open(Path(sqlite_worker_env["KAKEHASHI_DATA_DIR"]) / "index")
    assert engine.count() == count
