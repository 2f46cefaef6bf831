"""FastAPI dependencies as Annotated aliases: the app context, a unit of work, the search engine, the viewer.

Tokens and cookies are read through `sessions`; this module never imports `security` (which imports it).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import AuthenticationFailed
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.sessions import NotAuthenticated, TokenClaims, read_api_token, read_session
from kakehashi.services import accounts
from kakehashi.services.jobs import JobQueue
from kakehashi.services.search import SearchEngine  # the type the search services take
from kakehashi.services.unit_of_work import UnitOfWork


def get_context(request: Request) -> AppContext:
    context = request.app.state.context
    assert isinstance(context, AppContext)
    return context


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_uow(context: ContextDep) -> UnitOfWork:
    return context.uow()


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


def get_search_engine(context: ContextDep) -> SearchEngine:
    """The process's search engine (opened lazily by the context, shared by all requests)."""
    return context.search_engine


SearchEngineDep = Annotated[SearchEngine, Depends(get_search_engine)]


def get_job_queue(context: ContextDep) -> JobQueue:
    """The queue that carries job ids to the workers (huey; jobs run inside the request in immediate mode)."""
    return context.job_queue


JobQueueDep = Annotated[JobQueue, Depends(get_job_queue)]


def client_ip(request: Request) -> str:
    """The client's address for sign-in throttling: the peer, or, when the peer is one of the configured
    trusted proxies (KAKEHASHI_TRUSTED_PROXIES), the nearest X-Forwarded-For hop that is not one of them.
    Any other client's X-Forwarded-For is ignored: it is whatever the client chose to write."""
    peer = request.client.host if request.client else ""
    proxies = get_context(request).settings.trusted_proxy_networks
    if not proxies or not _within(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):  # each proxy appends the address it received from; read from our side
        if not _within(hop, proxies):
            return hop if _address(hop) is not None else peer
    return hops[0] if hops else peer


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text)
    except ValueError:
        return None


def _within(text: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)


# Declares the bearer scheme in the OpenAPI document (Swagger's "Authorize"); the header is read below.
_bearer_scheme = HTTPBearer(auto_error=False, description="token from POST /api/v1/auth/token")


def get_optional_viewer(
    request: Request,
    context: ContextDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)] = None,
) -> Viewer | None:
    """The signed-in viewer from a bearer token (API) or the session cookie (pages); None when anonymous.

    A bearer token that is present but invalid is an error (401), not anonymity, so API clients notice.
    """
    if hasattr(request.state, "viewer"):
        cached: Viewer | None = request.state.viewer
        return cached
    authorization = request.headers.get("authorization", "")
    claims: TokenClaims | None
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("use 'Authorization: Bearer <token>' from POST /api/v1/auth/token")
        claims = read_api_token(token.strip(), settings=context.settings)
    else:
        claims = read_session(request, settings=context.settings)
    viewer: Viewer | None = None
    if claims is not None:
        try:
            viewer = accounts.viewer_for_user(
                context.uow(), user_id=claims.user_id, session_version=claims.session_version
            )
        except AuthenticationFailed:
            if authorization:
                raise NotAuthenticated(
                    "this token is no longer valid (password changed or account deactivated); sign in again"
                ) from None
            viewer = None
    request.state.viewer = viewer
    return viewer


OptionalViewerDep = Annotated[Viewer | None, Depends(get_optional_viewer)]


def get_viewer(viewer: OptionalViewerDep) -> Viewer:
    """The signed-in viewer; 401 (API) or a redirect to the sign-in page (pages) when anonymous."""
    if viewer is None:
        raise NotAuthenticated()
    return viewer


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def viewer_from_request(request: Request) -> Viewer | None:
    """The signed-in viewer (bearer token or session cookie) or None, outside FastAPI's injection (pages)."""
    return get_optional_viewer(request, get_context(request))
