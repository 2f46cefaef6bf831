"""Errors as words at the edge: a domain error's message id translated through the Babel catalogs.

Pages, the JSON API and the CLI all call `error_text`; the services never format user-facing text.
"""

from __future__ import annotations

import contextlib
import locale as _locale
import os
from typing import Any

from kakehashi.domain.errors import KakehashiError, Msg, render
from kakehashi.entrypoints.web import i18n


def _sentence(text: str) -> str:
    """Service messages are fragments ('a need needs a title'); a page or terminal shows a sentence."""
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?)。" else text + "."


def translate_params(params: dict[str, Any], locale: str) -> dict[str, Any]:
    """Parameters marked `Msg` (a rule name, a reason) are message ids themselves: translated as well."""
    return {
        name: i18n.translate(value, locale) if isinstance(value, Msg) else value
        for name, value in params.items()
    }


def message_text(msgid: str, params: dict[str, Any] | None, locale: str) -> str:
    """One message id with its parameters in the given locale, as a sentence."""
    translated = i18n.translate(msgid, locale)
    return _sentence(render(translated, translate_params(params or {}, locale)))


def error_text(exc: KakehashiError, locale: str) -> str:
    """A domain error in the user's language."""
    return message_text(exc.msgid, exc.params, locale)


def cli_locale(explicit: str | None = None) -> str:
    """`--lang`, else KAKEHASHI_LANG, else the process locale (LC_ALL, LC_MESSAGES, LANG): 'ja' or 'en'."""
    candidates = [explicit, os.environ.get("KAKEHASHI_LANG")]
    candidates += [os.environ.get(name) for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(AttributeError, ValueError):
        candidates.append(_locale.getlocale(_locale.LC_MESSAGES)[0])
    for candidate in candidates:
        if found := i18n.supported(candidate):
            return found
    return "en"
