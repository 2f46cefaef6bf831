"""Delegation missions for organizers: import, participants and requests, running the planner with a
progress bar, the grid by venue and slot, per-participant agendas (.ics and printable) and repair."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter
from starlette.responses import HTMLResponse, Response

from kakehashi.domain.errors import KakehashiError, params_from_json
from kakehashi.domain.jobs import JobRecord, JobStatus
from kakehashi.domain.planning import Request as PlanRequest
from kakehashi.entrypoints.web import i18n
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.entrypoints.web.pages.common import Page, PageDep, PageError, page_errors, redirect, text_field
from kakehashi.services import job_kinds, jobs, missions, workspace

router = APIRouter(include_in_schema=False)
logger = logging.getLogger("kakehashi.web.missions")

MAX_INSTANCE_BYTES = 5 * 1024 * 1024
TIME_LIMITS = (5, 15, 30, 60, 120)
WEIGHT_TOLERANCES = (0, 1, 2, 5, 10)  # percent of placed weight compact days and few city changes may cost
REPAIR_SECONDS = 30.0


# --- planner jobs: queued in the jobs table (any web worker follows them); a job worker runs them -------


@dataclass(frozen=True)
class PlannerJobView:
    """What the progress page shows of a planner job."""

    id: int
    kind: str
    fraction: float
    phase: str
    done: bool
    error: KakehashiError | None
    version: int | None


def _job_view(job: JobRecord) -> PlannerJobView:
    error = None
    if job.status in (JobStatus.FAILED, JobStatus.CANCELLED):
        error = KakehashiError(
            job.error_message or "The planner stopped because of an internal error; it has been logged.",
            **params_from_json(job.error_params),
        )
    version = (job.result or {}).get("version")
    return PlannerJobView(
        id=job.id,
        kind=job.kind.value,
        fraction=job.progress,
        phase=job.phase,
        done=job.done,
        error=error,
        version=int(version) if isinstance(version, int) else None,
    )


# --- helpers --------------------------------------------------------------------------------------------


def _mission_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 9:
        raise PageError(404, N_("No such mission."))
    return int(raw)


def _version_param(page: Page) -> int | None:
    raw = page.request.query_params.get("version") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise PageError(404, N_("No such schedule version."))
    return int(raw)


def _plan(page: Page, mission_id: int, version: int | None) -> missions.PlanView | None:
    """The plan of a version, or None when the mission has not been planned yet."""
    with page_errors():
        return missions.planned_view(
            page.context.uow(), viewer=page.require_viewer(), mission_id=mission_id, version=version
        )


def _safe_filename(text: str) -> str:
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in text)
    return cleaned[:60] or "agenda"


# --- pages ----------------------------------------------------------------------------------------------


@router.get("/missions")
def mission_list(page: PageDep) -> Response:
    viewer = page.require_viewer()
    items = missions.list_missions(page.context.uow(), viewer=viewer)
    return page.render("missions/list.html", {"missions": items, "can_plan": viewer.is_organizer})


@router.post("/missions")
async def mission_import(page: PageDep) -> Response:
    """Create a mission from an instance in the JSON exchange format (uploaded file or pasted text)."""
    viewer = page.require_viewer()
    form = await page.form(max_bytes=MAX_INSTANCE_BYTES, max_files=1)
    upload = form.get("instance_file")
    raw: bytes | str = b""
    if upload is not None and not isinstance(upload, str):
        raw = await upload.read(MAX_INSTANCE_BYTES + 1)
    if not raw:
        raw = text_field(form, "instance_text", max_length=MAX_INSTANCE_BYTES)
    if not raw:
        raise PageError(422, N_("Choose a mission file (JSON) or paste its content."))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PageError(422, N_("The mission file is not valid JSON (UTF-8).")) from None
    name = text_field(form, "name", max_length=300) or None
    timezone = text_field(form, "timezone", max_length=64) or missions.DEFAULT_TIMEZONE
    with page_errors():
        mission_id = missions.import_instance(
            page.context.uow(),
            viewer=viewer,
            data=data,
            organizer_organization_id=viewer.organization_id,
            timezone=timezone,
            name=name,
        )
    return redirect(f"/missions/{mission_id}")


@router.get("/missions/{mission_id}")
def mission_detail(page: PageDep, mission_id: str) -> Response:
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    with page_errors():
        detail = missions.mission_detail(page.context.uow(), viewer=viewer, mission_id=number)
    participants = {p["id"]: p for p in detail.instance.get("participants", [])}
    shortlists = workspace.list_shortlists(page.context.uow(), viewer=viewer) if viewer.is_organizer else []
    return page.render(
        "missions/detail.html",
        {
            "mission": detail.item,
            "instance": detail.instance,
            "participants": participants,
            "delegates": [p for p in participants.values() if p.get("role") == "delegate"],
            "hosts": [p for p in participants.values() if p.get("role") == "host"],
            "requests": detail.requests,
            "versions": detail.versions,
            "can_plan": viewer.is_organizer and viewer.can_write,
            "time_limits": TIME_LIMITS,
            "weight_tolerances": WEIGHT_TOLERANCES,
            "shortlists": shortlists,
            "origins": missions.ORIGINS,
        },
    )


@router.post("/missions/{mission_id}/requests")
async def mission_add_request(page: PageDep, mission_id: str) -> Response:
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    delegate = text_field(form, "delegate", required=True, max_length=100)
    host = text_field(form, "host", required=True, max_length=100)
    try:
        weight = float(text_field(form, "weight", max_length=10) or "1")
    except ValueError:
        raise PageError(422, N_("The weight must be a number.")) from None
    origin = text_field(form, "origin", max_length=20) or "organizer"
    with page_errors():
        missions.add_request(
            page.context.uow(),
            viewer=viewer,
            mission_id=number,
            delegate=delegate,
            host=host,
            weight=weight,
            mandatory=form.get("mandatory") == "on",
            origin=origin,
            ttl_days=page.context.settings.meeting_request_ttl_days,
        )
    return redirect(f"/missions/{number}?done=1#requests")


@router.post("/missions/{mission_id}/requests/from-shortlist")
async def mission_requests_from_shortlist(page: PageDep, mission_id: str) -> Response:
    """Turn a shortlist into meeting requests of one delegation: every shortlisted startup that is a host of
    this mission (same company name) becomes a request."""
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    delegate = text_field(form, "delegate", required=True, max_length=100)
    raw_shortlist = text_field(form, "shortlist", required=True, max_length=12)
    if not raw_shortlist.isdigit():
        raise PageError(404, N_("The page you asked for does not exist."))
    with page_errors():
        shortlist = workspace.get_shortlist(
            page.context.uow(), viewer=viewer, shortlist_id=int(raw_shortlist)
        )
        added = missions.request_hosts_named(
            page.context.uow(),
            viewer=viewer,
            mission_id=number,
            delegate=delegate,
            names=[item.startup.name for item in shortlist.items],
            ttl_days=page.context.settings.meeting_request_ttl_days,
        )
    if not added:
        raise PageError(422, N_("No startup of this shortlist is a host of this mission."))
    return redirect(f"/missions/{number}?done=1#requests")


@router.post("/missions/{mission_id}/participants")
async def mission_add_participant(page: PageDep, mission_id: str) -> Response:
    """Add a delegation or a host (hosts receive at one of the mission's venues)."""
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    name = text_field(form, "name", required=True, max_length=200)
    role = text_field(form, "role", required=True, max_length=10)
    key = text_field(form, "key", max_length=100) or _participant_key(name)
    with page_errors():
        missions.add_participant(
            page.context.uow(),
            viewer=viewer,
            mission_id=number,
            key=key,
            name=name,
            role=role,
            organization=text_field(form, "organization", max_length=300) or None,
            venue=(text_field(form, "venue", max_length=100) or None) if role == "host" else None,
        )
    return redirect(f"/missions/{number}?done=1#participants")


def _participant_key(name: str) -> str:
    """A readable id from a name ('Kansai Economic Mission' -> 'kansai-economic-mission')."""
    ascii_words = "".join(ch.lower() if ch.isascii() and ch.isalnum() else "-" for ch in name).strip("-")
    key = "-".join(part for part in ascii_words.split("-") if part)[:60]
    return key or f"p-{secrets.token_hex(4)}"


@router.post("/missions/{mission_id}/requests/respond")
async def mission_respond_request(page: PageDep, mission_id: str) -> Response:
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    delegate = text_field(form, "delegate", required=True, max_length=100)
    host = text_field(form, "host", required=True, max_length=100)
    with page_errors():
        missions.respond_to_request(
            page.context.uow(),
            viewer=viewer,
            mission_id=number,
            delegate=delegate,
            host=host,
            accept=form.get("accept") == "1",
        )
    return redirect(f"/missions/{number}?done=1#requests")


@router.post("/missions/{mission_id}/solve", dependencies=[rate_limited("planner")])
async def mission_solve(page: PageDep, mission_id: str) -> Response:
    """Queue a planner run and show its progress page (a job worker runs it)."""
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    try:
        limit = float(text_field(form, "time_limit", max_length=6) or "30")
    except ValueError:
        raise PageError(422, N_("The time limit must be a number of seconds.")) from None
    if not 1 <= limit <= 300:
        raise PageError(422, N_("The time limit must be between 1 and 300 seconds."))
    try:
        tolerance = float(text_field(form, "weight_tolerance", max_length=6) or "0") / 100
    except ValueError:
        raise PageError(422, N_("The weight tolerance must be a percentage between 0 and 100.")) from None
    if not 0 <= tolerance <= 1:
        raise PageError(422, N_("The weight tolerance must be a percentage between 0 and 100."))
    with page_errors():
        # Refuses an unsound mission (or a viewer who may not plan) before anything is queued.
        job = job_kinds.start_solve(
            page.context.uow(),
            page.context.job_queue,
            viewer=viewer,
            mission_id=number,
            time_limit=limit,
            weight_tolerance=tolerance,
        )
    return redirect(f"/missions/{number}/jobs/{job.id}")


@router.get("/missions/{mission_id}/jobs/{job_id}")
def mission_job(page: PageDep, mission_id: str, job_id: str) -> Response:
    number = _mission_id(mission_id)
    if not job_id.isdigit() or len(job_id) > 9:
        raise PageError(404, N_("This planner run is unknown (it may have finished long ago)."))
    with page_errors():
        record = jobs.get_job(page.context.uow(), viewer=page.require_viewer(), job_id=int(job_id))
    if record.mission_id != number:
        raise PageError(404, N_("This planner run is unknown (it may have finished long ago)."))
    job = _job_view(record)
    values = {"job": job, "mission_id": number, "error": page.message(job.error) if job.error else None}
    if page.is_htmx:
        response = page.render("missions/job_progress.html", values)
        if job.done and not job.error:
            # The run is over: HTMX follows this header to the finished grid.
            response.headers["HX-Redirect"] = f"/missions/{number}/grid?version={job.version}&done=1"
        return response
    if job.done and not job.error:  # finished before the page was first shown: straight to the grid
        return redirect(f"/missions/{number}/grid?version={job.version}&done=1")
    return page.render("missions/job.html", values)


@router.get("/missions/{mission_id}/grid")
def mission_grid(page: PageDep, mission_id: str) -> Response:
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    plan = _plan(page, number, _version_param(page))
    if plan is None:
        return redirect(f"/missions/{number}")
    versions = missions.schedule_history(page.context.uow(), viewer=viewer, mission_id=number)
    cells: dict[tuple[str, str], list[Any]] = {}
    for meeting in plan.active_meetings():
        cells.setdefault((meeting.slot, meeting.venue), []).append(meeting)
    current = next((v for v in versions if v.number == plan.version), versions[-1])
    return page.render(
        "missions/grid.html",
        {
            "plan": plan,
            "cells": cells,
            "slots": [plan.slots[k] for k in plan.slot_order()],
            "venues": list(plan.venues.values()),
            "versions": versions,
            "current": current,
            "can_plan": viewer.is_organizer and viewer.can_write,
            "meetings": plan.active_meetings(),
        },
    )


@router.get("/missions/{mission_id}/grid.xlsx")
def mission_grid_xlsx(page: PageDep, mission_id: str) -> Response:
    """The master grid and every participant's sheet as one Excel workbook."""
    number = _mission_id(mission_id)
    plan = _plan(page, number, _version_param(page))
    if plan is None:
        raise PageError(404, N_("Not planned yet."))
    return Response(
        missions.grid_workbook(plan, translate=partial(i18n.translate, locale=page.locale)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="mission-{number}-grid.xlsx"'},
    )


@router.get("/missions/{mission_id}/grid/print")
def mission_grid_print(page: PageDep, mission_id: str) -> Response:
    """The master grid as a printable page in the page's language."""
    number = _mission_id(mission_id)
    plan = _plan(page, number, _version_param(page))
    if plan is None:
        raise PageError(404, N_("Not planned yet."))
    return HTMLResponse(
        missions.grid_page(plan, lang=page.locale, translate=partial(i18n.translate, locale=page.locale))
    )


@router.get("/missions/{mission_id}/agenda/{participant}.ics")
def mission_agenda_ics(page: PageDep, mission_id: str, participant: str) -> Response:
    number = _mission_id(mission_id)
    plan = _plan(page, number, _version_param(page))
    if plan is None or participant not in plan.participants:
        raise PageError(404, N_("No agenda for this participant."))
    body = missions.participant_calendar(plan, participant)
    filename = f"mission-{number}-{_safe_filename(participant)}.ics"
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/missions/{mission_id}/agenda/{participant}")
def mission_agenda_page(page: PageDep, mission_id: str, participant: str) -> Response:
    """The printable agenda of one participant, in the page's language."""
    number = _mission_id(mission_id)
    plan = _plan(page, number, _version_param(page))
    if plan is None or participant not in plan.participants:
        raise PageError(404, N_("No agenda for this participant."))
    return HTMLResponse(
        missions.participant_agenda_page(
            plan, participant, lang=page.locale, translate=partial(i18n.translate, locale=page.locale)
        )
    )


@router.post("/missions/{mission_id}/repair", dependencies=[rate_limited("planner")])
async def mission_repair(page: PageDep, mission_id: str) -> Response:
    """Record a cancelled meeting or a participant who dropped out, then repair the latest schedule."""
    number = _mission_id(mission_id)
    viewer = page.require_viewer()
    form = await page.form()
    cancellations: list[tuple[str, str]] = []
    for value in form.getlist("cancel"):
        if not value:
            continue
        delegate, sep, host = str(value).partition("|")
        if not sep:
            raise PageError(422, N_("Choose the meeting to cancel."))
        cancellations.append((delegate, host))
    dropouts = [str(v) for v in form.getlist("dropout") if str(v)]
    late: list[PlanRequest] = []
    late_delegate = text_field(form, "late_delegate", max_length=100)
    late_host = text_field(form, "late_host", max_length=100)
    if late_delegate and late_host:
        late.append(PlanRequest(delegate=late_delegate, host=late_host, weight=1.0, mandatory=False))
    changes = missions.RepairChanges(
        cancellations=tuple(cancellations), dropouts=tuple(dropouts), late_requests=tuple(late)
    )
    if changes.empty:
        with page_errors():  # the mission's own problems (no schedule yet, not the viewer's) come first
            missions.check_plannable(
                page.context.uow(), viewer=viewer, mission_id=number, needs_schedule=True
            )
        raise PageError(
            422, N_("Choose a meeting to cancel, a participant who dropped out, or a late request.")
        )
    with page_errors():
        job = job_kinds.start_repair(
            page.context.uow(),
            page.context.job_queue,
            viewer=viewer,
            mission_id=number,
            changes=changes,
            time_limit=REPAIR_SECONDS,
        )
    return redirect(f"/missions/{number}/jobs/{job.id}")
