"""Request and response schemas of the JSON API: `XCreate` / `XUpdate` / `XPublic`, lists as `{items, total}`.

Every text field has a maximum length, so an oversized payload is a clear 422, not a database error.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

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


def as_dict(value: Any) -> dict[str, Any]:
    """Dataclass or mapping to a plain dict (services return dataclasses)."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, dict):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")
