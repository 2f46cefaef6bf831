"""Who a request belongs to: signed API tokens and session cookies (itsdangerous).

The cookie or token holds the signed user id and the user's session version; every request reloads the
user, so a deactivated account loses access at once, and sign-out, a new password or a deactivation
bump the version, which refuses every cookie and token issued before (server-side revocation). `deps` (the viewer dependency) and `security` (CSRF, middleware)
both build on this module, and it imports neither of them.
"""

from __future__ import annotations

from typing import NamedTuple

from fastapi import Request, Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from kakehashi.domain.access import Viewer
from kakehashi.settings import DEFAULT_SECRET, Settings, get_settings

SESSION_COOKIE = "kakehashi_session"
API_TOKEN_MAX_AGE = 12 * 3600  # seconds; clients sign in again after a working day
SESSION_MAX_AGE = 14 * 24 * 3600

_API_SALT = "kakehashi.api-token"
_SESSION_SALT = "kakehashi.session"


class NotAuthenticated(Exception):
    """No valid token or session: the API answers 401, pages redirect to the sign-in page."""

    def __init__(self, message: str = "sign-in required: send 'Authorization: Bearer <token>'") -> None:
        super().__init__(message)


def signer(settings: Settings, salt: str) -> URLSafeTimedSerializer:
    """Signs and checks values with the app's secret key; the salt keeps tokens of one purpose out of another."""
    if settings.secret_key == DEFAULT_SECRET and settings.environment != "test":
        # The default is public: anything signed with it can be forged. create_app swaps in the install's
        # own secret (AppContext.use_install_secret); reaching this means a path that skipped it.
        raise RuntimeError("refusing to sign with the public development secret outside tests")
    return URLSafeTimedSerializer(settings.secret_key, salt=salt)


class TokenClaims(NamedTuple):
    user_id: int
    session_version: int


def _claims(viewer: Viewer) -> dict[str, int]:
    return {"uid": viewer.user_id, "v": viewer.session_version}


def issue_api_token(viewer: Viewer, *, settings: Settings | None = None) -> str:
    """A bearer token for the JSON API, valid for API_TOKEN_MAX_AGE seconds (or until the password changes)."""
    return str(signer(settings or get_settings(), _API_SALT).dumps(_claims(viewer)))


def _read(settings: Settings, salt: str, token: str, max_age: int) -> TokenClaims:
    try:
        data = signer(settings, salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise NotAuthenticated("the token has expired; sign in again") from None
    except BadSignature:
        raise NotAuthenticated("the token is not valid; sign in again") from None
    uid = data.get("uid") if isinstance(data, dict) else None
    version = data.get("v", 0) if isinstance(data, dict) else None
    if not isinstance(uid, int) or not isinstance(version, int):
        raise NotAuthenticated("the token is not valid; sign in again")
    return TokenClaims(uid, version)


def read_api_token(token: str, *, settings: Settings | None = None) -> TokenClaims:
    """Who a valid, unexpired bearer token belongs to; NotAuthenticated otherwise."""
    return _read(settings or get_settings(), _API_SALT, token, API_TOKEN_MAX_AGE)


def read_session(request: Request, *, settings: Settings | None = None) -> TokenClaims | None:
    """Who the session cookie belongs to, or None when there is no valid session."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        return _read(settings or get_settings(), _SESSION_SALT, cookie, SESSION_MAX_AGE)
    except NotAuthenticated:
        return None


def login_session(response: Response, viewer: Viewer, *, settings: Settings | None = None) -> None:
    """Start a browser session: HttpOnly, SameSite=Lax, Secure when served over TLS."""
    settings = settings or get_settings()
    token = signer(settings, _SESSION_SALT).dumps(_claims(viewer))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def logout_session(response: Response, *, settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )
