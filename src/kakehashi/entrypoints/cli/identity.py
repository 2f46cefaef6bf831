"""`kakehashi identity`: one record per real company. Resolve (merge what is sure, queue the rest), review the
queue (accept or reject, remembered), undo a merge. Each command calls one service and then tells the search
index which organizations changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kakehashi.entrypoints.cli.common import app_context, console, print_json, user_errors

if TYPE_CHECKING:
    from kakehashi.domain.identity import IdentityRecord, MergeRecord, Suggestion

identity_app = typer.Typer(
    help="Find and merge records of the same company; review and undo.", no_args_is_help=True
)


def _merge_json(merge: MergeRecord) -> dict[str, Any]:
    return {
        "id": merge.id,
        "survivor": merge.survivor_id,
        "merged": merge.merged_id,
        "score": round(merge.score, 4),
        "reasons": list(merge.reasons),
        "moved": dict(merge.moved),
        "undone_at": merge.undone_at,
    }


def _record_json(record: IdentityRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "id": record.id,
        "name": record.name,
        "name_ja": record.name_ja,
        "name_en": record.name_en,
        "name_kana": record.name_kana,
        "country": record.country,
        "city": record.city,
        "domain": record.domain,
        "corporate_number": record.corporate_number,
        "source": record.source,
    }


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "id": suggestion.id,
        "a": suggestion.a,
        "b": suggestion.b,
        "score": round(suggestion.score, 4),
        "reasons": list(suggestion.reasons),
        "status": suggestion.status,
        "record_a": _record_json(suggestion.record_a),
        "record_b": _record_json(suggestion.record_b),
    }


@identity_app.command("resolve")
def resolve(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print {merged, suggested, clusters} as JSON")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be merged; change nothing")
    ] = False,
) -> None:
    """Merge organizations that are surely the same company; queue the others as suggestions."""
    from kakehashi.services import identity

    context = app_context(ctx)
    with user_errors():
        report = identity.resolve_identities(context.uow(), viewer=None, apply=not dry_run)
    context.catalog_changed(report.changed_ids)
    if as_json:
        print_json(
            {
                "merged": [_merge_json(m) for m in report.merged],
                "suggested": [_suggestion_json(s) for s in report.suggested],
                "clusters": [list(c) for c in report.clusters],
            }
        )
        return
    verb = "would merge" if dry_run else "merged"
    console.print(
        f"{verb} {len(report.merged)}, suggested {len(report.suggested)}, clusters {len(report.clusters)}",
        highlight=False,
    )


def _side(record: IdentityRecord | None) -> str:
    if record is None:
        return "(gone)"
    names = " / ".join(n for n in (record.name, record.name_ja, record.name_kana, record.name_en) if n)
    where = ", ".join(p for p in (record.city, record.prefecture, record.country) if p)
    extra = " ".join(x for x in (record.domain, record.corporate_number) if x)
    return "\n".join(part for part in (f"#{record.id} {names}", where, extra) if part)


@identity_app.command("review")
def review(
    ctx: typer.Context,
    accept: Annotated[int | None, typer.Option("--accept", help="Merge the pair of this suggestion")] = None,
    reject: Annotated[
        int | None, typer.Option("--reject", help="Two companies: never propose this pair again")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List pending suggestions side by side with their reasons; accept or reject one by id."""
    from kakehashi.services import identity

    context = app_context(ctx)
    if accept is not None:
        with user_errors():
            change = identity.accept_suggestion(context.uow(), viewer=None, suggestion_id=accept)
        context.catalog_changed(change.changed_ids)
        if as_json:
            print_json(_merge_json(change.merge))
        else:
            console.print(
                f"merge {change.merge.id}: #{change.merge.merged_id} merged into #{change.merge.survivor_id}",
                highlight=False,
            )
        return
    if reject is not None:
        with user_errors():
            identity.reject_suggestion(context.uow(), viewer=None, suggestion_id=reject)
        console.print(f"suggestion {reject} rejected: the pair will not be proposed again", highlight=False)
        return
    with user_errors():
        pending = identity.list_suggestions(context.uow(), viewer=None)
    if as_json:
        print_json([_suggestion_json(s) for s in pending])
        return
    table = Table("id", "score", "record A", "record B", "reasons")
    for suggestion in pending:
        table.add_row(
            str(suggestion.id),
            f"{suggestion.score:.2f}",
            _side(suggestion.record_a),
            _side(suggestion.record_b),
            "\n".join(suggestion.reasons),
        )
    console.print(table)


@identity_app.command("undo")
def undo(
    ctx: typer.Context,
    merge_id: Annotated[int, typer.Argument(help="Id of the merge to undo")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Restore a merged organization as it was, with everything the merge moved."""
    from kakehashi.services import identity

    context = app_context(ctx)
    with user_errors():
        change = identity.undo_merge(context.uow(), viewer=None, merge_id=merge_id)
    context.catalog_changed(change.changed_ids)
    if as_json:
        print_json(_merge_json(change.merge))
        return
    console.print(
        f"merge {merge_id} undone: #{change.merge.merged_id} is separate from #{change.merge.survivor_id} again",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(identity_app, name="identity")
