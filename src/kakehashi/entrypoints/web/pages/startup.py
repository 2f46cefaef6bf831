"""For startups: their own profile in both languages and the open calls that fit them; for everyone signed
in: meeting requests received and sent (unanswered ones expire so they block nobody's time)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from starlette.responses import Response

from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedFit
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
from kakehashi.entrypoints.web.pages.workspace import done
from kakehashi.services import needs, workspace
from kakehashi.services.directory import ProfileUpdate, get_company, update_own_profile

router = APIRouter(include_in_schema=False)
logger = logging.getLogger("kakehashi.web.startup")


def _open_calls(page: PageDep) -> list[NeedFit]:
    """Open calls (公募) that fit this startup, best first; empty until needs exist."""
    viewer = page.require_viewer()
    with page_errors():
        return list(
            needs.needs_for_startup(
                page.context.uow(),
                page.context.search_engine,
                viewer=viewer,
                organization_id=viewer.organization_id,
                limit=20,
            )
        )


@router.get("/startup")
def startup_home(page: PageDep) -> Response:
    viewer = page.require_kind(OrganizationKind.STARTUP)
    with page_errors():
        profile = get_company(page.context.uow(), organization_id=viewer.organization_id)
    with page_errors():
        requests = workspace.list_contact_requests(page.context.uow(), viewer=viewer)
    return page.render(
        "startup/home.html",
        {
            "company": profile,
            "received": [r for r in requests if r.recipient.id == viewer.organization_id],
            "sent": [r for r in requests if r.sender.id == viewer.organization_id],
            "open_calls": _open_calls(page),
            "error": None,
        },
    )


@router.post("/startup/profile")
async def startup_profile_save(page: PageDep) -> Response:
    """Save the profile in both languages, then bring the search index up to date with it."""
    viewer = page.require_kind(OrganizationKind.STARTUP)
    form = await page.form()
    update = ProfileUpdate(
        name_en=text_field(form, "name_en", max_length=400),
        name_ja=text_field(form, "name_ja", max_length=400),
        description_en=text_field(form, "description_en", max_length=12_000),
        description_ja=text_field(form, "description_ja", max_length=12_000),
        website=text_field(form, "website", max_length=600),
        city=text_field(form, "city", max_length=200),
    )
    with page_errors():
        profile = update_own_profile(page.context.uow(), viewer=viewer, update=update)
    try:
        page.context.catalog_changed([profile.id])
    except Exception:  # the profile is saved; the index is derived data and catches up on the next sync
        logger.exception("search index not updated for organization %s", profile.id)
    return redirect("/startup?done=1")


@router.get("/requests")
def requests_page(page: PageDep) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        requests = workspace.list_contact_requests(page.context.uow(), viewer=viewer)
    return page.render(
        "startup/requests.html",
        {
            "received": [r for r in requests if r.recipient.id == viewer.organization_id],
            "sent": [r for r in requests if r.sender.id == viewer.organization_id],
        },
    )


@router.post("/requests")
async def request_send(page: PageDep) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        target = int_field(form, "to_organization_id")
        if target is None:
            raise PageError(422, N_("Please fill in every required field."))
        workspace.send_contact_request(
            page.context.uow(),
            viewer=viewer,
            to_organization_id=target,
            message=text_field(form, "message", required=True, max_length=5000),
            need_id=int_field(form, "need_id"),
            ttl_days=page.context.settings.meeting_request_ttl_days,
        )
    return redirect(done(safe_next(str(form.get("next") or ""), "/requests")))


def _request_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise PageError(404, N_("No such meeting request."))
    return int(raw)


@router.post("/requests/{request_id}/respond")
async def request_respond(page: PageDep, request_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        workspace.respond_contact_request(
            page.context.uow(),
            viewer=viewer,
            request_id=_request_id(request_id),
            accept=form.get("accept") == "1",
            response=text_field(form, "response", max_length=5000),
        )
    return redirect(done(safe_next(str(form.get("next") or ""), "/requests")))


@router.post("/requests/{request_id}/withdraw")
async def request_withdraw(page: PageDep, request_id: str) -> Response:
    viewer = page.require_viewer()
    form = await page.form()
    with page_errors():
        workspace.withdraw_contact_request(
            page.context.uow(), viewer=viewer, request_id=_request_id(request_id)
        )
    return redirect(done(safe_next(str(form.get("next") or ""), "/requests")))
