"""Shared CLI plumbing: the per-invocation context, JSON output and mapping errors to exit codes."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

from kakehashi.domain.errors import KakehashiError
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.context import AppContext

console = Console()
err_console = Console(stderr=True)

# When the `kakehashi` process started (set by main.run); None when commands are invoked in-process.
PROCESS_STARTED: float | None = None

EXIT_OK = 0
EXIT_PARTIAL = 1  # some rows rejected, the rest kept
EXIT_UNUSABLE = 2  # unusable input, nothing written


def process_age() -> float:
    """Seconds since this process started (Linux /proc; 0 where that cannot be read)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        return max(0.0, now - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def command_started() -> float:
    """time.monotonic() when the command began: the process start for `kakehashi ...`, else now."""
    return PROCESS_STARTED if PROCESS_STARTED is not None else time.monotonic()


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


def cli_language() -> str:
    """The language of CLI messages: `--lang`, else KAKEHASHI_LANG or the process locale ('ja' or 'en')."""
    return messages.cli_locale(LANGUAGE)


# Set by the root callback from the global `--lang`; None means "from the environment".
LANGUAGE: str | None = None


@contextmanager
def user_errors() -> Iterator[None]:
    """The one CLI error mapper: a domain error (a missing schema included) becomes one clear line in the
    user's language and exit code 2; never a traceback."""
    try:
        yield
    except KakehashiError as exc:
        language = cli_language()
        # English keeps the service's own wording (scripts match on it); other languages get the catalog's.
        fail(str(exc) if language == "en" else messages.error_text(exc, language), EXIT_UNUSABLE)


Registrar = Callable[[typer.Typer], None]


@contextmanager
def search_errors() -> Iterator[None]:
    """Domain errors and a broken index folder: one clear line each."""
    with user_errors():
        try:
            yield
        except (OSError, ValueError, RuntimeError) as exc:
            fail(f"search index problem: {exc}; 'kakehashi index rebuild' recreates it from the database")
