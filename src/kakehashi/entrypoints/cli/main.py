"""`kakehashi` command line: each command parses input, calls one service and prints the result."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from kakehashi.entrypoints.cli import (
    admin,
    catalog,
    common,
    identity,
    insights,
    jobs,
    needs,
    planning,
    scouting,
    sharing,
)
from kakehashi.entrypoints.cli.common import app_context, console, user_errors
from kakehashi.entrypoints.context import AppContext

app = typer.Typer(
    name="kakehashi",
    help="Kakehashi (架け橋): scouting, matching and delegations between Japan and Israel.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: KAKEHASHI_DATABASE_URL or SQLite in ./var)"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of messages: ja or en (default: KAKEHASHI_LANG or the locale)"),
    ] = None,
) -> None:
    common.LANGUAGE = lang
    ctx.obj = AppContext(database_url=db)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create or upgrade the database schema."""
    context = app_context(ctx)
    with user_errors():
        where = context.upgrade_schema()
    console.print(f"database ready: {where}")


# Longer than clients' pauses between requests and than common proxies' upstream idle timeouts (60 s).
KEEP_ALIVE_SECONDS = 75


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port (PORT overrides)")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, envvar="KAKEHASHI_WORKERS", help="Web worker processes sharing the port")
    ] = 1,
) -> None:
    """Serve the web app."""
    import os

    import uvicorn

    from kakehashi.entrypoints.web.app import create_app

    context = app_context(ctx)
    # Whatever the environment, a server signs with KAKEHASHI_SECRET_KEY or the install's own random
    # secret (data folder, 0600), never the public development default.
    context.use_install_secret()
    console.print(f"Kakehashi on http://{host}:{port}" + (f" ({workers} workers)" if workers > 1 else ""))
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from any local peer as the client;
    # the app reads it itself, only from KAKEHASHI_TRUSTED_PROXIES (web.deps.client_ip).
    # timeout_keep_alive: uvicorn's default (5 s) is shorter than a person's pause between pages, so a
    # browser or proxy reusing its connection raced the close and got "connection reset" (bench_load.py).
    if workers == 1:
        uvicorn.run(
            create_app(context),
            host=host,
            port=port,
            log_level="info",
            proxy_headers=False,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        return
    # Worker processes build their own app from the environment: hand them the database chosen with --db
    # and the one signing secret, so a cookie or CSRF token issued by one worker is valid in every other.
    os.environ["KAKEHASHI_DATABASE_URL"] = context.database_url or context.settings.resolved_database_url
    os.environ["KAKEHASHI_SECRET_KEY"] = context.settings.secret_key
    uvicorn.run(
        "kakehashi.entrypoints.web.app:create_app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=False,
        # uvicorn restarts a worker that does not answer its health check in time (5 s by default): a worker
        # starting (the sentence encoder loads) or saturated by a burst of sign-ins (argon2) is alive, and
        # killing it only makes the next one load everything again.
        timeout_worker_healthcheck=60,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


for module in (catalog, scouting, needs, planning, admin, sharing, identity, jobs, insights):
    module.register(app)


def run() -> None:
    """The `kakehashi` console script: note when the process started (time limits count from it), then run."""
    common.PROCESS_STARTED = time.monotonic() - common.process_age()
    app()


if __name__ == "__main__":
    run()
