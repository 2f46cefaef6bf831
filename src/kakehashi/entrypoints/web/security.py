"""CSRF double-submit tokens, the app-wide CSRF guard, protective headers and a request-size limit.

Tokens and session cookies live in `sessions`, the viewer dependency in `deps`; their names are re-exported
here for the callers that know them by this module (`security.login_session`, `security.NotAuthenticated`).
Imports point one way: security -> deps -> sessions, so `deps` never imports this module.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import HTTPException
from itsdangerous import BadSignature

from kakehashi.entrypoints.web.deps import viewer_from_request
from kakehashi.entrypoints.web.sessions import (
    API_TOKEN_MAX_AGE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    NotAuthenticated,
    TokenClaims,
    issue_api_token,
    login_session,
    logout_session,
    read_api_token,
    read_session,
    signer,
)
from kakehashi.settings import Settings, get_settings

__all__ = [
    "API_TOKEN_MAX_AGE",
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "MAX_BODY_BYTES",
    "SESSION_COOKIE",
    "SESSION_MAX_AGE",
    "CsrfFailed",
    "NotAuthenticated",
    "PROTECTIVE_HEADERS",
    "PayloadTooLarge",
    "SecurityMiddleware",
    "TokenClaims",
    "csrf_protect",
    "csrf_token",
    "issue_api_token",
    "login_session",
    "logout_session",
    "read_api_token",
    "read_session",
    "verify_csrf",
    "viewer_from_request",
]

CSRF_COOKIE = "kakehashi_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MAX_BODY_BYTES = 25 * 1024 * 1024  # larger uploads (catalogue files) go through the CLI
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# On every answer, errors included (errors.py adds them to the 500 page, which is sent outside this middleware).
PROTECTIVE_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

_CSRF_SALT = "kakehashi.csrf"


class CsrfFailed(Exception):
    """A state-changing request without a valid CSRF token (answered 403)."""

    def __init__(
        self, message: str = "the form has expired or did not come from this site; reload and retry"
    ):
        super().__init__(message)


class PayloadTooLarge(HTTPException):
    """The request body is larger than MAX_BODY_BYTES (answered 413 before the body is read)."""

    def __init__(self) -> None:
        super().__init__(413, f"the request is too large (limit {MAX_BODY_BYTES // (1024 * 1024)} MiB)")


# --- CSRF: double-submit cookie, signed and tied to the session -----------------------------------------
#
# A token is the signed pair (the browser's CSRF cookie, a fingerprint of its session cookie). A value
# injected into the cookie alone is not enough (it must be signed), and a cookie + token pair obtained in
# another session (the attacker's own account, or before signing in) is refused: the fingerprint differs.


def _csrf_secret(request: Request) -> str:
    secret = getattr(request.state, "csrf_secret", None)
    if not secret:
        secret = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf_secret = secret
    return str(secret)


def _session_binding(request: Request) -> str:
    """A fingerprint of the session cookie this request carries ("" when anonymous); it names one sign-in
    without revealing the cookie (the token is written into pages)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return hashlib.sha256(cookie.encode()).hexdigest()[:32] if cookie else ""


def csrf_token(request: Request, *, settings: Settings | None = None) -> str:
    """The token to put in every form (hidden field `csrf_token`) or the `X-CSRF-Token` header; valid only
    with this browser's CSRF cookie and within the session it was issued in."""
    settings = settings or _settings_of(request)
    claims = {"s": _csrf_secret(request), "b": _session_binding(request)}
    return str(signer(settings, _CSRF_SALT).dumps(claims))


def verify_csrf(request: Request, token: str | None, *, settings: Settings | None = None) -> bool:
    """True when `token` was issued by csrf_token() for this browser's CSRF cookie in this session; raises
    CsrfFailed (403) otherwise, so a caller that ignores the result is still protected."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not token or not cookie:
        raise CsrfFailed()
    settings = settings or _settings_of(request)
    try:
        claims = signer(settings, _CSRF_SALT).loads(token, max_age=SESSION_MAX_AGE)
    except BadSignature:
        raise CsrfFailed() from None
    secret = claims.get("s") if isinstance(claims, dict) else None
    binding = claims.get("b") if isinstance(claims, dict) else None
    if not isinstance(secret, str) or not isinstance(binding, str):
        raise CsrfFailed()
    same_cookie = hmac.compare_digest(secret.encode(), cookie.encode())
    same_session = hmac.compare_digest(binding.encode(), _session_binding(request).encode())
    if not (same_cookie and same_session):
        raise CsrfFailed()
    return True


def _settings_of(request: Request) -> Settings:
    context = getattr(request.app.state, "context", None)
    return context.settings if context is not None else get_settings()


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# JSON sign-in endpoints authenticate by the password in the body, never by the cookie a browser may
# also be sending, so they need no CSRF token.
_PASSWORD_ENDPOINTS = frozenset({"/api/v1/auth/token", "/api/v1/auth/session"})


async def csrf_protect(request: Request) -> None:
    """App-wide guard: a state-changing request that relies on the browser's cookies must carry a token.

    Bearer-token API calls are exempt (a browser never adds that header by itself), and so are JSON
    calls without a session cookie (there is no ambient authority to abuse).
    """
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    is_form = content_type in _FORM_TYPES
    if not is_form and (SESSION_COOKIE not in request.cookies or request.url.path in _PASSWORD_ENDPOINTS):
        return
    token = request.headers.get(CSRF_HEADER)
    if not token and is_form:
        # Read (and cache) the raw body first so page handlers can still read or re-parse it.
        await request.body()
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    verify_csrf(request, token)


# --- ASGI middleware: CSRF cookie on every response that needs one, and the body size limit -----------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityMiddleware:
    """Sets the CSRF cookie when a page asked for a token, adds protective headers, limits body size."""

    def __init__(
        self, app: ASGIApp, *, secure_cookies: bool = False, max_body_bytes: int = MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self.secure_cookies = secure_cookies
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        wants_html = "text/html" in headers.get("accept", "") and not scope.get("path", "").startswith(
            "/api/"
        )
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            await _send_plain(send, 413, "the request is too large", html=wants_html)
            # Drain nothing: the client is told at once and the body is never read.
            return
        raw_target = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if b"%00" in raw_target.lower() or b"\x00" in raw_target or "\x00" in scope.get("path", ""):
            # No text column anywhere accepts NUL (PostgreSQL refuses it): say so instead of failing later.
            await _send_plain(send, 400, "the address contains a NUL character", html=wants_html)
            return
        state = scope.setdefault("state", {})
        had_cookie = f"{CSRF_COOKIE}=" in headers.get("cookie", "")
        secure = self.secure_cookies or scope.get("scheme") == "https"
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise PayloadTooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in PROTECTIVE_HEADERS.items()
                ]
                secret = state.get("csrf_secret")
                if secret and not had_cookie:
                    cookie = (
                        f"{CSRF_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_MAX_AGE}"
                    )
                    if secure:
                        cookie += "; Secure"
                    extra.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


async def _send_plain(send: Send, status: int, text: str, *, html: bool = False) -> None:
    """Answer before the app runs: JSON for API clients, a small page for browsers."""
    if html:
        body = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{status}</title></head>'
            f'<body><h1>{status}</h1><p>{text}</p><p><a href="/">Kakehashi</a></p></body></html>'
        ).encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": text}).encode()
        content_type = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
