"""`kakehashi insights`: capital by investor country and year under a counting rule, deals, cohorts and
series, as a table, JSON (--json) or a file (--out table.csv|.xlsx, chart.png|.svg)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable

from kakehashi.domain.insights import Attribution, CapitalQuery, DealKind, DealQuery, Dimension
from kakehashi.entrypoints.cli.common import app_context, cli_language, console, print_json, user_errors

if TYPE_CHECKING:
    from kakehashi.services.insights import Table

insights_app = typer.Typer(
    help="Who funds whom, from which country: capital, deals, cohorts and series.", no_args_is_help=True
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout")]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Write the table (.csv, .xlsx) or the chart (.png, .svg)")
]
FromOption = Annotated[int | None, typer.Option("--from", help="First year (announcement year)")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last year, included")]


def _show(table: Table, what: str, result: Any, *, out: Path | None, title: str) -> None:
    """Write the file asked for, or print the table with its note under it."""
    from kakehashi.services import insights

    if out is not None:
        with user_errors():
            if out.suffix.lower() in insights.CHART_SUFFIXES:
                from kakehashi.entrypoints.messages import translate
                from kakehashi.services import insight_chart_files
                from kakehashi.services.insight_texts import Words

                locale = cli_language()
                words = Words(locale, lambda message: translate(message, locale))
                insight_chart_files.write_chart(what, result, out, words)
            else:
                insights.write_table(table, out)
        console.print(f"wrote {out}", highlight=False)
        return
    shown = RichTable(title=title, title_justify="left")
    numeric = {"capital_usd", "rounds", "deals", "amount_usd", "total", "active", "acquired", "closed", "other",
               "value", "change_yoy"}  # fmt: skip
    for header in table.headers:
        shown.add_column(header, justify="right" if header in numeric else "left")
    for row in table.rows:
        shown.add_row(*(_cell(value) for value in row))
    console.print(shown)
    if table.note:
        console.print(table.note, highlight=False, soft_wrap=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


@insights_app.command("capital")
def capital_command(
    ctx: typer.Context,
    company_country: Annotated[
        str | None, typer.Option("--company-country", help="Country of the funded companies (ISO alpha-2)")
    ] = "IL",
    year_from: FromOption = None,
    year_to: ToOption = None,
    group_by: Annotated[
        list[Dimension] | None,
        typer.Option(
            "--group-by", help="investor_country, year, sector, investor, funding_type (repeatable)"
        ),
    ] = None,
    attribution: Annotated[
        Attribution, typer.Option("--attribution", help="Counting rule: participation, equal_split or lead")
    ] = Attribution.PARTICIPATION,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="Only companies in this sector")
    ] = None,
    funding_type: Annotated[
        list[str] | None,
        typer.Option("--funding-type", help="Only rounds of this type (seed, series_a, ...)"),
    ] = None,
    investor_country: Annotated[
        list[str] | None, typer.Option("--investor-country", help="Only credits to investors of this country")
    ] = None,
    as_json: JsonOption = False,
    out: OutOption = None,
) -> None:
    """Capital raised by companies of a country, by investor country and year (or sector, investor, type)."""
    from kakehashi.services import insights

    context = app_context(ctx)
    query = CapitalQuery(
        company_country=company_country,
        year_from=year_from,
        year_to=year_to,
        group_by=tuple(group_by or (Dimension.INVESTOR_COUNTRY, Dimension.YEAR)),
        attribution=attribution,
        sectors=tuple(sector or ()),
        funding_types=tuple(funding_type or ()),
        investor_countries=tuple(investor_country or ()),
    )
    with user_errors():
        result = insights.capital(context.uow(), None, query)
    if as_json:
        print_json(insights.capital_json(result))
        return
    _show(insights.capital_table(result), "capital", result, out=out, title=f"capital ({attribution})")


@insights_app.command("deals")
def deals_command(
    ctx: typer.Context,
    acquirer_country: Annotated[
        str | None, typer.Option("--acquirer-country", help="Country of the party that acts")
    ] = "JP",
    target_country: Annotated[
        str | None, typer.Option("--target-country", help="Country of the target or of the R&D centre")
    ] = "IL",
    year_from: FromOption = None,
    year_to: ToOption = None,
    kind: Annotated[list[DealKind] | None, typer.Option("--kind", help="Only this kind (repeatable)")] = None,
    as_json: JsonOption = False,
    out: OutOption = None,
) -> None:
    """Deals per year and kind (acquisitions, R&D centres, ...) between two countries."""
    from kakehashi.services import insights

    context = app_context(ctx)
    query = DealQuery(acquirer_country, target_country, year_from, year_to, tuple(kind or ()))
    with user_errors():
        rows = insights.deals(context.uow(), None, query)
    if as_json:
        print_json({"rows": [vars(row) for row in rows]})
        return
    _show(insights.deals_table(rows), "deals", rows, out=out, title="deals")


@insights_app.command("cohorts")
def cohorts_command(
    ctx: typer.Context,
    company_country: Annotated[str | None, typer.Option("--company-country")] = "IL",
    year_from: FromOption = None,
    year_to: ToOption = None,
    as_json: JsonOption = False,
    out: OutOption = None,
) -> None:
    """Of the startups founded each year, how many are active, acquired or closed now."""
    from kakehashi.services import insights

    context = app_context(ctx)
    with user_errors():
        rows = insights.cohorts(context.uow(), None, company_country, year_from, year_to)
    if as_json:
        print_json({"rows": [vars(row) for row in rows]})
        return
    _show(insights.cohorts_table(rows), "cohorts", rows, out=out, title="cohorts")


@insights_app.command("series")
def series_command(
    ctx: typer.Context,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Only this indicator")] = None,
    as_json: JsonOption = False,
    out: OutOption = None,
) -> None:
    """Imported time series with their change against a year earlier."""
    from kakehashi.services import insights

    context = app_context(ctx)
    with user_errors():
        points = insights.series(context.uow(), None, indicator)
    if as_json:
        print_json({"points": [vars(point) for point in points]})
        return
    _show(insights.series_table(points), "series", points, out=out, title="series")


def register(app: typer.Typer) -> None:
    app.add_typer(insights_app, name="insights")
