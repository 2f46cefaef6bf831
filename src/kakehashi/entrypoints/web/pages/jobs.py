"""Background jobs in pages: the upload page for catalogue imports (organizers and administrators), one
job's progress (read from the jobs table, so any web worker answers), and the administrators' list of every
job with a retry button. The work itself runs in a job worker (docs/jobs.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from kakehashi.domain.errors import KakehashiError, params_from_json
from kakehashi.domain.jobs import JobRecord, JobStatus
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.pages.common import Page, PageDep, PageError, page_errors, redirect, text_field
from kakehashi.entrypoints.web.security import MAX_BODY_BYTES
from kakehashi.services import job_kinds, jobs

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = MAX_BODY_BYTES  # the server's cap on a request; larger files go through the CLI
KIND_NAMES = {
    "solve": N_("Planner run"),
    "repair": N_("Schedule repair"),
    "import_companies": N_("Import of companies"),
    "import_rounds": N_("Import of funding rounds"),
    "rebuild_index": N_("Search index rebuild"),
    "resolve_identities": N_("Identity resolution"),
    "housekeeping": N_("Housekeeping"),
}
STATUS_NAMES = {
    "queued": N_("queued"),
    "running": N_("running"),
    "succeeded": N_("succeeded"),
    "failed": N_("failed"),
    "cancelled": N_("cancelled"),
}


def _job_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 9:
        raise PageError(404, N_("The page you asked for does not exist."))
    return int(raw)


def _error(page: Page, job: JobRecord) -> str | None:
    if not job.error_message:
        return None
    return page.message(KakehashiError(job.error_message, **params_from_json(job.error_params)))


def _values(page: Page, job: JobRecord) -> dict[str, Any]:
    return {
        "job": job,
        "error": _error(page, job),
        "kind_names": KIND_NAMES,
        "status_names": STATUS_NAMES,
        "percent": round(job.progress * 100),
    }


@router.get("/imports")
def import_form(page: PageDep) -> Response:
    page.require_viewer()
    return page.render("jobs/imports.html", {})


@router.post("/imports")
async def import_upload(page: PageDep) -> Response:
    """Queue the import of an uploaded file; the page then follows the job."""
    viewer = page.require_viewer()
    form = await page.form(max_bytes=MAX_UPLOAD_BYTES, max_files=1)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise PageError(422, N_("Choose a file to import."))
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    what = text_field(form, "what", max_length=20) or "companies"
    with page_errors():
        job = job_kinds.start_import(
            page.context.uow(),
            page.context.job_queue,
            viewer=viewer,
            what=what,
            file_name=upload.filename or "upload.csv",
            data=data,
            source=text_field(form, "source", max_length=100) or None,
            default_kind=text_field(form, "kind", max_length=20) or "startup",
        )
    return redirect(f"/jobs/{job.id}")


@router.get("/jobs/{job_id}")
def job_page(page: PageDep, job_id: str) -> Response:
    with page_errors():
        job = jobs.get_job(page.context.uow(), viewer=page.require_viewer(), job_id=_job_id(job_id))
    values = _values(page, job)
    if page.is_htmx:
        return page.render("jobs/progress.html", values)
    return page.render("jobs/job.html", values)


@router.get("/admin/jobs")
def job_list(page: PageDep) -> Response:
    viewer = page.require_viewer()
    raw = page.request.query_params.get("status") or ""
    status = JobStatus(raw) if raw in STATUS_NAMES else None
    with page_errors():
        items, total = jobs.list_jobs(page.context.uow(), viewer=viewer, status=status, limit=100)
    return page.render(
        "jobs/list.html",
        {
            "jobs": items,
            "total": total,
            "status": raw if status else "",
            "kind_names": KIND_NAMES,
            "status_names": STATUS_NAMES,
            "errors": {job.id: _error(page, job) for job in items},
        },
    )


@router.post("/admin/jobs/{job_id}/retry")
async def job_retry(page: PageDep, job_id: str) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        job = jobs.retry_job(
            page.context.uow(), page.context.job_queue, viewer=viewer, job_id=_job_id(job_id)
        )
    return redirect(f"/jobs/{job.id}")


@router.post("/admin/jobs/start")
async def job_start(page: PageDep) -> Response:
    """Queue an index rebuild or an identity resolution."""
    from kakehashi.domain.jobs import JobKind

    viewer = page.require_viewer()
    form = await page.form()
    raw = text_field(form, "kind", max_length=30)
    if raw not in ("rebuild_index", "resolve_identities"):
        raise PageError(422, N_("Choose what to run."))
    with page_errors():
        job = job_kinds.start_catalogue_job(
            page.context.uow(), page.context.job_queue, viewer=viewer, kind=JobKind(raw)
        )
    return redirect(f"/jobs/{job.id}")
