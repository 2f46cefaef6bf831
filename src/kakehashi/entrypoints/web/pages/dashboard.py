"""A place for dashboards (a later issue): the page exists and is linked so the navigation will not move."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from kakehashi.entrypoints.web.pages.common import PageDep

router = APIRouter(include_in_schema=False)


@router.get("/dashboards")
def dashboards(page: PageDep) -> Response:
    page.require_viewer()
    return page.render("dashboard.html")
