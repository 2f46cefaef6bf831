"""The JSON API under /api/v1: one router per area, mounted by create_app."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from kakehashi.entrypoints.web.api import auth, companies, missions, needs, search, sharing, workspace

api_router = APIRouter()
for module in (auth, search, needs, companies, missions, workspace, sharing):
    api_router.include_router(module.router)
api_router.include_router(needs.open_calls_router)


def mount_api_docs(app: FastAPI, *, path: str = "/api/docs") -> None:
    """Swagger UI for the API from vendored files (nothing is loaded from the internet)."""

    @app.get(path, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/v1/openapi.json",
            title="Kakehashi API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )
