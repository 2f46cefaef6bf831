"""CLI commands: `kakehashi needs add / list / feedback / for-startup`, as administrator (the system actor);
each goes through the audited needs service like the API and the pages."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from kakehashi.domain.search import NeedConstraints, NeedSummary
from kakehashi.entrypoints.cli.common import app_context, console, err_console, print_json
from kakehashi.entrypoints.cli.common import search_errors as user_errors
from kakehashi.services import needs

needs_app = typer.Typer(help="Technology needs of corporations.", no_args_is_help=True)


def need_payload(need: NeedSummary) -> dict[str, Any]:
    return {
        "id": need.id,
        "title": need.title,
        "description": need.description,
        "language": need.language,
        "visibility": need.visibility,
        "organization_id": need.organization_id,
        "sectors": need.sectors,
        "technologies": need.technologies,
        "constraints": need.constraints,
    }


@needs_app.command("add")
def needs_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What the corporation looks for")],
    description: Annotated[str, typer.Option("--description", "-d")] = "",
    language: Annotated[str | None, typer.Option("--lang", help="ja | en (detected if left out)")] = None,
    open_call: Annotated[bool, typer.Option("--open", help="An open call that startups may see")] = False,
    organization: Annotated[int | None, typer.Option("--org", help="Owning organization id")] = None,
    sector: Annotated[list[str] | None, typer.Option("--sector")] = None,
    technology: Annotated[list[str] | None, typer.Option("--technology")] = None,
    stage: Annotated[list[str] | None, typer.Option("--stage")] = None,
    country: Annotated[list[str] | None, typer.Option("--country")] = None,
    founded_from: Annotated[int | None, typer.Option()] = None,
    founded_to: Annotated[int | None, typer.Option()] = None,
    funding_min: Annotated[int | None, typer.Option()] = None,
    funding_max: Annotated[int | None, typer.Option()] = None,
    japan_presence: Annotated[bool, typer.Option("--japan-presence")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record a technology need (as administrator on the command line)."""
    context = app_context(ctx)
    constraints = NeedConstraints(
        stages=tuple(s.lower() for s in stage or ()),
        countries=tuple(c.upper() for c in country or ()),
        founded_from=founded_from,
        founded_to=founded_to,
        funding_min=funding_min,
        funding_max=funding_max,
        japan_presence=japan_presence,
    )
    with user_errors():
        need = needs.create_need(
            context.uow(),
            viewer=needs.SYSTEM,
            title=title,
            description=description,
            language=language,
            visibility="open" if open_call else "private",
            sectors=sector or [],
            technologies=technology or [],
            constraints=constraints,
            organization_id=organization,
        )
    if as_json:
        print_json(need_payload(need))
    else:
        console.print(f"need {need.id} recorded: {need.title}")


@needs_app.command("list")
def needs_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List needs, newest first."""
    context = app_context(ctx)
    with user_errors():
        items, total = needs.list_needs(context.uow(), viewer=needs.SYSTEM, limit=limit, offset=offset)
    if as_json:
        print_json({"items": [need_payload(n) for n in items], "total": total})
        return
    table = Table(title=f"{total} needs")
    for column in ("id", "title", "lang", "visibility", "organization"):
        table.add_column(column)
    for need in items:
        table.add_row(
            str(need.id), need.title, need.language, need.visibility, str(need.organization_id or "")
        )
    console.print(table)


@needs_app.command("feedback")
def needs_feedback(
    ctx: typer.Context,
    need_id: int,
    organization_id: int,
    relevant: Annotated[bool, typer.Option("--relevant/--not-relevant")] = True,
) -> None:
    """Judge one matched startup; the need's next match list is re-ranked."""
    context = app_context(ctx)
    with user_errors():
        needs.judge_match(
            context.uow(),
            viewer=needs.SYSTEM,
            need_id=need_id,
            organization_id=organization_id,
            relevant=relevant,
        )
    err_console.print(f"feedback recorded for need {need_id}")


@needs_app.command("for-startup")
def needs_for(
    ctx: typer.Context,
    organization_id: int,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The needs a startup fits best."""
    context = app_context(ctx)
    with user_errors():
        fits = needs.needs_for_startup(
            context.uow(),
            context.search_engine,
            viewer=needs.SYSTEM,
            organization_id=organization_id,
            limit=limit,
        )
    if as_json:
        print_json({"items": [{**need_payload(f.need), "score": f.score, "why": f.why} for f in fits]})
        return
    for fit in fits:
        console.print(f"{fit.need.id}\t{fit.score:.3f}\t{fit.need.title}\t{'; '.join(fit.why)}")


def register(app: typer.Typer) -> None:
    """Add `kakehashi needs ...` to the root app."""
    app.add_typer(needs_app, name="needs")
