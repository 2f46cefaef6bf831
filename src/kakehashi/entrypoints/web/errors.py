"""Map errors to HTTP answers: one clear message, JSON under /api and a small page elsewhere, never a traceback.

Objects another tenant may not see answer 404 (services raise NotFound for them), so existence never leaks.
Pages may render their own error page by setting `app.state.render_error(request, status, message)`.
"""

from __future__ import annotations

import html
import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kakehashi.domain.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    KakehashiError,
    NotFound,
    PermissionDenied,
    SchemaOutOfDate,
    ServiceUnavailable,
    TooManyAttempts,
)
from kakehashi.entrypoints.web.security import PROTECTIVE_HEADERS, CsrfFailed, NotAuthenticated

logger = logging.getLogger("kakehashi.web")

_TITLES = {
    400: "Bad request",
    401: "Sign-in required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    422: "Invalid input",
    409: "Conflict",
    429: "Too many attempts",
    500: "Server error",
    503: "Service unavailable",
}


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "text/html" not in accept and ("application/json" in accept or request.method != "GET")


def error_response(
    request: Request,
    status: int,
    message: str | KakehashiError,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """JSON `{"detail": message}` for API clients, an escaped HTML page (or the pages' renderer) otherwise.

    The JSON shapes are declared in the OpenAPI document by `api/schemas/errors.py`: keep the two in step.

    A domain error travels as itself so that a page can show it in the reader's language; the JSON answer
    carries the English text and the message id (`message_id`) for clients that translate themselves.
    """
    # /api answers JSON as its OpenAPI document says (api/schemas/errors.py), whatever the headers ask.
    if request.url.path.startswith("/api/") or (
        wants_json(request) and not request.headers.get("hx-request")
    ):
        payload: dict[str, Any] = {"detail": str(message)}
        if isinstance(message, KakehashiError):
            payload["message_id"] = message.msgid
        return JSONResponse({**payload, **(extra or {})}, status_code=status, headers=headers)
    renderer = getattr(request.app.state, "render_error", None)
    if renderer is not None:
        try:
            response: Response = renderer(request, status, message)
            response.status_code = status
            if headers:
                response.headers.update(headers)
            return response
        except Exception:  # a broken error page must not hide the original answer
            logger.exception("error page renderer failed")
    title = html.escape(_TITLES.get(status, "Error"))
    body = (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{status} {title}</title></head>'
        f"<body><h1>{status} {title}</h1><p>{html.escape(str(message))}</p>"
        f'<p><a href="/">Kakehashi</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str, list[dict[str, Any]]]:
    errors = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        errors.append(
            {
                "field": ".".join(location),
                "message": str(error.get("msg", "invalid")),
                "type": str(error.get("type", "value_error")),
            }
        )
    if any(error["type"] == "json_invalid" for error in errors):
        return 400, "the request body is not valid JSON (UTF-8)", errors
    text = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return 422, text or "invalid input", errors


def register_error_handlers(app: FastAPI) -> None:
    """Install the handlers on the app (call once from create_app)."""

    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if not wants_json(request) and request.method == "GET" and not request.headers.get("hx-request"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
        return error_response(request, 401, str(exc), headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(AuthenticationFailed)
    async def _authentication_failed(request: Request, exc: AuthenticationFailed) -> Response:
        return error_response(request, 401, exc, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(TooManyAttempts)
    async def _too_many(request: Request, exc: TooManyAttempts) -> Response:
        retry = str(exc.retry_after_seconds or request.app.state.context.settings.login_delay_seconds)
        return error_response(request, 429, exc, headers={"Retry-After": retry})

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        return error_response(request, 403, str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, exc)

    @app.exception_handler(PermissionDenied)
    async def _denied(request: Request, exc: PermissionDenied) -> Response:
        # Raised only where the caller may already see the object (e.g. a viewer trying to edit):
        # objects the caller may not see are NotFound in the services.
        return error_response(request, 403, exc)

    @app.exception_handler(InvalidInput)
    async def _invalid(request: Request, exc: InvalidInput) -> Response:
        return error_response(request, 422, exc)

    @app.exception_handler(KakehashiError)
    async def _domain(request: Request, exc: KakehashiError) -> Response:
        return error_response(request, 400, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        status, message, errors = _validation_message(exc)
        return error_response(request, status, message, extra={"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "error")
        if exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the request body could not be read (it must be valid UTF-8 JSON or form data)"
        if exc.status_code == 404 and message == "Not Found":
            message = "there is no such page or object"
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        # Two requests raced for the same row (e.g. the same startup added twice at once); nothing was saved.
        logger.warning("conflict on %s %s: %r", request.method, request.url.path, exc.__cause__)
        return error_response(request, 409, exc)

    @app.exception_handler(SchemaOutOfDate)
    async def _schema(request: Request, exc: SchemaOutOfDate) -> Response:
        return error_response(request, 503, exc)

    @app.exception_handler(ServiceUnavailable)
    async def _database_down(request: Request, exc: ServiceUnavailable) -> Response:
        logger.error("service unavailable on %s %s", request.method, request.url.path, exc_info=exc.__cause__)
        return error_response(request, 503, exc, headers={"Retry-After": "30"})

    @app.exception_handler(UnicodeDecodeError)
    async def _unicode(request: Request, exc: UnicodeDecodeError) -> Response:
        return error_response(request, 400, "the request is not valid UTF-8")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        # Starlette sends this answer from its outermost layer, past SecurityMiddleware: add its headers here.
        return error_response(
            request,
            500,
            "something went wrong on our side; the error has been logged",
            headers=dict(PROTECTIVE_HEADERS),
        )
