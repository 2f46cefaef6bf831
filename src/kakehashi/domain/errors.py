"""Domain errors as message ids: `NotFound("need {need_id} not found", need_id=7)`.

The message id is the English sentence with named placeholders (gettext style), so the English text needs no
catalog; the entry points translate the id through the Babel catalogs and fill in the parameters
(`kakehashi.entrypoints.messages.error_text`). A service never formats a message itself.
"""

from __future__ import annotations

from typing import Any


class Msg(str):
    """A parameter that is itself a message id (a rule name, a reason): translated before it is filled in."""

    __slots__ = ()


class KakehashiError(Exception):
    """Base class for errors a user may see (never a traceback)."""

    default_msgid = "the request could not be carried out"

    def __init__(self, msgid: str | None = None, /, **params: Any) -> None:
        self.msgid = msgid or self.default_msgid
        self.params = params
        super().__init__(self.msgid)

    def __str__(self) -> str:
        """The English text: the message id with its parameters filled in."""
        return render(self.msgid, self.params)


def render(template: str, params: dict[str, Any]) -> str:
    """Fill `{name}` placeholders; a template with no parameters (or broken braces) is returned as it is."""
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


class NotFound(KakehashiError):
    """The object does not exist, or the caller may not know that it exists."""

    default_msgid = "there is no such page or object"


class InvalidInput(KakehashiError):
    """Input that cannot be used at all; nothing was changed."""

    default_msgid = "invalid input"


class PermissionDenied(KakehashiError):
    """The caller is known but may not do this."""

    default_msgid = "you may not do this"


class AuthenticationFailed(KakehashiError):
    """Unknown email, wrong password, inactive account or an invalid/expired token (one message for all)."""


class TooManyAttempts(KakehashiError):
    """Too many failed sign-ins for this email or address; try again later."""

    retry_after_seconds: int | None = None  # how long the caller must wait (HTTP Retry-After)


class SchemaOutOfDate(KakehashiError):
    """The database has no tables yet, or an older schema: raised by the database adapter, once."""

    default_msgid = "the database schema is missing or out of date: run 'kakehashi init' first"


class ServiceUnavailable(KakehashiError):
    """A component the request needs (database server, planner) cannot be reached right now."""

    default_msgid = "the database is not available right now; please retry in a moment"


class Conflict(KakehashiError):
    """Two changes raced for the same row; nothing was saved and a retry may succeed."""

    default_msgid = "this conflicts with a change made at the same moment; please retry"
