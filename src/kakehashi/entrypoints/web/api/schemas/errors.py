"""The error answers of /api/v1 as the OpenAPI document declares them (`web/errors.py` writes them).

Every error is JSON `{"detail": text}`; a domain error adds its English message id (`message_id`), and a
request that does not match the schema (400 for unreadable JSON, 422 otherwise) adds one entry per field in
`errors`. The answers below are declared on every operation by `api.declare_error_answers`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema


class ErrorPublic(BaseModel):
    """An error answer: what went wrong, in the reader's language, and the message id for programs."""

    detail: str = Field(description="what went wrong, as a sentence for people")
    message_id: str | SkipJsonSchema[None] = Field(
        default=None, description="the English message id of a domain error, for clients that translate"
    )


class FieldErrorPublic(BaseModel):
    """One field of the request that does not match the schema."""

    field: str = Field(description="dotted path of the field (empty for the whole body)")
    message: str
    type: str = Field(description="pydantic's error type, e.g. string_too_long, missing, json_invalid")


class ValidationErrorPublic(ErrorPublic):
    """A request that does not match the schema (or a value the service refuses: then without `errors`)."""

    errors: list[FieldErrorPublic] | SkipJsonSchema[None] = Field(
        default=None, description="one entry per field that does not match the schema"
    )


def _answer(model: type[BaseModel], description: str, **headers: str) -> dict[str, Any]:
    answer: dict[str, Any] = {"model": model, "description": description}
    if headers:
        answer["headers"] = {
            name: {"description": text, "schema": {"type": "string"}} for name, text in headers.items()
        }
    return answer


BAD_REQUEST = _answer(
    ValidationErrorPublic,
    "the request cannot be read (invalid JSON or UTF-8, a NUL character in the address)",
)
UNAUTHORIZED = _answer(
    ErrorPublic,
    "not signed in, or the token is not valid",
    **{"WWW-Authenticate": "Bearer"},
)
FORBIDDEN = _answer(
    ErrorPublic, "signed in but not allowed, or a cookie-authenticated change without CSRF token"
)
NOT_FOUND = _answer(ErrorPublic, "no such object, or one that belongs to another tenant")
CONFLICT = _answer(ErrorPublic, "a concurrent change won; nothing was saved")
TOO_LARGE = _answer(ErrorPublic, "the request body is too large")
INVALID = _answer(ValidationErrorPublic, "the input does not match the schema or is refused by the service")
TOO_MANY = _answer(
    ErrorPublic, "too many failed sign-ins or requests; try again later", **{"Retry-After": "seconds"}
)
UNAVAILABLE = _answer(
    ErrorPublic, "the database is unreachable or its schema is out of date", **{"Retry-After": "seconds"}
)
