"""Text rules the server enforces outside pydantic's constraints, written into the OpenAPI document.

- No text anywhere may contain NUL: the security middleware refuses it in the address (400) and `Input`
  refuses it in bodies (422).
- Request bodies are trimmed before their length is checked (`str_strip_whitespace`), so a `minLength` holds
  for the trimmed text: `" X"` is one character, not two.

Both become a `pattern` on each string of a request body (`Input`'s JSON schema) and on each string
parameter of every /api operation, so that what the document calls valid the server accepts.
"""

from __future__ import annotations

from typing import Any

NO_NUL = "^[^\\u0000]*$"


def trimmed_text(min_length: int) -> str:
    """A pattern for text without NUL whose trimmed length is at least `min_length` (1 or more)."""
    if min_length <= 1:
        return "^\\s*[^\\s\\u0000][^\\u0000]*$"
    middle = "[^\\u0000]" + ("*" if min_length == 2 else f"{{{min_length - 2},}}")
    return f"^\\s*[^\\s\\u0000]{middle}[^\\s\\u0000]\\s*$"


def describe_text(schema: dict[str, Any], *, trimmed: bool) -> None:
    """Add the text rules to every string of a JSON schema (properties, items, unions), in place."""
    free_text = not any(key in schema for key in ("enum", "const", "pattern", "format"))
    if schema.get("type") == "string" and free_text:
        minimum = int(schema.get("minLength", 0))
        schema["pattern"] = trimmed_text(minimum) if trimmed and minimum > 0 else NO_NUL
    if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        schema.setdefault("propertyNames", {"pattern": NO_NUL})  # dict keys are checked for NUL too
    for key in ("properties", "$defs"):
        for child in (schema.get(key) or {}).values():
            if isinstance(child, dict):
                describe_text(child, trimmed=trimmed)
    for key in ("items", "additionalProperties"):
        child = schema.get(key)
        if isinstance(child, dict):
            describe_text(child, trimmed=trimmed)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in schema.get(key) or []:
            if isinstance(child, dict):
                describe_text(child, trimmed=trimmed)


def describe_parameters(openapi: dict[str, Any], *, prefix: str = "/api/") -> dict[str, Any]:
    """Add the NUL rule to every string parameter of the operations under `prefix`, in place."""
    for path, operations in openapi.get("paths", {}).items():
        if not path.startswith(prefix):
            continue
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if isinstance(parameter.get("schema"), dict):
                    describe_text(parameter["schema"], trimmed=False)
    return openapi
