"""Technology needs of a corporation (private, or an open call): write one in Japanese or English, see the
startups that match with the reasons, and mark results relevant or not (which re-ranks the list)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.datastructures import FormData
from starlette.responses import Response

from kakehashi.domain.access import Viewer
from kakehashi.domain.organizations import OrganizationKind, Stage
from kakehashi.domain.search import NeedConstraints
from kakehashi.entrypoints.web.deps import client_ip
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.entrypoints.web.pages.common import (
    PageDep,
    PageError,
    int_field,
    page_errors,
    redirect,
    text_field,
)
from kakehashi.services import needs
from kakehashi.services.directory import get_summaries, list_terms
from kakehashi.services.search import present_results

router = APIRouter(prefix="/needs", include_in_schema=False)

MATCH_LIMIT = 20
PAGE_SIZE = 50
STAGES = [stage.value for stage in Stage if stage not in (Stage.OTHER, Stage.ACQUIRED)]


def _need_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise PageError(404, N_("No such need."))
    return int(raw)


def _writer(page: PageDep) -> Viewer:
    """Only to offer the form: the needs service decides who may create a need."""
    return page.require_kind(OrganizationKind.CORPORATION, OrganizationKind.ORGANIZER)


def _form_options(page: PageDep) -> dict[str, Any]:
    sectors = list_terms(page.context.uow(), facet="sector")
    technologies = list_terms(page.context.uow(), facet="technology")
    return {"sector_options": sectors, "technology_options": technologies, "stage_options": STAGES}


def _constraints(form: FormData) -> NeedConstraints:
    with page_errors():
        funding_min = int_field(form, "funding_min")
        funding_max = int_field(form, "funding_max")
        return NeedConstraints(
            stages=tuple(str(v) for v in form.getlist("stages") if str(v) in STAGES),
            founded_from=int_field(form, "founded_from"),
            founded_to=int_field(form, "founded_to"),
            funding_min=funding_min * 1_000_000 if funding_min is not None else None,
            funding_max=funding_max * 1_000_000 if funding_max is not None else None,
            countries=tuple(
                c.strip().upper()
                for c in text_field(form, "countries", max_length=200).split(",")
                if c.strip()
            ),
            japan_presence=form.get("japan_presence") == "on",
        )


@router.get("")
def need_list(page: PageDep) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        items, total = needs.list_needs(page.context.uow(), viewer=viewer, limit=PAGE_SIZE, offset=0)
    return page.render(
        "needs/list.html",
        {
            "needs": items,
            "total": total,
            "can_write": viewer.can_write and not page.base_context()["is_startup"],
        },
    )


@router.get("/new")
def need_form(page: PageDep) -> Response:
    _writer(page)
    return page.render("needs/form.html", {**_form_options(page), "values": {}, "error": None})


@router.post("")
async def need_create(page: PageDep) -> Response:
    viewer = page.require_viewer()  # who may write a need is the service's decision (403 for a startup)
    form = await page.form()
    values = {key: form.get(key) for key in form}
    try:
        with page_errors():
            need = needs.create_need(  # audited
                page.context.uow(),
                viewer=viewer,
                ip=client_ip(page.request),
                title=text_field(form, "title", required=True, max_length=300),
                description=text_field(form, "description", max_length=10_000),
                language=text_field(form, "language", max_length=5) or page.locale,
                visibility=text_field(form, "visibility", max_length=10) or "private",
                sectors=[str(v) for v in form.getlist("sectors") if str(v)],
                technologies=[str(v) for v in form.getlist("technologies") if str(v)],
                constraints=_constraints(form),
            )
    except PageError as exc:
        if exc.status_code != 422:
            raise
        # Keep what the user typed: the form comes back with the message above it.
        return page.render(
            "needs/form.html",
            {**_form_options(page), "values": values, "error": page.message(exc.message)},
            status_code=422,
        )
    return redirect(f"/needs/{need.id}")


def _matches_context(page: PageDep, need_id: int) -> dict[str, Any]:
    viewer = page.require_viewer()
    with page_errors():
        # One audited view: the need and, for its organization and organizers, its matches (a startup
        # reading an open call gets none).
        opened = needs.open_need(
            page.context.uow(),
            page.context.search_engine,
            viewer=viewer,
            need_id=need_id,
            limit=MATCH_LIMIT,
            ip=client_ip(page.request),
        )
    hits = present_results(opened.matches).items if opened.matches is not None else []
    cards = get_summaries(page.context.uow(), organization_ids=[hit.id for hit in hits])
    # Only the owning organization's members judge results (the service refuses anyone else).
    return {"need": opened.need, "hits": hits, "cards": cards, "can_judge": opened.may_judge}


@router.get("/{need_id}", dependencies=[rate_limited("matches")])
def need_detail(page: PageDep, need_id: str) -> Response:
    return page.render("needs/detail.html", _matches_context(page, _need_id(need_id)))


@router.post("/{need_id}/feedback")
async def need_feedback(page: PageDep, need_id: str) -> Response:
    """Relevant / not relevant on one result; the list is ranked again at once."""
    viewer = page.require_viewer()
    number = _need_id(need_id)
    form = await page.form()
    with page_errors():
        organization_id = int_field(form, "organization_id")
        if organization_id is None:
            raise PageError(422, N_("Please fill in every required field."))
        needs.judge_match(  # audited
            page.context.uow(),
            viewer=viewer,
            ip=client_ip(page.request),
            need_id=number,
            organization_id=organization_id,
            relevant=form.get("relevant") == "1",
        )
    if page.is_htmx:
        return page.render("needs/matches.html", _matches_context(page, number))
    return redirect(f"/needs/{number}?done=1#matches")
