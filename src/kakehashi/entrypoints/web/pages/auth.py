"""Sign in, sign out and the language switch (remembered in a cookie and in the user's preference)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter
from starlette.responses import Response

from kakehashi.domain.errors import AuthenticationFailed, InvalidInput, TooManyAttempts
from kakehashi.entrypoints.web import i18n, sessions
from kakehashi.entrypoints.web.deps import client_ip
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.pages.common import PageDep, PageError, redirect, text_field
from kakehashi.services import accounts

router = APIRouter(include_in_schema=False)

LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after sign-in or a language switch (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return default
    return target


def set_locale_cookie(response: Response, locale: str, *, secure: bool) -> None:
    response.set_cookie(
        i18n.LOCALE_COOKIE, locale, max_age=LOCALE_COOKIE_MAX_AGE, samesite="lax", secure=secure, path="/"
    )


@router.get("/login")
def login_form(page: PageDep) -> Response:
    next_path = safe_next(page.request.query_params.get("next"))
    return page.render("login.html", {"next": next_path, "email": "", "error": None})


@router.post("/login")
async def login(page: PageDep) -> Response:
    form = await page.form()
    next_path = safe_next(str(form.get("next") or ""))
    email = text_field(form, "email", max_length=320)
    password = form.get("password")
    settings = page.context.settings
    try:
        user = accounts.sign_in(
            page.context.uow(),
            email=email,
            password=password if isinstance(password, str) else "",
            ip=client_ip(page.request),
            throttle=accounts.Throttle.of(settings),
        )
    except TooManyAttempts as error:
        refused = page.render(
            "login.html",
            {
                "next": next_path,
                "email": email,
                "error": page._(N_("Too many failed sign-ins. Try again later.")),
            },
            status_code=429,
        )
        refused.headers["Retry-After"] = str(error.retry_after_seconds or settings.login_delay_seconds)
        return refused
    except (AuthenticationFailed, InvalidInput):
        return page.render(
            "login.html",
            {"next": next_path, "email": email, "error": page._(N_("Wrong e-mail address or password."))},
            status_code=401,
        )
    response = redirect(next_path)
    sessions.login_session(response, user.viewer, settings=settings)
    # The user's saved language wins over whatever this browser used before signing in.
    set_locale_cookie(response, user.locale, secure=settings.secure_cookies)
    return response


@router.post("/logout")
async def logout(page: PageDep) -> Response:
    await page.form()
    if page.viewer is not None:
        # Server-side: a copy of the cookie (another browser, a stolen one) is refused from now on.
        accounts.sign_out(page.context.uow(), viewer=page.viewer)
    response = redirect("/")
    sessions.logout_session(response, settings=page.context.settings)
    return response


def _locale_of(code: str) -> str:
    locale = i18n.supported(code)
    if locale is None or locale != code.lower():
        raise PageError(404, N_("This language is not available."))
    return locale


@router.get("/lang/{code}")
def switch_language(page: PageDep, code: str) -> Response:
    """Show this browser the site in another language (a cookie only: a GET changes nothing saved)."""
    locale = _locale_of(code)
    response = redirect(safe_next(page.request.query_params.get("next")))
    set_locale_cookie(response, locale, secure=page.context.settings.secure_cookies)
    return response


@router.post("/lang/{code}")
async def save_language(page: PageDep, code: str) -> Response:
    """The language switch's form: this browser's cookie and, when signed in, the user's saved language
    (a state change, so a POST with the CSRF token)."""
    locale = _locale_of(code)
    form = await page.form()
    response = redirect(safe_next(str(form.get("next") or "")))
    set_locale_cookie(response, locale, secure=page.context.settings.secure_cookies)
    if page.viewer is not None:
        accounts.set_locale(page.context.uow(), viewer=page.viewer, locale=locale)
    return response
