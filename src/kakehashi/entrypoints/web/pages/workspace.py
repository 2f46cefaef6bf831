"""A corporation's private workspace: shortlists, notes, the pipeline of engagements with history, saved
searches with alerts. Every page shows only the viewer's organization's data (the services enforce it)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.responses import Response

from kakehashi.domain.workspace import EngagementStage
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.pages.auth import safe_next
from kakehashi.entrypoints.web.pages.common import (
    PageDep,
    PageError,
    int_field,
    page_errors,
    redirect,
    text_field,
)
from kakehashi.services import workspace
from kakehashi.services.directory import get_summaries

router = APIRouter(prefix="/workspace", include_in_schema=False)

STAGES = [stage.value for stage in EngagementStage]


def _id(raw: str, message: str = N_("The page you asked for does not exist.")) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise PageError(404, message)
    return int(raw)


def _required_int(form: FormData, name: str) -> int:
    with page_errors():
        value = int_field(form, name)
    if value is None:
        raise PageError(422, N_("Please fill in every required field."))
    return value


def done(url: str, fragment: str = "") -> str:
    """The URL to go back to after a change, flagged so the page says 'Saved.'."""
    path, _, old_fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    anchor = fragment or old_fragment
    return f"{path}{separator}done=1" + (f"#{anchor}" if anchor else "")


def _back(form: FormData, default: str) -> str:
    return safe_next(str(form.get("next") or ""), default)


@router.get("")
def overview(page: PageDep) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        overview = workspace.workspace_overview(page.context.uow(), viewer=viewer)
    board = {stage: [e for e in overview.engagements if e.stage == stage] for stage in STAGES}
    return page.render(
        "workspace/overview.html",
        {
            "shortlists": overview.shortlists,
            "board": board,
            "stages": STAGES,
            "saved": overview.saved_searches,
            "alerts": overview.unread_alerts,
        },
    )


# --- shortlists -----------------------------------------------------------------------------------------


@router.post("/shortlists")
async def shortlist_create(page: PageDep) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        shortlist = workspace.create_shortlist(
            page.context.uow(),
            viewer=viewer,
            name=text_field(form, "name", required=True, max_length=200),
            startup_id=int_field(form, "startup_id"),
        )
    return redirect(done(_back(form, f"/workspace/shortlists/{shortlist.id}")))


@router.get("/shortlists/{shortlist_id}")
def shortlist_detail(page: PageDep, shortlist_id: str) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        shortlist = workspace.get_shortlist(page.context.uow(), viewer=viewer, shortlist_id=_id(shortlist_id))
    cards = get_summaries(page.context.uow(), organization_ids=[item.startup.id for item in shortlist.items])
    return page.render("workspace/shortlist.html", {"shortlist": shortlist, "cards": cards})


@router.post("/shortlists/add")
async def shortlist_add_chosen(page: PageDep) -> Response:
    """Add a startup to the shortlist chosen in the form (the profile page's 'Add to shortlist')."""
    form = await page.form()
    return _add_to_shortlist(page, form, _required_int(form, "shortlist"))


@router.post("/shortlists/{shortlist_id}/items")
async def shortlist_add(page: PageDep, shortlist_id: str) -> Response:
    form = await page.form()
    return _add_to_shortlist(page, form, _id(shortlist_id))


def _add_to_shortlist(page: PageDep, form: FormData, number: int) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        workspace.add_to_shortlist(
            page.context.uow(),
            viewer=viewer,
            shortlist_id=number,
            startup_id=_required_int(form, "startup_id"),
            note=text_field(form, "note", max_length=2000),
        )
    return redirect(done(_back(form, f"/workspace/shortlists/{number}")))


@router.post("/shortlists/{shortlist_id}/items/remove")
async def shortlist_remove(page: PageDep, shortlist_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    number = _id(shortlist_id)
    with page_errors():
        workspace.remove_from_shortlist(
            page.context.uow(),
            viewer=viewer,
            shortlist_id=number,
            startup_id=_required_int(form, "startup_id"),
        )
    return redirect(f"/workspace/shortlists/{number}?done=1")


@router.post("/shortlists/{shortlist_id}/delete")
async def shortlist_delete(page: PageDep, shortlist_id: str) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        workspace.delete_shortlist(page.context.uow(), viewer=viewer, shortlist_id=_id(shortlist_id))
    return redirect("/workspace?done=1")


# --- notes ----------------------------------------------------------------------------------------------


@router.post("/notes")
async def note_add(page: PageDep) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        workspace.add_note(
            page.context.uow(),
            viewer=viewer,
            body=text_field(form, "body", required=True, max_length=20_000),
            subject_organization_id=int_field(form, "subject_organization_id"),
            need_id=int_field(form, "need_id"),
        )
    return redirect(done(_back(form, "/workspace"), "notes"))


@router.post("/notes/{note_id}/delete")
async def note_delete(page: PageDep, note_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        workspace.delete_note(page.context.uow(), viewer=viewer, note_id=_id(note_id))
    return redirect(done(_back(form, "/workspace"), "notes"))


# --- pipeline -------------------------------------------------------------------------------------------


@router.post("/pipeline")
async def engagement_start(page: PageDep) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        engagement = workspace.start_engagement(
            page.context.uow(),
            viewer=viewer,
            startup_id=_required_int(form, "startup_id"),
            need_id=int_field(form, "need_id"),
            stage=text_field(form, "stage", max_length=20) or EngagementStage.IDENTIFIED.value,
            note=text_field(form, "note", max_length=2000),
        )
    return redirect(done(_back(form, f"/workspace/pipeline/{engagement.id}")))


@router.get("/pipeline/{engagement_id}")
def engagement_detail(page: PageDep, engagement_id: str) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        shown = workspace.engagement_page(page.context.uow(), viewer=viewer, engagement_id=_id(engagement_id))
    return page.render(
        "workspace/engagement.html", {"e": shown.engagement, "stages": STAGES, "notes": shown.notes}
    )


@router.post("/pipeline/{engagement_id}/move")
async def engagement_move(page: PageDep, engagement_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    number = _id(engagement_id)
    with page_errors():
        workspace.move_engagement(
            page.context.uow(),
            viewer=viewer,
            engagement_id=number,
            stage=text_field(form, "stage", required=True, max_length=20),
            note=text_field(form, "note", max_length=2000),
        )
    return redirect(done(_back(form, f"/workspace/pipeline/{number}")))


# --- saved searches and alerts --------------------------------------------------------------------------


def _saved_filters(form: FormData) -> dict[str, Any]:
    """The search filters carried by a 'save this search' form (same names as the search page's URL)."""
    filters: dict[str, Any] = {}
    for key in ("kind", "country", "sector", "technology", "stage", "status"):
        values = [str(v) for v in form.getlist(key) if str(v).strip()]
        if values:
            filters[key] = values
    for key in ("founded_from", "founded_to", "funding_min", "funding_max"):
        with page_errors():
            value = int_field(form, key)
        if value is not None:
            filters[key] = value * 1_000_000 if key.startswith("funding") else value
    return filters


@router.post("/searches")
async def saved_search_create(page: PageDep) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    query = text_field(form, "q", max_length=1000)
    name = text_field(form, "name", max_length=200) or query or page._(N_("Saved search"))
    with page_errors():
        workspace.save_search(
            page.context.uow(),
            viewer=viewer,
            name=name,
            query=query,
            filters=_saved_filters(form),
            alert=form.get("alert") == "on",
        )
    return redirect("/workspace?done=1#saved-searches")


@router.post("/searches/{saved_id}/alert")
async def saved_search_alert(page: PageDep, saved_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        workspace.update_saved_search(
            page.context.uow(), viewer=viewer, saved_search_id=_id(saved_id), alert=form.get("alert") == "on"
        )
    return redirect("/workspace?done=1#saved-searches")


@router.post("/searches/{saved_id}/delete")
async def saved_search_delete(page: PageDep, saved_id: str) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        workspace.delete_saved_search(page.context.uow(), viewer=viewer, saved_search_id=_id(saved_id))
    return redirect("/workspace?done=1#saved-searches")


@router.get("/alerts")
def alerts(page: PageDep) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        items = workspace.list_alerts(page.context.uow(), viewer=viewer)
    return page.render("workspace/alerts.html", {"alerts": items})


@router.post("/alerts/{alert_id}/read")
async def alert_read(page: PageDep, alert_id: str) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        workspace.mark_alert_read(page.context.uow(), viewer=viewer, alert_id=_id(alert_id))
    return redirect("/workspace/alerts")


# --- the panel on a company profile (loaded by HTMX) ----------------------------------------------------


@router.get("/company/{organization_id}")
def company_panel(page: PageDep, organization_id: str) -> Response:
    """Shortlists, pipeline entry and notes about one company, for the signed-in organization."""
    viewer = page.viewer
    if viewer is None:
        return page.render("workspace/company_panel.html", {"viewer_ok": False})
    number = _id(organization_id)
    with page_errors():
        panel = workspace.company_panel(page.context.uow(), viewer=viewer, organization_id=number)
    return page.render(
        "workspace/company_panel.html",
        {
            "viewer_ok": True,
            "company_id": number,
            "shortlists": panel.shortlists,
            "in_lists": [s for s in panel.shortlists if any(i.startup.id == number for i in s.items)],
            "engagements": panel.engagements,
            "notes": panel.notes,
            "stages": STAGES,
            "is_startup": panel.is_startup,
        },
    )
