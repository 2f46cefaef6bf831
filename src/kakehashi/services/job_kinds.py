"""What each kind of background job does: the services it calls, with the viewer who started it.

A job runs as the user who queued it (rebuilt from the database, so a user deactivated meanwhile cannot
run anything) or, for jobs the system started, as the system. The handlers are built once per process by
the composition root, which supplies the search engine, the mailer and the hook that re-indexes changed
organizations.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kakehashi.domain.access import SYSTEM, SystemActor, Viewer, can_resolve_identities
from kakehashi.domain.errors import InvalidInput, PermissionDenied
from kakehashi.domain.jobs import JobKind, JobRecord, mission_subject
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.planning import Request as PlanRequest
from kakehashi.services.jobs import Handler, JobQueue, Reporter, enqueue
from kakehashi.services.missions.results import RepairChanges
from kakehashi.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from kakehashi.adapters.search.engine import SearchEngine
    from kakehashi.services.workspace import Mailer

REPAIR_SECONDS = 30.0
logger = logging.getLogger("kakehashi.housekeeping")


@dataclass(frozen=True)
class JobTools:
    """What the handlers need from the composition root."""

    uow: UnitOfWorkFactory
    search_engine: Callable[[], SearchEngine]
    mailer: Callable[[], Mailer | None]
    catalog_changed: Callable[[Sequence[int]], None]
    meeting_request_ttl_days: int = 14


def _actor(tools: JobTools, job: JobRecord) -> Viewer | SystemActor:
    from kakehashi.services.accounts import viewer_for_user

    if job.created_by_user_id is None:
        return SYSTEM
    return viewer_for_user(tools.uow(), user_id=job.created_by_user_id)


def _mission_id(job: JobRecord) -> int:
    if job.mission_id is None:
        raise InvalidInput("this job names no mission")
    return job.mission_id


def _solve(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.missions import solve_mission

    limit = float(job.params.get("time_limit", 30.0))

    def progress(phase: str, elapsed: float) -> None:
        # The bar shows the share of the time limit, short of full until the run is really over.
        report(min(0.95, float(elapsed) / limit), phase)

    summary = solve_mission(
        tools.uow(),
        viewer=_actor(tools, job),
        mission_id=_mission_id(job),
        time_limit=limit,
        seed=int(job.params.get("seed", 0)),
        progress=progress,
        weight_tolerance=float(job.params.get("weight_tolerance", 0.0)),
    )
    return {"version": summary.number}


def _repair(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.missions import repair_mission

    report(0.1, "repair")
    params = job.params
    changes = RepairChanges(
        cancellations=tuple((str(d), str(h)) for d, h in params.get("cancellations", [])),
        dropouts=tuple(str(p) for p in params.get("dropouts", [])),
        late_requests=tuple(
            PlanRequest(
                delegate=str(r["delegate"]),
                host=str(r["host"]),
                weight=float(r.get("weight", 1.0)),
                mandatory=False,
            )
            for r in params.get("late_requests", [])
        ),
    )
    outcome = repair_mission(
        tools.uow(),
        viewer=_actor(tools, job),
        mission_id=_mission_id(job),
        changes=changes,
        time_limit=float(params.get("time_limit", REPAIR_SECONDS)),
    )
    assert outcome.summary is not None  # a repair always stores a version
    return {"version": outcome.summary.number, "report": outcome.report.to_dict()}


def _payload_file(tools: JobTools, job: JobRecord, folder: str) -> Path:
    uow = tools.uow()
    with uow:
        data = uow.jobs.payload(job.id)
    if data is None:
        raise InvalidInput("this job has no file to import")
    name = Path(str(job.params.get("file_name") or "upload.csv")).name
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def _import_companies(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.catalog import import_companies_file

    def progress(phase: str, done: int, total: int) -> None:
        report(0.9 * done / total if total else 0.0, phase)

    with tempfile.TemporaryDirectory(prefix="kakehashi-import-") as folder:
        path = _payload_file(tools, job, folder)
        result = import_companies_file(
            tools.uow(),
            path=path,
            source=str(job.params.get("source") or path.stem),
            default_kind=OrganizationKind(str(job.params.get("kind", OrganizationKind.STARTUP.value))),
            progress=progress,
            after_commit=tools.catalog_changed,
        )
    return result.to_dict()


def _import_rounds(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.catalog import import_rounds_file

    report(0.1, "reading")
    with tempfile.TemporaryDirectory(prefix="kakehashi-import-") as folder:
        path = _payload_file(tools, job, folder)
        result = import_rounds_file(
            tools.uow(),
            path=path,
            source=str(job.params.get("source") or path.name),
            after_commit=tools.catalog_changed,
        )
    return result.to_dict()


def _rebuild_index(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.search import rebuild_index

    def progress(done: int, total: int) -> None:
        report(done / total if total else 0.0, "indexing")

    count = rebuild_index(tools.uow(), tools.search_engine(), progress=progress)
    return {"indexed": count}


def _resolve_identities(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    from kakehashi.services.identity import resolve_identities

    actor = _actor(tools, job)
    report(0.1, "comparing")
    result = resolve_identities(tools.uow(), viewer=actor if isinstance(actor, Viewer) else None)
    if result.changed_ids:
        tools.catalog_changed(result.changed_ids)
    return {"merged": len(result.merged), "suggested": len(result.suggested)}


def _housekeeping(tools: JobTools, job: JobRecord, report: Reporter) -> Mapping[str, Any]:
    """Expire unanswered meeting requests and turn new matches of saved searches into alerts and e-mails.
    Each step is independent: one failing is logged and named in the result, the others still run."""
    from kakehashi.services import missions, workspace
    from kakehashi.services.search_alerts import run_alert_check

    ttl = tools.meeting_request_ttl_days
    result: dict[str, Any] = {"failed_steps": []}

    def step(name: str, fraction: float, work: Callable[[], None]) -> None:
        report(fraction, name)
        try:
            work()
        except Exception:
            logger.exception("housekeeping step %s failed", name)
            result["failed_steps"].append(name)

    def expire_contact_requests() -> None:
        result["expired_requests"] = workspace.expire_stale_requests(
            tools.uow(), now=datetime.now(UTC), ttl_days=ttl
        )

    def expire_mission_requests() -> None:
        result["expired_mission_requests"] = missions.expire_requests(
            tools.uow(), viewer=SYSTEM, ttl_days=ttl
        )

    def alerts() -> None:
        run = run_alert_check(tools.uow, tools.search_engine(), mailer=tools.mailer())
        for problem in run.email_errors:
            logger.warning("alert e-mail not sent: %s", problem)
        result.update(
            alerts=run.alerts,
            emails=run.emails,
            email_errors=list(run.email_errors),
            failed_searches=list(run.failed_searches),
        )

    step("requests", 0.1, expire_contact_requests)
    step("mission requests", 0.3, expire_mission_requests)
    step("alerts", 0.5, alerts)
    return result


def handlers(tools: JobTools) -> dict[JobKind, Handler]:
    def bind(fn: Callable[[JobTools, JobRecord, Reporter], Mapping[str, Any]]) -> Handler:
        return lambda job, report: fn(tools, job, report)

    return {
        JobKind.SOLVE: bind(_solve),
        JobKind.REPAIR: bind(_repair),
        JobKind.IMPORT_COMPANIES: bind(_import_companies),
        JobKind.IMPORT_ROUNDS: bind(_import_rounds),
        JobKind.REBUILD_INDEX: bind(_rebuild_index),
        JobKind.RESOLVE_IDENTITIES: bind(_resolve_identities),
        JobKind.HOUSEKEEPING: bind(_housekeeping),
    }


# ------------------------------------------------------------------------------------------ starting jobs


def _catalogue_writer(viewer: Viewer | SystemActor) -> None:
    """Uploaded imports, index rebuilds and identity resolution change everyone's catalogue: writers of an
    organizer organization and administrators."""
    if isinstance(viewer, Viewer) and not can_resolve_identities(viewer):
        raise PermissionDenied("only organizers and administrators may do this")


def start_solve(
    uow: UnitOfWork,
    queue: JobQueue,
    *,
    viewer: Viewer | SystemActor,
    mission_id: int,
    time_limit: float = 30.0,
    seed: int = 0,
    weight_tolerance: float = 0.0,
) -> JobRecord:
    """Queue a planner run of the mission (refused at once when the viewer may not plan it or the mission is
    unsound); while one is queued or running, that one is answered."""
    from kakehashi.services.missions import check_plannable

    check_plannable(uow, viewer=viewer, mission_id=mission_id)
    return enqueue(
        uow,
        queue,
        viewer=viewer,
        kind=JobKind.SOLVE,
        subject=mission_subject(mission_id),
        params={
            "time_limit": float(time_limit),
            "seed": int(seed),
            "weight_tolerance": float(weight_tolerance),
        },
    )


def start_repair(
    uow: UnitOfWork,
    queue: JobQueue,
    *,
    viewer: Viewer | SystemActor,
    mission_id: int,
    changes: RepairChanges,
    time_limit: float = REPAIR_SECONDS,
) -> JobRecord:
    """Queue a repair of the latest schedule with these changes (recorded when the job runs)."""
    from kakehashi.services.missions import check_plannable

    check_plannable(uow, viewer=viewer, mission_id=mission_id, needs_schedule=True)
    params = {
        "cancellations": [list(pair) for pair in changes.cancellations],
        "dropouts": list(changes.dropouts),
        "late_requests": [
            {"delegate": r.delegate, "host": r.host, "weight": r.weight} for r in changes.late_requests
        ],
        "time_limit": float(time_limit),
    }
    return enqueue(
        uow, queue, viewer=viewer, kind=JobKind.REPAIR, subject=mission_subject(mission_id), params=params
    )


IMPORT_KINDS = {"companies": JobKind.IMPORT_COMPANIES, "rounds": JobKind.IMPORT_ROUNDS}


def start_import(
    uow: UnitOfWork,
    queue: JobQueue,
    *,
    viewer: Viewer | SystemActor,
    what: str,
    file_name: str,
    data: bytes,
    source: str | None = None,
    default_kind: str = OrganizationKind.STARTUP.value,
) -> JobRecord:
    """Queue the import of an uploaded companies or rounds file (read and written when the job runs)."""
    _catalogue_writer(viewer)
    kind = IMPORT_KINDS.get(what)
    if kind is None:
        raise InvalidInput("choose what the file holds: companies or funding rounds")
    if not data:
        raise InvalidInput("the file is empty")
    try:
        OrganizationKind(default_kind)
    except ValueError:
        raise InvalidInput("unknown kind of organization: {kind}", kind=default_kind) from None
    name = Path(file_name or "upload.csv").name[:200] or "upload.csv"
    params = {
        "file_name": name,
        "source": source or Path(name).stem,
        "kind": default_kind,
        "bytes": len(data),
    }
    return enqueue(
        uow, queue, viewer=viewer, kind=kind, params=params, payload=data, subject=f"file:{name}"[:60]
    )


def start_catalogue_job(
    uow: UnitOfWork, queue: JobQueue, *, viewer: Viewer | SystemActor, kind: JobKind
) -> JobRecord:
    """Queue an index rebuild or an identity resolution over the whole catalogue."""
    _catalogue_writer(viewer)
    if kind not in (JobKind.REBUILD_INDEX, JobKind.RESOLVE_IDENTITIES, JobKind.HOUSEKEEPING):
        raise InvalidInput("this kind of job cannot run here: {kind}", kind=kind.value)
    return enqueue(uow, queue, viewer=viewer, kind=kind)
