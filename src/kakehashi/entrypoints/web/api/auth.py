"""Sign-in for API clients (bearer tokens) and browser sessions."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kakehashi.domain.accounts import UserInfo
from kakehashi.entrypoints.web.api.schemas import Message
from kakehashi.entrypoints.web.api.schemas.auth import CsrfPublic, TokenRequest, TokenResponse, UserPublic
from kakehashi.entrypoints.web.deps import ContextDep, OptionalViewerDep, UowDep, ViewerDep, client_ip
from kakehashi.entrypoints.web.security import CSRF_FIELD, CSRF_HEADER, csrf_token
from kakehashi.entrypoints.web.sessions import (
    API_TOKEN_MAX_AGE,
    issue_api_token,
    login_session,
    logout_session,
)
from kakehashi.services import accounts

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
def create_token(body: TokenRequest, request: Request, uow: UowDep, context: ContextDep) -> TokenResponse:
    """Exchange e-mail and password for a bearer token (throttled: too many failures answer 429)."""
    user = _sign_in(body, request, uow, context)
    return TokenResponse(
        access_token=issue_api_token(user.viewer, settings=context.settings), expires_in=API_TOKEN_MAX_AGE
    )


@router.post("/session", response_model=UserPublic)
def create_session(
    body: TokenRequest, request: Request, response: Response, uow: UowDep, context: ContextDep
) -> UserPublic:
    """Sign in a browser: sets the HttpOnly session cookie."""
    user = _sign_in(body, request, uow, context)
    login_session(response, user.viewer, settings=context.settings)
    return UserPublic.of(user)


@router.post("/logout", response_model=Message)
def logout(response: Response, context: ContextDep, viewer: OptionalViewerDep) -> Message:
    """Sign out: the bearer token or session cookie (and every other one of this user) stops working at once
    (a cookie-authenticated call needs the CSRF token like every form)."""
    if viewer is not None:
        accounts.sign_out(context.uow(), viewer=viewer)
    logout_session(response, settings=context.settings)
    return Message(detail="signed out")


@router.get("/csrf", response_model=CsrfPublic)
def get_csrf_token(request: Request) -> CsrfPublic:
    """A CSRF token for browser clients that send cookie-authenticated changes (header X-CSRF-Token)."""
    return CsrfPublic(csrf_token=csrf_token(request), header=CSRF_HEADER, field=CSRF_FIELD)


@router.get("/me", response_model=UserPublic)
def me(viewer: ViewerDep, uow: UowDep) -> UserPublic:
    """Who the token or session belongs to."""
    return UserPublic.of(accounts.get_user(uow, user_id=viewer.user_id))


def _sign_in(body: TokenRequest, request: Request, uow: UowDep, context: ContextDep) -> UserInfo:
    return accounts.sign_in(
        uow,
        email=body.email,
        password=body.password,
        ip=client_ip(request),
        throttle=accounts.Throttle.of(context.settings),
    )
