"""What every page handler needs: the app context, the viewer, the locale, CSRF, bounded form parsing,
and rendering of pages and error pages in the user's language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, NoReturn
from urllib.parse import parse_qsl

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import (
    InvalidInput,
    KakehashiError,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    TooManyAttempts,
)
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web import i18n, security
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.templating import render

# A page form carries a few text fields; anything larger is refused before parsing.
MAX_FORM_BYTES = 256 * 1024
MAX_FORM_FIELDS = 200
CSRF_FIELD = security.CSRF_FIELD
CSRF_HEADER = security.CSRF_HEADER
TOO_LARGE = N_("The form is too large. Please shorten the text and try again.")


class PageError(Exception):
    """An error shown to the user as a page with a status code and one translated message."""

    def __init__(self, status_code: int, message: str | KakehashiError, *, detail: str | None = None) -> None:
        super().__init__(str(message))
        self.status_code = status_code
        self.message = message
        self.detail = detail


def app_context(request: Request) -> AppContext:
    context = request.app.state.context
    assert isinstance(context, AppContext)
    return context


def current_viewer(request: Request) -> Viewer | None:
    """The signed-in viewer from the session cookie, or None (pages that need one redirect to /login)."""
    return security.viewer_from_request(request)


@dataclass
class Page:
    """Per-request helper handed to page handlers by dependency injection."""

    request: Request
    context: AppContext
    viewer: Viewer | None
    locale: str
    user_locale: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def _(self, message: str) -> str:
        return i18n.translate(message, self.locale)

    def message(self, text: str | KakehashiError) -> str:
        """A domain error, or a message id, in the page's language."""
        if isinstance(text, KakehashiError):
            return messages.error_text(text, self.locale)
        return messages.message_text(text, None, self.locale)

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    def base_context(self) -> dict[str, Any]:
        viewer = self.viewer
        return {
            "request": self.request,
            "viewer": viewer,
            "locale": self.locale,
            "csrf_token": security.csrf_token(self.request),
            "path": self.request.url.path,
            "public_directory": self.context.settings.public_directory,
            "is_corporation": bool(viewer and viewer.organization_kind is OrganizationKind.CORPORATION),
            "is_startup": bool(viewer and viewer.organization_kind is OrganizationKind.STARTUP),
            "is_organizer": bool(viewer and viewer.is_organizer),
            "flash": self.request.query_params.get("done") or "",
            "unread_alerts": self._unread_alerts(),
        }

    def _unread_alerts(self) -> int:
        """New saved-search alerts, shown next to Workspace in the navigation."""
        viewer = self.viewer
        if viewer is None or viewer.organization_kind is OrganizationKind.STARTUP:
            return 0
        from kakehashi.services.workspace import count_unread_alerts

        return count_unread_alerts(self.context.uow(), viewer=viewer)

    def render(
        self, template: str, values: Mapping[str, Any] | None = None, *, status_code: int = 200
    ) -> HTMLResponse:
        context = self.base_context()
        context.update(values or {})
        return render(template, context, locale=self.locale, status_code=status_code)

    def error(
        self, status_code: int, message: str | KakehashiError, *, detail: str | None = None
    ) -> HTMLResponse:
        return self.render(
            "error.html",
            {"status_code": status_code, "message": self.message(message), "detail": detail},
            status_code=status_code,
        )

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise security.NotAuthenticated(N_("Please sign in to see this page."))
        return self.viewer

    def require_kind(self, *kinds: OrganizationKind) -> Viewer:
        viewer = self.require_viewer()
        if viewer.organization_kind not in kinds and not (
            OrganizationKind.ORGANIZER in kinds and viewer.is_organizer
        ):
            raise PageError(403, N_("This page is not available for your organization."))
        return viewer

    async def form(self, *, max_bytes: int = MAX_FORM_BYTES, max_files: int = 0) -> FormData:
        """The posted form, size-bounded, after a CSRF check; junk gets a clear message, not a 500."""
        return await read_form(self.request, max_bytes=max_bytes, max_files=max_files)


def get_page(request: Request) -> Page:
    context = app_context(request)
    viewer = current_viewer(request)
    user_locale = getattr(request.state, "user_locale", None)
    locale = i18n.negotiate_locale(
        request, user_preference=user_locale, default=context.settings.default_locale
    )
    return Page(request=request, context=context, viewer=viewer, locale=locale, user_locale=user_locale)


PageDep = Annotated[Page, Depends(get_page)]


async def read_form(request: Request, *, max_bytes: int = MAX_FORM_BYTES, max_files: int = 0) -> FormData:
    """Parse a posted form with a size limit and a UTF-8 check, then verify its CSRF token."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise PageError(413, TOO_LARGE)
    body = await request.body()
    if len(body) > max_bytes:
        raise PageError(413, TOO_LARGE)
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        try:
            parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise PageError(400, N_("The form contains text that is not valid UTF-8.")) from None
    try:
        form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=max_files, max_part_size=max_bytes)
    except Exception:
        # Starlette raises its own HTTP errors for malformed multipart bodies; the user gets one message.
        raise PageError(400, N_("The form could not be read.")) from None
    files = [value for _key, value in form.multi_items() if not isinstance(value, str)]
    if len(files) > max_files:
        raise PageError(400, N_("This form does not take that many files."))
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    security.verify_csrf(request, token if isinstance(token, str) else None)
    return form


def text_field(form: FormData, name: str, *, required: bool = False, max_length: int = 10_000) -> str:
    """One text field, stripped; refuses missing required fields and overlong text with a clear message."""
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidInput(N_("Please fill in every required field."))
    if len(text) > max_length:
        raise InvalidInput(N_("A field is too long."))
    return text


def int_field(form: FormData | Mapping[str, Any], name: str) -> int | None:
    value = form.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidInput(N_("A number was expected.")) from None


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def raise_not_found() -> NoReturn:
    raise PageError(404, N_("The page you asked for does not exist."))


@contextmanager
def page_errors() -> Iterator[None]:
    """Turn domain errors raised by a service into page errors (404, 403, 422) with their message."""
    try:
        yield
    except NotFound as exc:
        raise PageError(404, exc) from None
    except PermissionDenied as exc:
        raise PageError(403, exc) from None
    except InvalidInput as exc:
        raise PageError(422, exc) from None
    except (ServiceUnavailable, TooManyAttempts):
        raise  # the app's handlers answer 503 / 429 with Retry-After (web/errors.py)
    except KakehashiError as exc:
        raise PageError(400, exc) from None


def error_response(page: Page, exc: Exception) -> Response:
    """Map a domain error or a page error to an error page in the user's language."""
    if isinstance(exc, PageError):
        return page.error(exc.status_code, exc.message, detail=exc.detail)
    if isinstance(exc, NotFound):
        return page.error(404, exc)
    if isinstance(exc, PermissionDenied):
        return page.error(403, exc)
    if isinstance(exc, ServiceUnavailable | TooManyAttempts):
        raise exc
    if isinstance(exc, KakehashiError):
        return page.error(422, exc)
    raise exc
