"""For organizers and administrators: suggested pairs of records of the same company, side by side with the
matcher's reasons (accept merges them, reject remembers they are two companies), and the merges in force
(each can be undone). Each action calls one service, then the search index is told what changed."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from kakehashi.entrypoints.web.pages.common import PageDep, page_errors, redirect
from kakehashi.entrypoints.web.pages.workspace import done
from kakehashi.services import identity

router = APIRouter(include_in_schema=False)


@router.get("/identity")
def identity_review(page: PageDep) -> Response:
    viewer = page.require_viewer()
    with page_errors():
        suggestions = identity.list_suggestions(page.context.uow(), viewer=viewer)
    with page_errors():
        merges = identity.list_merges(page.context.uow(), viewer=viewer)
    return page.render("identity/review.html", {"suggestions": suggestions, "merges": list(reversed(merges))})


@router.post("/identity/suggestions/{suggestion_id}/accept")
async def identity_accept(page: PageDep, suggestion_id: int) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        change = identity.accept_suggestion(page.context.uow(), viewer=viewer, suggestion_id=suggestion_id)
    page.context.catalog_changed(change.changed_ids)
    return redirect(done("/identity"))


@router.post("/identity/suggestions/{suggestion_id}/reject")
async def identity_reject(page: PageDep, suggestion_id: int) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        identity.reject_suggestion(page.context.uow(), viewer=viewer, suggestion_id=suggestion_id)
    return redirect(done("/identity"))


@router.post("/identity/merges/{merge_id}/undo")
async def identity_undo(page: PageDep, merge_id: int) -> Response:
    viewer = page.require_viewer()
    await page.form()
    with page_errors():
        change = identity.undo_merge(page.context.uow(), viewer=viewer, merge_id=merge_id)
    page.context.catalog_changed(change.changed_ids)
    return redirect(done("/identity"))
