"""The JSON API under /api/v1: one router per area, mounted by create_app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.utils import get_flat_params
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

from kakehashi.entrypoints.web.api import (
    auth,
    companies,
    insights,
    jobs,
    missions,
    needs,
    search,
    sharing,
    workspace,
)
from kakehashi.entrypoints.web.api.schemas import errors, rules

# Sign-in endpoints are throttled (TooManyAttempts answers 429), expensive ones rate-limited per user (web.limits).
THROTTLED_PATHS = frozenset(
    {
        "/auth/token",
        "/auth/session",
        "/search",
        "/needs/{need_id}/matches",
        "/missions/{mission_id}/solve",
        "/missions/{mission_id}/repair",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def error_answers(route: APIRoute) -> dict[int | str, dict[str, Any]]:
    """The error statuses an operation may answer (web/errors.py and the security middleware write them)."""
    answers: dict[int | str, dict[str, Any]] = {
        400: errors.BAD_REQUEST,  # NUL in the address, unreadable JSON, a domain error without a status
        401: errors.UNAUTHORIZED,  # a bearer token that is present but not valid, on every operation
        403: errors.FORBIDDEN,
        404: errors.NOT_FOUND,
        413: errors.TOO_LARGE,
        503: errors.UNAVAILABLE,
    }
    if route.body_field is not None or get_flat_params(route.dependant):
        answers[422] = errors.INVALID  # replaces FastAPI's HTTPValidationError, which is not what we send
    if set(route.methods or ()) - SAFE_METHODS:
        answers[409] = errors.CONFLICT
    if route.path in THROTTLED_PATHS:
        answers[429] = errors.TOO_MANY
    return answers


def declare_error_answers(router: APIRouter) -> None:
    """Add the error answers to every route's `responses` (what a route declares itself wins).

    Called on each area's router before it is included: including builds the served routes (and their
    OpenAPI operations) from the `responses` of the router's own routes.
    """
    for route in router.routes:
        if isinstance(route, APIRoute):
            route.responses = {**error_answers(route), **route.responses}


api_router = APIRouter()
for area_router in (
    auth.router,
    search.router,
    needs.router,
    companies.router,
    insights.router,
    missions.router,
    jobs.router,
    workspace.router,
    sharing.router,
    needs.open_calls_router,
):
    declare_error_answers(area_router)
    api_router.include_router(area_router)


def mount_api_docs(app: FastAPI, *, path: str = "/api/docs") -> None:
    """The OpenAPI document (with the text rules on every parameter) and Swagger UI for it, from vendored
    files (nothing is loaded from the internet)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = rules.describe_parameters(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get(path, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/api/v1/openapi.json",
            title="Kakehashi API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )
