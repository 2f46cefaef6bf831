"""An organizer uploads a companies file and follows the import job to its end; a scout may not upload; the
install's administrator lists every job and retries a failed one (jobs run in immediate mode here; the real
worker process is tested in tests/integration/entrypoints/cli/test_cli_worker.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from kakehashi.adapters.db.models import Organization
from kakehashi.domain.jobs import JobKind, JobStatus
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.repositories.jobs import NewJob

pytestmark = pytest.mark.integration

CSV = (
    "name,country,description\nKiryu Robotics,IL,warehouse robots\nSakura Sensing,IL,hyperspectral sensors\n"
)


def _upload(client, csrf, data: bytes) -> object:
    token = csrf(client, "/imports")
    return client.post(
        "/imports",
        data={"csrf_token": token, "what": "companies", "kind": "startup", "source": "fair-2026"},
        files={"file": ("fair.csv", data, "text/csv")},
        follow_redirects=False,
    )


def test_organizer_uploads_companies_and_follows_the_job(client, login, csrf, context: AppContext) -> None:
    login(client, "organizer")
    client.get("/lang/en")

    started = _upload(client, csrf, CSV.encode())
    page = client.get(started.headers["location"])

    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    assert 'data-status="succeeded"' in page.text, page.text
    assert "Import of companies" in page.text
    with context.session_factory() as session:
        names = set(session.scalars(select(Organization.name).where(Organization.name.like("%Robotics%"))))
    assert "Kiryu Robotics" in names


def test_an_unreadable_upload_fails_with_a_message_and_writes_nothing(
    client, login, csrf, context: AppContext
) -> None:
    login(client, "organizer")
    with context.session_factory() as session:
        before = session.scalar(select(func.count(Organization.id)))

    started = _upload(client, csrf, b"\x00\x01\x02 not a table")
    page = client.get(started.headers["location"])

    with context.session_factory() as session:
        after = session.scalar(select(func.count(Organization.id)))
    assert 'data-status="failed"' in page.text
    assert "error-message" in page.text
    assert after == before


def test_a_scout_may_not_upload(client, login, csrf) -> None:
    login(client, "scout")

    response = _upload(client, csrf, CSV.encode())

    assert response.status_code == 403


def test_admin_lists_jobs_and_retries_a_failed_one(client, login, csrf, context: AppContext) -> None:
    with context.uow() as uow:
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
    login(client, "admin")

    listed = client.get("/admin/jobs")
    token = csrf(client, "/admin/jobs")
    retried = client.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": token}, follow_redirects=False)
    after = client.get(retried.headers["location"])

    assert listed.status_code == 200 and f'id="job-{job.id}" data-status="failed"' in listed.text
    assert retried.status_code == 303
    assert 'data-status="succeeded"' in after.text


def test_an_organizer_who_is_not_an_administrator_does_not_see_every_job(client, login) -> None:
    login(client, "organizer")

    response = client.get("/admin/jobs")

    assert response.status_code == 403
