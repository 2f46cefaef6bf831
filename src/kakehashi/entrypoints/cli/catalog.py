"""CLI commands: catalog (import, export, stats, demo data, synthetic data)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kakehashi.domain.errors import render, render_in
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    app_context,
    cli_language,
    console,
    err_console,
    print_json,
    user_errors,
)
from kakehashi.entrypoints.context import AppContext

if TYPE_CHECKING:
    from kakehashi.services.catalog import ImportReport

import_app = typer.Typer(
    help="Import companies, funding rounds, deals or time series from CSV, XLSX or JSONL.",
    no_args_is_help=True,
)
export_app = typer.Typer(help="Export the catalogue to CSV, XLSX or JSONL.", no_args_is_help=True)
demo_app = typer.Typer(help="Fictional demo data (marked as demo).", no_args_is_help=True)
generate_app = typer.Typer(help="Deterministic synthetic data for scale tests.", no_args_is_help=True)

SHOWN_ERRORS = 10

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout")]
FileArgument = Annotated[Path, typer.Argument(help="CSV, TSV, XLSX or JSONL file")]
MappingOption = Annotated[
    Path | None, typer.Option("--mapping", help='JSON file {"Column in file": "field"} overriding the guess')
]
SourceOption = Annotated[str | None, typer.Option("--source", help="Name of the source (default: file name)")]


def _notify(context: AppContext) -> Callable[[Sequence[int]], None]:
    """For the demo load: a failed index update after its commit is a warning line (rebuild fixes it)."""

    def after_commit(ids: Sequence[int]) -> None:
        try:
            context.catalog_changed(ids)
        except Exception as exc:  # the data is committed; a stale index is rebuilt later, never fatal
            err_console.print(f"[yellow]warning:[/] search index not updated: {exc}", highlight=False)

    return after_commit


def _message(msgid: str, params: Mapping[str, Any]) -> str:
    """A row problem in the CLI's language; English keeps the importer's own wording (scripts match on it)."""
    language = cli_language()
    if language == "en":
        return render(msgid, params)
    return render_in(msgid, params, partial(messages.translate, locale=language))


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on stderr for interactive runs; nothing when piped or with --json."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


def _report(
    report: ImportReport, *, as_json: bool, file_name: str, linked: dict[str, int] | None = None
) -> None:
    """Print what the import did; exit 0 when there is nothing to report, 1 when rows were rejected, values
    not understood or the search index left behind (each named). An unusable file exits 2 before this."""
    if as_json:
        payload = report.to_dict(_message)
        if linked is not None:
            payload["identity"] = linked
        print_json(payload)
    else:
        summary = (
            f"{file_name}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.rejected} rejected"
        )
        if report.warnings:
            count = len(report.warnings)
            summary += f", {count} {'warning' if count == 1 else 'warnings'} (values left empty or cut)"
        if report.duplicates:
            summary += f" ({report.duplicates} duplicate rows merged)"
        if report.organizations_created:
            summary += f"; {report.organizations_created} companies or investors added"
        console.print(summary, highlight=False, soft_wrap=True)
        if linked is not None:
            console.print(
                f"linked to the catalogue: {linked['merged']} merged, {linked['suggested']} suggested "
                "(review them with 'kakehashi identity review')",
                highlight=False,
            )
        if report.ignored_columns:
            shown = ", ".join(f"'{c}'" for c in report.ignored_columns[:12])
            console.print(f"columns not used: {shown} (map them with --mapping)", highlight=False)
        problems = [*report.errors, *report.warnings]
        for problem in problems[:SHOWN_ERRORS]:
            line = f"row {problem.row}, column '{problem.column}': {_message(problem.msgid, problem.params)}"
            err_console.print(line, highlight=False, soft_wrap=True, markup=False)
        if len(problems) > SHOWN_ERRORS:
            err_console.print(f"... and {len(problems) - SHOWN_ERRORS} more (use --json for all)")
    if report.index_error is not None:
        err_console.print(
            f"warning: the rows are saved but the search index was not updated ({report.index_error}); "
            "run 'kakehashi index rebuild'",
            highlight=False,
            markup=False,
        )
    raise typer.Exit(EXIT_OK if report.clean else EXIT_PARTIAL)


@import_app.command("companies")
def import_companies_command(
    ctx: typer.Context,
    file: FileArgument,
    mapping: MappingOption = None,
    source: SourceOption = None,
    kind: Annotated[
        str, typer.Option(help="Kind for rows without one: startup, corporation, investor")
    ] = "startup",
    as_json: JsonOption = False,
    link: Annotated[
        bool,
        typer.Option(
            "--link",
            help="Then link the imported companies to the rest of the catalogue (identity resolution for "
            "these rows only): sure matches merged, the rest queued for 'kakehashi identity review'",
        ),
    ] = False,
) -> None:
    """Import companies; exit 0 if all is well, 1 if rows were rejected (no name) or values not understood
    (each named: --json lists them as warnings), 2 if the file is unusable (nothing written)."""
    from kakehashi.domain.errors import InvalidInput
    from kakehashi.domain.organizations import OrganizationKind
    from kakehashi.services.catalog import import_companies_file

    context = app_context(ctx)
    with user_errors(), _progress(not as_json) as progress:
        try:
            default_kind = OrganizationKind(kind)
        except ValueError:
            raise InvalidInput(
                "--kind must be one of {kinds}", kinds=", ".join(k.value for k in OrganizationKind)
            ) from None
        report = import_companies_file(
            context.uow(),
            path=file,
            mapping_path=mapping,
            source=source,
            default_kind=default_kind,
            progress=progress,
            after_commit=context.catalog_changed,  # the import retries it and reports a failure
        )
        linked = None
        if link and report.changed_ids:
            from kakehashi.services import identity

            resolution = identity.resolve_identities(context.uow(), viewer=None, new_ids=report.changed_ids)
            context.catalog_changed(resolution.changed_ids)
            linked = {"merged": len(resolution.merged), "suggested": len(resolution.suggested)}
    _report(report, as_json=as_json, file_name=file.name, linked=linked)


@import_app.command("rounds")
def import_rounds_command(
    ctx: typer.Context,
    file: FileArgument,
    mapping: MappingOption = None,
    source: SourceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import funding rounds (company, date, type, amount, currency, investors and their countries)."""
    from kakehashi.services.catalog import import_rounds_file

    context = app_context(ctx)
    with user_errors():
        report = import_rounds_file(
            context.uow(),
            path=file,
            mapping_path=mapping,
            source=source,
            after_commit=context.catalog_changed,
        )
    _report(report, as_json=as_json, file_name=file.name)


@import_app.command("deals")
def import_deals_command(
    ctx: typer.Context, file: FileArgument, source: SourceOption = None, as_json: JsonOption = False
) -> None:
    """Import deals: date, kind, parties by role (acquirer, target, investor, partner, host), amount, currency."""
    from kakehashi.services.insights import import_deals_file

    context = app_context(ctx)
    with user_errors():
        report = import_deals_file(
            context.uow(), path=file, source=source, after_commit=context.catalog_changed
        )
    _report(report, as_json=as_json, file_name=file.name)


@import_app.command("series")
def import_series_command(
    ctx: typer.Context, file: FileArgument, source: SourceOption = None, as_json: JsonOption = False
) -> None:
    """Import a time series: period (year or month), indicator, value, unit, source."""
    from kakehashi.services.insights import import_series_file

    context = app_context(ctx)
    with user_errors():
        report = import_series_file(context.uow(), path=file, source=source)
    _report(report, as_json=as_json, file_name=file.name)


@export_app.command("companies")
def export_companies_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Output file: .csv (UTF-8 with BOM), .tsv, .xlsx or .jsonl")],
    kind: Annotated[str | None, typer.Option(help="Only this kind: startup, corporation, investor")] = None,
    as_json: JsonOption = False,
) -> None:
    """Export the catalogue (name, description, sectors, funding, ...) in a format the importer reads back."""
    from kakehashi.services.catalog import export_companies

    context = app_context(ctx)
    with user_errors():
        count = export_companies(context.uow(), path=file, kind=kind)
    if as_json:
        print_json({"exported": count, "file": str(file)})
    else:
        console.print(f"exported {count} organizations to {file}", highlight=False)


def stats_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Catalogue counts: organizations by kind, country and sector; rounds, deals, imports."""
    from kakehashi.services.catalog import catalog_stats

    context = app_context(ctx)
    with user_errors():
        stats = catalog_stats(context.uow())
    if as_json:
        print_json(stats.to_dict())
        return
    from rich.table import Table

    console.print(
        f"organizations: {stats.organizations} ({stats.demo_organizations} demo)  funding rounds: "
        f"{stats.funding_rounds}  deals: {stats.deals}  import batches: {stats.import_batches}",
        highlight=False,
    )
    for title, counts in (
        ("kind", stats.by_kind),
        ("country", stats.by_country),
        ("sector", stats.by_sector),
    ):
        if counts:
            table = Table(title=f"by {title}", show_header=False, title_justify="left")
            for label, count in counts.items():
                table.add_row(label, str(count))
            console.print(table)


@demo_app.command("load")
def demo_load_command(
    ctx: typer.Context,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Load only when the catalogue has no organizations")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Load the fictional demo catalogue (Israeli startups, Japanese corporations, rounds, deals)."""
    from kakehashi.services.demo import load_demo

    context = app_context(ctx)
    with user_errors():
        report = load_demo(context.uow(), if_empty=if_empty, after_commit=_notify(context))
    if as_json:
        print_json(report.to_dict())
        return
    if report.skipped:
        console.print("demo data not loaded: the catalogue already has organizations", highlight=False)
        return
    console.print(
        f"demo data loaded (fictional, marked as demo): {report.startups} startups, {report.corporations} "
        f"corporations, {report.investors} investors, {report.rounds} funding rounds, {report.deals} deals",
        highlight=False,
    )
    if report.logins:
        from kakehashi.entrypoints.cli.admin import print_demo_logins

        print_demo_logins(report.logins)


@generate_app.command("companies")
def generate_companies_command(
    count: Annotated[int, typer.Option("--count", min=0, help="How many companies")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv, .tsv, .xlsx or .jsonl")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same companies")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Write deterministic synthetic startups (English and some Japanese descriptions) for scale tests."""
    from kakehashi.services.catalog import generate_companies_file

    with user_errors():
        written = generate_companies_file(path=out, count=count, seed=seed)
    if as_json:
        print_json({"generated": written, "file": str(out), "seed": seed})
    else:
        console.print(f"wrote {written} synthetic companies to {out}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    app.add_typer(demo_app, name="demo")
    app.add_typer(generate_app, name="generate")
    app.command("stats")(stats_command)
