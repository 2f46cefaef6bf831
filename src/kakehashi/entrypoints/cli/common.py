"""Shared CLI plumbing: the per-invocation context, JSON output and mapping errors to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

from kakehashi.domain.errors import InvalidInput, KakehashiError, NotFound
from kakehashi.entrypoints.context import AppContext

console = Console()
err_console = Console(stderr=True)

EXIT_OK = 0
EXIT_PARTIAL = 1  # some rows rejected, the rest kept
EXIT_UNUSABLE = 2  # unusable input, nothing written


def app_context(ctx: typer.Context) -> AppContext:
    """The AppContext built by the root callback (honours the global --db)."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = AppContext()
    assert isinstance(root.obj, AppContext)
    return root.obj


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn domain errors into one clear line and an exit code; never a traceback."""
    try:
        yield
    except NotFound as exc:
        fail(str(exc) or "not found", EXIT_UNUSABLE)
    except (InvalidInput, KakehashiError) as exc:
        fail(str(exc), EXIT_UNUSABLE)


Registrar = Callable[[typer.Typer], None]
