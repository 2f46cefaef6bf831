"""`kakehashi worker` runs background jobs (a huey consumer inside our CLI); `kakehashi jobs` lists them,
retries a failed one and queues catalogue-wide jobs. The jobs table is the truth; see docs/jobs.md."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kakehashi.entrypoints.cli.common import app_context, console, print_json, user_errors

if TYPE_CHECKING:
    from kakehashi.domain.jobs import JobRecord

jobs_app = typer.Typer(
    help="Background jobs: list, retry, queue a rebuild or an identity pass.", no_args_is_help=True
)


def job_json(job: JobRecord) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind.value,
        "status": job.status.value,
        "subject": job.subject,
        "progress": round(job.progress, 3),
        "phase": job.phase,
        "result": job.result,
        "error": job.error_message,
        "error_params": job.error_params,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "worker": job.worker,
    }


def worker(
    ctx: typer.Context,
    threads: Annotated[
        int | None, typer.Option("--threads", help="Jobs run side by side (default KAKEHASHI_JOBS_WORKERS)")
    ] = None,
    periodic: Annotated[bool, typer.Option(help="Also run the reaper and housekeeping every minute")] = True,
) -> None:
    """Run background jobs until stopped (Ctrl-C or SIGTERM finish the running jobs first)."""
    from kakehashi.domain.errors import InvalidInput

    context = app_context(ctx)
    settings = context.settings
    with user_errors():
        if settings.resolved_jobs_backend == "immediate":
            raise InvalidInput(
                "with KAKEHASHI_JOBS_BACKEND=immediate jobs run where they are queued: there is nothing for a "
                "worker to do; choose sqlite or redis"
            )
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        queue = context.job_queue
        reaped = context.reap_jobs()  # jobs a killed worker left behind run again (or fail, with the reason)
    console.print(
        f"kakehashi worker: {settings.resolved_jobs_backend} queue, {threads or settings.jobs_workers} thread(s);"
        f" requeued {len(reaped.requeued)}, failed {len(reaped.failed)} job(s) left by stopped workers"
    )
    queue.consumer(workers=threads or settings.jobs_workers, periodic=periodic).run()


@jobs_app.command("list")
def list_command(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="queued, running, succeeded, failed or cancelled")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The newest jobs, with their status and progress."""
    from kakehashi.domain.errors import InvalidInput
    from kakehashi.domain.jobs import JobStatus
    from kakehashi.services import jobs
    from kakehashi.services.missions import SYSTEM

    context = app_context(ctx)
    with user_errors():
        try:
            wanted = JobStatus(status) if status else None
        except ValueError:
            raise InvalidInput("unknown job status: {status}", status=status) from None
        items, total = jobs.list_jobs(context.uow(), viewer=SYSTEM, status=wanted, limit=limit)
    if as_json:
        print_json({"items": [job_json(j) for j in items], "total": total})
        return
    table = Table("id", "kind", "status", "progress", "subject", "attempts", "created", "error")
    for job in items:
        table.add_row(
            str(job.id),
            job.kind.value,
            job.status.value,
            f"{job.progress:.0%}",
            job.subject or "",
            f"{job.attempts}/{job.max_attempts}",
            job.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            job.error_message or "",
        )
    console.print(table)


@jobs_app.command("retry")
def retry_command(
    ctx: typer.Context,
    job_id: int,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Queue a failed or cancelled job again."""
    from kakehashi.services import jobs
    from kakehashi.services.missions import SYSTEM

    context = app_context(ctx)
    with user_errors():
        job = jobs.retry_job(context.uow(), context.job_queue, viewer=SYSTEM, job_id=job_id)
    if as_json:
        print_json(job_json(job))
    else:
        console.print(f"job {job.id}: {job.status.value}")


@jobs_app.command("start")
def start_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="rebuild_index, resolve_identities or housekeeping")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Queue a catalogue-wide job for the workers."""
    from kakehashi.domain.errors import InvalidInput
    from kakehashi.domain.jobs import JobKind
    from kakehashi.services import job_kinds
    from kakehashi.services.missions import SYSTEM

    context = app_context(ctx)
    with user_errors():
        try:
            chosen = JobKind(kind)
        except ValueError:
            raise InvalidInput("this kind of job cannot run here: {kind}", kind=kind) from None
        job = job_kinds.start_catalogue_job(context.uow(), context.job_queue, viewer=SYSTEM, kind=chosen)
    if as_json:
        print_json(job_json(job))
    else:
        console.print(f"job {job.id}: {job.status.value}")


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.add_typer(jobs_app, name="jobs")
