"""FastAPI application factory (HTML pages and /api/v1)."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.api import api_router, mount_api_docs
from kakehashi.entrypoints.web.background import lifespan
from kakehashi.entrypoints.web.errors import register_error_handlers
from kakehashi.entrypoints.web.follower import with_search_follower
from kakehashi.entrypoints.web.pages import mount_pages
from kakehashi.entrypoints.web.security import SecurityMiddleware, csrf_protect


def create_app(context: AppContext | None = None) -> FastAPI:
    """Build the app around one AppContext (engine and indexes are created lazily, not at import)."""
    context = context or AppContext()
    if context.settings.environment != "test":
        # Never serve on the public development secret: anyone could forge a token for any user.
        context.use_install_secret()
    app = FastAPI(
        title="Kakehashi",
        version="0.1.0",
        docs_url=None,  # served from vendored Swagger UI files by mount_api_docs
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        dependencies=[Depends(csrf_protect)],  # every cookie-authenticated form/request needs a CSRF token
        # background housekeeping (request expiry, saved-search alerts) and the search index follower
        lifespan=with_search_follower(lifespan),
    )
    app.state.context = context
    app.add_middleware(SecurityMiddleware, secure_cookies=context.settings.secure_cookies)
    register_error_handlers(app)
    app.include_router(api_router, prefix="/api/v1")
    mount_api_docs(app)
    mount_pages(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        # search: "ready" once this worker's index follows the database, "starting" while it is built at
        # start, "off" when the follower is disabled (a load balancer may wait for "ready").
        follower = getattr(app.state, "search_follower", None)
        search = "off" if follower is None else "ready" if follower.ready.is_set() else "starting"
        return {"status": "ok", "search": search}

    return app


def create_app_from_environment() -> FastAPI:
    """The app of one worker of `kakehashi serve --workers N` (uvicorn calls it in each worker process);
    everything comes from KAKEHASHI_* variables, which the serve command sets for the database and secret."""
    return create_app(AppContext())
