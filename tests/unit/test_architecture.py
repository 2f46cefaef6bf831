"""Rooms of a readable size, and a domain that needs nothing but the standard library (import-linter checks the
layers in `make lint`; these two rules are simpler to state as a walk over the source)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import kakehashi

pytestmark = pytest.mark.unit

PACKAGE = Path(kakehashi.__file__).parent
MAX_LINES = 700


def test_no_source_file_is_over_700_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }

    assert too_long == {}


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    outside: list[str] = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and not name.startswith("kakehashi.domain"):
                    outside.append(f"{path.relative_to(PACKAGE)}: {name}")

    assert outside == []
