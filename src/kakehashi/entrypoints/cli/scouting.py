"""CLI commands: scouting (search, index, needs, match, eval)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.search import FILTER_BOUNDS, SearchFilters, SearchMode, SearchResults
from kakehashi.entrypoints.cli.common import app_context, console, err_console, fail, print_json
from kakehashi.entrypoints.cli.common import search_errors as user_errors
from kakehashi.services.search import present_results

index_app = typer.Typer(help="The search index (derived from the database).", no_args_is_help=True)

# CLI syntax on top of SearchFilters.from_mapping: ranges (founded=2015..2020) and units (funding=1m..50m).
_RANGE_KEYS = {"founded": ("founded_from", "founded_to"), "funding": ("funding_min", "funding_max")}


def _number(key: str, text: str) -> int | None:
    text = text.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    multiplier = 1
    if text[-1].lower() in "km":
        multiplier = 1_000 if text[-1].lower() == "k" else 1_000_000
        text = text[:-1]
    try:
        return int(float(text) * multiplier)
    except ValueError:
        raise InvalidInput("filter {key}: {value} is not a number", key=key, value=text[:40]) from None


def parse_filters(items: list[str] | None) -> SearchFilters:
    """`key=value` pairs: kind/country/sector/technology/stage/status=a,b; founded=2015..2020; funding=1m.."""
    values: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or not value.strip():
            raise InvalidInput(
                "filter {item}: expected key=value, e.g. country=IL or founded=2015..2020", item=item[:60]
            )
        if key in _RANGE_KEYS:
            low_key, high_key = _RANGE_KEYS[key]
            low, dots, high = value.partition("..")
            if not dots:
                low, dots, high = value, "", value  # founded=2018 means that year exactly
            values[low_key] = _number(key, low)
            values[high_key] = _number(key, high)
        elif key in FILTER_BOUNDS:
            values[key] = _number(key, value)
        else:  # a list filter, repeatable (-f sector=a -f sector=b); unknown names are refused by the domain
            values[key] = [*values.get(key, []), value]
    return SearchFilters.from_mapping(values)


def results_payload(results: SearchResults, *, full: bool = True) -> dict[str, Any]:
    """The shared JSON shape of search (and match) results; `full=False` keeps id, name, score and why."""
    payload = present_results(results).as_dict()
    if not full:
        brief = [{key: hit[key] for key in ("id", "name", "score", "why")} for hit in payload["items"]]
        return {
            "query": payload["query"],
            "took_ms": payload["took_ms"],
            "total": payload["total"],
            "results": brief,
        }
    return payload


def _print_results(results: SearchResults) -> None:
    table = Table(title=f"{results.total} results for {results.query!r} ({results.took_ms:.1f} ms)")
    table.add_column("#", justify="right")
    table.add_column("id", justify="right")
    table.add_column("name")
    table.add_column("score", justify="right")
    table.add_column("why")
    for rank, hit in enumerate(results.hits, start=1):
        table.add_row(str(rank), str(hit.id), hit.name, f"{hit.score:.4f}", "; ".join(hit.why))
    console.print(table)
    if results.notice:
        err_console.print(f"note: {results.notice}")


def _mode(value: str) -> SearchMode:
    try:
        return SearchMode(value.lower())
    except ValueError:
        raise InvalidInput("--mode must be one of: bm25, lexical, embedding, hybrid") from None


def _ready_engine(ctx: typer.Context) -> Any:
    """The engine, with rows the index lacks indexed first and the encoder loaded before any timing."""
    from kakehashi.services.search import sync_index

    context = app_context(ctx)
    engine = context.search_engine
    changed = sync_index(context.uow(), engine)
    if changed:
        err_console.print(f"indexed {changed} organizations that the index lacked")
    engine.encode_query("warm up")  # loading the model is start-up cost, not the cost of a query
    return engine


def _batch(ctx: typer.Context, path: Path, limit: int, filters: SearchFilters, mode: SearchMode) -> None:
    from kakehashi.services.search import search_catalog

    context = app_context(ctx)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("cannot read {path}: {reason}", path=str(path), reason=str(exc)) from exc
    engine = _ready_engine(ctx)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError
        except ValueError:
            print_json({"line": number, "error": "not a JSON object"})
            continue
        qid = item.get("id", item.get("query_id", item.get("qid", number)))
        query = item.get("query", item.get("text", ""))
        started = time.perf_counter()
        results = search_catalog(
            context.uow(), engine, query=str(query), filters=filters, limit=limit, mode=mode
        )
        took = (time.perf_counter() - started) * 1000
        payload = results_payload(results, full=False)
        print_json({"id": qid, "took_ms": round(took, 3), "results": payload["results"]})
        sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def search(
        ctx: typer.Context,
        query: Annotated[str | None, typer.Argument(help="Words in Japanese or English")] = None,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)] = 10,
        offset: Annotated[int, typer.Option(min=0)] = 0,
        filter_: Annotated[
            list[str] | None,
            typer.Option(
                "--filter",
                "-f",
                help="key=value: kind, country, sector, technology, stage, "
                "status (comma lists); founded=2015..2020; funding=1m..50m",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON only")] = False,
        batch: Annotated[
            Path | None,
            typer.Option("--batch", help="JSONL file of {id, query}; one JSON line out per query"),
        ] = None,
        mode: Annotated[str, typer.Option(help="hybrid | bm25 | lexical | embedding")] = "hybrid",
    ) -> None:
        """Search startups and other organizations in Japanese or English, with reasons for each hit."""
        from kakehashi.services.search import search_catalog

        with user_errors():
            filters = parse_filters(filter_)
            search_mode = _mode(mode)
            if batch is not None:
                _batch(ctx, batch, limit, filters, search_mode)
                return
            if query is None:
                fail("give a query, or --batch FILE.jsonl")
            context = app_context(ctx)
            engine = _ready_engine(ctx)
            results = search_catalog(
                context.uow(),
                engine,
                query=query,
                filters=filters,
                limit=limit,
                offset=offset,
                mode=search_mode,
            )
        if as_json:
            print_json(results_payload(results))
        else:
            _print_results(results)

    @index_app.command("rebuild")
    def index_rebuild(ctx: typer.Context) -> None:
        """Rebuild the search index from the database (the source of truth)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from kakehashi.services.search import rebuild_index

        context = app_context(ctx)
        started = time.perf_counter()
        with (
            user_errors(),
            Progress(
                TextColumn("indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
            ) as progress,
        ):
            task = progress.add_task("index", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            count = rebuild_index(context.uow(), context.search_engine, progress=report)
        seconds = time.perf_counter() - started
        err_console.print(
            f"indexed {count} organizations in {seconds:.1f} s into {context.settings.index_dir}"
        )

    @index_app.command("status")
    def index_status(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """How many organizations the index holds."""
        context = app_context(ctx)
        with user_errors():
            count = context.search_engine.count()
        if as_json:
            print_json({"documents": count, "path": str(context.settings.index_dir)})
        else:
            console.print(f"{count} organizations indexed in {context.settings.index_dir}")

    app.add_typer(index_app, name="index")

    @app.command()
    def match(
        ctx: typer.Context,
        need_id: int,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200)] = 20,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Startups ranked for a need, with reasons (feedback on the need re-ranks them)."""
        from kakehashi.services.needs import SYSTEM, match_need

        context = app_context(ctx)
        with user_errors():
            engine = _ready_engine(ctx)
            results = match_need(context.uow(), engine, viewer=SYSTEM, need_id=need_id, limit=limit)
        if as_json:
            payload = results_payload(results)
            payload["need_id"] = need_id
            print_json(payload)
        else:
            _print_results(results)

    @app.command("eval")
    def evaluate_command(
        ctx: typer.Context,
        queries: Annotated[Path, typer.Argument(help="JSONL: {id, query, lang?} per line")],
        qrels: Annotated[
            Path, typer.Argument(help="JSON {query_id: {doc_id: grade}}, a list, or TREC qrels")
        ],
        mode: Annotated[str, typer.Option(help="hybrid | bm25 | lexical | embedding")] = "hybrid",
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """nDCG@10 and Recall@50 per query language on judged queries."""
        from kakehashi.services.evaluation import evaluate, read_qrels, read_queries

        context = app_context(ctx)
        with user_errors():
            search_mode = _mode(mode)
            query_list = read_queries(queries)
            judgements = read_qrels(qrels)
            engine = _ready_engine(ctx)
            report = evaluate(context.uow(), engine, queries=query_list, qrels=judgements, mode=search_mode)
        err_console.print(f"mode: {search_mode.value}; queries without judgements: {report.skipped_queries}")
        if report.unresolved_documents:
            err_console.print(
                f"note: {report.unresolved_documents} judged documents match no organization "
                "(by external id, id, name or domain)"
            )
        if as_json:
            # Exactly {"ja", "en", "all"}: the mode and counts of unmatched ids went to stderr above.
            print_json({lang: report.by_language[lang].as_dict() for lang in ("ja", "en", "all")})
            return
        table = Table(title=f"search quality ({search_mode.value})")
        for column in ("language", "queries", "nDCG@10", "Recall@50"):
            table.add_column(column)
        for lang in ("ja", "en", "all"):
            score = report.by_language.get(lang)
            if score is not None:
                table.add_row(
                    lang, str(score.queries), f"{score.ndcg_at_10:.4f}", f"{score.recall_at_50:.4f}"
                )
        console.print(table)
