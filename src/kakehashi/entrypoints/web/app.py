"""FastAPI application factory (HTML pages and /api/v1)."""

from __future__ import annotations

from fastapi import FastAPI

from kakehashi.entrypoints.context import AppContext


def create_app(context: AppContext | None = None) -> FastAPI:
    """Build the app around one AppContext (engine and indexes are created lazily, not at import)."""
    context = context or AppContext()
    app = FastAPI(
        title="Kakehashi", version="0.1.0", docs_url="/api/docs", openapi_url="/api/v1/openapi.json"
    )
    app.state.context = context

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
