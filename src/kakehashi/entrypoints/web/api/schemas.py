"""Request and response schemas of the JSON API: `XCreate` / `XUpdate` / `XPublic`, lists as `{items, total}`.

Every text field has a maximum length, so an oversized payload is a clear 422, not a database error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class UserPublic(BaseModel):
    id: int
    email: str
    display_name: str
    organization_id: int
    organization_name: str
    organization_kind: str
    role: str
    locale: str


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
