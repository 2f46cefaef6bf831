"""Request and response schemas of the JSON API: `XCreate` / `XUpdate` / `XPublic`, lists as `{items, total}`.

Every text field has a maximum length, so an oversized payload is a clear 422, not a database error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, field_validator

from kakehashi.domain.search import FOUNDED_YEAR_MAX, FOUNDED_YEAR_MIN, FUNDING_USD_MAX

T = TypeVar("T")

# Paging and filter bounds of every list: a number past them is a clear 422, never a 64-bit overflow (500)
# in the database or the search index. Years and amounts come from the domain, which checks them too.
OFFSET_MAX = 100_000
YEAR_MIN, YEAR_MAX, FUNDING_MAX = FOUNDED_YEAR_MIN, FOUNDED_YEAR_MAX, FUNDING_USD_MAX


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


def _text_rules(schema: dict[str, Any]) -> None:
    from kakehashi.entrypoints.web.api.schemas.rules import describe_text

    describe_text(schema, trimmed=True)


class Input(BaseModel):
    """Base of every request body: unknown fields refused, text trimmed, NUL characters refused
    (PostgreSQL cannot store them, and no honest text contains one). The JSON schema says so too
    (a `pattern` on each string, see `rules.py`), so schema-valid bodies are accepted."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_text_rules)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("text must not contain NUL characters")
        return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class Message(BaseModel):
    detail: str


def _utc_iso(moment: datetime) -> str:
    # SQLite returns naive datetimes; every stored time is UTC, so say so on the wire.
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).isoformat()


def to_json(value: Any) -> Any:
    """Dataclasses (service views) to JSON-ready data with ISO 8601 UTC timestamps."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    return jsonable_encoder(value, custom_encoder={datetime: _utc_iso})
