"""The web edge's auth plumbing imports one way: security -> deps -> sessions, never back.

A cycle between `deps` and `security` used to hide behind a function-level import; the graph test reads every
import (function-level ones too), and the fresh-interpreter test catches an import that only works when
another module happened to be loaded first.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kakehashi

pytestmark = pytest.mark.unit

PACKAGE = Path(kakehashi.__file__).parent
AUTH_PLUMBING = (
    "kakehashi.entrypoints.web.deps",
    "kakehashi.entrypoints.web.security",
    "kakehashi.entrypoints.web.sessions",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """kakehashi module -> the kakehashi modules it imports anywhere in its body (lazy imports included)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                # `from kakehashi.entrypoints.web import security` imports a module, not a name.
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph.get(module, ()))
    return seen


@pytest.mark.parametrize("module", AUTH_PLUMBING)
def test_auth_plumbing_is_in_no_import_cycle(module: str) -> None:
    graph = _import_graph()

    assert module not in _reachable(graph, module)


def test_deps_does_not_import_security() -> None:
    graph = _import_graph()

    assert "kakehashi.entrypoints.web.security" not in _reachable(graph, "kakehashi.entrypoints.web.deps")


@pytest.mark.parametrize("module", AUTH_PLUMBING)
def test_each_module_imports_on_its_own_in_a_fresh_interpreter(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stderr
