"""CLI commands for the organizer scope: record or withdraw an organization's consent that an organizer
organization reads its private data (for installs where the consent was given outside the app)."""

from __future__ import annotations

from typing import Annotated

import typer

from kakehashi.entrypoints.cli.common import app_context, console, user_errors

sharing_app = typer.Typer(
    help="Which organizer organizations may read an organization's private data.", no_args_is_help=True
)


def _set(ctx: typer.Context, organization_id: int, organizer_id: int, *, shared: bool) -> None:
    from kakehashi.services import sharing

    context = app_context(ctx)
    with user_errors():
        changed = sharing.set_sharing(
            context.uow(),
            organization_id=organization_id,
            organizer_organization_id=organizer_id,
            shared=shared,
        )
    verb = "shares" if shared else "no longer shares"
    note = "" if changed else " (unchanged)"
    console.print(
        f"organization {organization_id} {verb} its data with organizer {organizer_id}{note}", highlight=False
    )


@sharing_app.command("add")
def add(
    ctx: typer.Context,
    organization_id: Annotated[int, typer.Argument(help="Id of the sharing organization")],
    organizer_id: Annotated[int, typer.Argument(help="Id of the organizer organization")],
) -> None:
    """Let an organizer organization read an organization's needs, shortlists, notes and requests."""
    _set(ctx, organization_id, organizer_id, shared=True)


@sharing_app.command("remove")
def remove(
    ctx: typer.Context,
    organization_id: Annotated[int, typer.Argument(help="Id of the sharing organization")],
    organizer_id: Annotated[int, typer.Argument(help="Id of the organizer organization")],
) -> None:
    """Withdraw that share."""
    _set(ctx, organization_id, organizer_id, shared=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(sharing_app, name="sharing")
