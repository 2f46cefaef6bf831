"""Domain errors as message ids: `NotFound("need {need_id} not found", need_id=7)`.

The message id is the English sentence with named placeholders (gettext style), so the English text needs no
catalog; the entry points translate the id through the Babel catalogs and fill in the parameters
(`kakehashi.entrypoints.messages.error_text`). A service never formats a message itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


class Msg(str):
    """A parameter that is itself a message id (a rule name, a reason): translated before it is filled in.

    A rule name (`travel_time`) reads in English as its words ("travel time")."""

    __slots__ = ()

    @property
    def english(self) -> str:
        return self.replace("_", " ") if self.isidentifier() else str(self)

    def __format__(self, spec: str) -> str:
        return format(self.english, spec)


COMMA = Msg(", ")  # between the items of a Listing unless it names another separator


class Phrase:
    """A parameter that is a message of its own, with parameters: `Phrase(Msg("{rule} in {count} slot(s)"),
    rule=Rule.TRAVEL_TIME.msg, count=2)`; the edge translates it, then fills it into the outer message."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        return render(self.msgid, self.params)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __repr__(self) -> str:
        return f"Phrase({self.msgid!r}, **{self.params!r})"


class Listing:
    """A parameter that lists phrases (or words, or names), joined by a separator that is a message id too."""

    __slots__ = ("items", "separator")

    def __init__(self, items: Iterable[Any], separator: str = COMMA) -> None:
        # A separator is a message id as well: COMMA reads "、" in Japanese.
        self.items = tuple(items)
        self.separator = Msg(separator)

    def __str__(self) -> str:
        return str(self.separator).join(_english(item) for item in self.items)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Listing) and (self.items, self.separator) == (other.items, other.separator)

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return f"Listing({list(self.items)!r}, {str(self.separator)!r})"


def _english(value: Any) -> str:
    return value.english if isinstance(value, Msg) else str(value)


def render_in(msgid: str, params: Mapping[str, Any], translate: Callable[[str], str]) -> str:
    """The message `msgid` translated by `translate` (a message id to the reader's text) and filled in; the
    parameters that are messages themselves (`Msg`, `Phrase`, `Listing`) are translated first, at any depth."""
    return render(translate(msgid), translated_params(params, translate))


def translated_params(params: Mapping[str, Any], translate: Callable[[str], str]) -> dict[str, Any]:
    """The parameters with every `Msg`, `Phrase` and `Listing` in the reader's language (others as they are)."""
    return {name: _translated(value, translate) for name, value in params.items()}


def _translated(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, Msg):
        text = translate(value)
        return value.english if text == value else text
    if isinstance(value, Phrase):
        return render_in(value.msgid, value.params, translate)
    if isinstance(value, Listing):
        return str(_translated(value.separator, translate)).join(
            str(_translated(item, translate)) for item in value.items
        )
    return value


def params_to_json(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as plain JSON that keeps what is a message: `{"msg": id}`, `{"msg": id, "params": {...}}`,
    `{"list": [...], "sep": id}`; `params_from_json` reads them back (plain values pass through)."""
    return {str(name): _to_json(value) for name, value in params.items()}


def _to_json(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": str(value)}
    if isinstance(value, Phrase):
        return {"msg": value.msgid, "params": params_to_json(value.params)}
    if isinstance(value, Listing):
        return {"list": [_to_json(item) for item in value.items], "sep": str(value.separator)}
    return value


def params_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(name): _from_json(value) for name, value in data.items()}


def _from_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        if isinstance(value.get("msg"), str):
            inner = value.get("params")
            if isinstance(inner, Mapping):
                return Phrase(value["msg"], **params_from_json(inner))
            return Msg(value["msg"])
        if isinstance(value.get("list"), list):
            return Listing((_from_json(item) for item in value["list"]), str(value.get("sep", ", ")))
    return value


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


def render(template: str, params: Mapping[str, Any]) -> str:
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


class RateLimited(TooManyAttempts):
    """Too many requests of one kind (search, matches, planner runs) from one user in the current window."""

    default_msgid = "too many requests; please wait {seconds} seconds and try again"


class SchemaOutOfDate(KakehashiError):
    """The database has no tables yet, or an older schema: raised by the database adapter, once."""

    default_msgid = "the database schema is missing or out of date: run 'kakehashi init' first"


class ServiceUnavailable(KakehashiError):
    """A component the request needs (database server, planner) cannot be reached right now."""

    default_msgid = "the database is not available right now; please retry in a moment"


class StorageFull(ServiceUnavailable):
    """The data folder (search index) has no space left; the database, the source of truth, is unaffected."""

    default_msgid = (
        "the search index could not be updated because the data folder is full; "
        "what was saved is kept and becomes searchable once space is freed"
    )


class Conflict(KakehashiError):
    """Two changes raced for the same row; nothing was saved and a retry may succeed."""

    default_msgid = "this conflicts with a change made at the same moment; please retry"
