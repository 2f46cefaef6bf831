"""Every /api/v1 operation says what it answers: a response model in the OpenAPI document, not an untyped dict."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import World

pytestmark = pytest.mark.integration


def _names_a_model(schema: dict[str, Any]) -> bool:
    """A component reference (an `XPublic`, a `Page[...]`), directly, as list items or in a union; or a file body."""
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        return _names_a_model(schema.get("items", {}))
    if schema.get("type") == "string":  # a file download (.ics, .xlsx, .csv, a page)
        return True
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return bool(options) and all(_names_a_model(option) for option in options)


def _declares_its_answer(operation: dict[str, Any]) -> bool:
    for code, response in operation.get("responses", {}).items():
        if code == "204":
            return True
        if code.startswith(("2", "3")):
            content = response.get("content") or {}
            if content and all(_names_a_model(media.get("schema", {})) for media in content.values()):
                return True
    return False


def test_every_api_operation_declares_a_response_model(sqlite_world: World) -> None:
    spec = sqlite_world.client.get("/api/v1/openapi.json").json()
    operations = [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        if path.startswith("/api/v1")
        for method, operation in item.items()
    ]

    untyped = sorted(
        f"{method} {path}" for method, path, operation in operations if not _declares_its_answer(operation)
    )

    assert len(operations) >= 50
    assert untyped == []
