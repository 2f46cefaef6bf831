"""Sign-in for API clients (bearer tokens) and browser sessions."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kakehashi.domain.access import Viewer
from kakehashi.entrypoints.web.api.schemas import Message, TokenRequest, TokenResponse, UserPublic
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep, client_ip
from kakehashi.entrypoints.web.security import (
    API_TOKEN_MAX_AGE,
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_token,
    issue_api_token,
    login_session,
    logout_session,
)
from kakehashi.services import accounts

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
def create_token(body: TokenRequest, request: Request, uow: UowDep, context: ContextDep) -> TokenResponse:
    """Exchange e-mail and password for a bearer token (throttled: too many failures answer 429)."""
    viewer = _authenticate(body, request, uow, context)
    return TokenResponse(
        access_token=issue_api_token(viewer, settings=context.settings), expires_in=API_TOKEN_MAX_AGE
    )


@router.post("/session", response_model=UserPublic)
def create_session(
    body: TokenRequest, request: Request, response: Response, uow: UowDep, context: ContextDep
) -> UserPublic:
    """Sign in a browser: sets the HttpOnly session cookie."""
    viewer = _authenticate(body, request, uow, context)
    login_session(response, viewer, settings=context.settings)
    return _public(accounts.get_user(context.uow(), user_id=viewer.user_id))


@router.post("/logout", response_model=Message)
def logout(response: Response, context: ContextDep) -> Message:
    """End the browser session (a form post: needs the CSRF token like every form)."""
    logout_session(response, settings=context.settings)
    return Message(detail="signed out")


@router.get("/csrf")
def get_csrf_token(request: Request) -> dict[str, str]:
    """A CSRF token for browser clients that send cookie-authenticated changes (header X-CSRF-Token)."""
    return {"csrf_token": csrf_token(request), "header": CSRF_HEADER, "field": CSRF_FIELD}


@router.get("/me", response_model=UserPublic)
def me(viewer: ViewerDep, uow: UowDep) -> UserPublic:
    """Who the token or session belongs to."""
    return _public(accounts.get_user(uow, user_id=viewer.user_id))


def _authenticate(body: TokenRequest, request: Request, uow: UowDep, context: ContextDep) -> Viewer:
    return accounts.authenticate(
        uow,
        email=body.email,
        password=body.password,
        ip=client_ip(request),
        max_failures=context.settings.login_max_failures,
        window_seconds=context.settings.login_window_seconds,
    )


def _public(user: accounts.UserInfo) -> UserPublic:
    return UserPublic(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=user.organization_id,
        organization_name=user.organization_name,
        organization_kind=user.organization_kind.value,
        role=user.role.value,
        locale=user.locale,
    )
