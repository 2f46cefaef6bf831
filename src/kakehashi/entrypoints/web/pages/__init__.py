"""Server-rendered HTML pages (Jinja2 + HTMX), in Japanese and English."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from kakehashi.entrypoints.web.pages import (
    auth,
    dashboard,
    directory,
    identity,
    jobs,
    missions,
    needs,
    startup,
    workspace,
)
from kakehashi.entrypoints.web.pages.common import PageError, get_page
from kakehashi.entrypoints.web.templating import STATIC_DIR

PAGE_ROUTERS = [
    directory.router,
    auth.router,
    missions.router,
    needs.router,
    workspace.router,
    startup.router,
    dashboard.router,
    identity.router,
    jobs.router,
]


def render_error_page(request: Request, status: int, message: str) -> Response:
    """The error page in the user's language (installed as app.state.render_error for errors.py)."""
    page = get_page(request)
    return page.error(status, message)


def mount_pages(app: FastAPI) -> None:
    """Add the page routers, the vendored static files and the HTML error page to the app."""
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.state.render_error = render_error_page

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        page = get_page(request)
        return page.error(exc.status_code, exc.message, detail=exc.detail)
