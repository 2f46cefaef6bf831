"""Words at the edge: the Babel catalogs, and a domain error's message id translated through them.

Pages, the JSON API and the CLI all call `error_text`; the services never format user-facing text. The web's
locale negotiation and formatting live in `entrypoints.web.i18n`, which reads its catalogs from here.
"""

from __future__ import annotations

import contextlib
import io
import locale as _locale
import os
from collections.abc import Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from kakehashi.domain.errors import KakehashiError, render_in, translated_params

LOCALES_DIR = Path(__file__).parent / "web" / "locales"
SUPPORTED_LOCALES = ("ja", "en")


@cache
def translations(locale: str) -> NullTranslations:
    """The catalog for a locale, compiled in memory from its .po file (no build step, no .mo on disk)."""
    po_path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def supported(locale: str | None) -> str | None:
    """Map 'ja-JP', 'en_US', 'EN' to a supported locale, or None."""
    if not locale:
        return None
    primary = locale.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in SUPPORTED_LOCALES else None


def translate(message: str, locale: str) -> str:
    """Translate one message id (a domain error, a rule name, a reason) for a given locale."""
    return translations(locale).gettext(message)


# What a sentence may already end with; anything else gets the locale's full stop.
_ENDINGS = {"ja": ("。！？）.!?", "。")}
_DEFAULT_ENDING = (".!?)。", ".")


def _sentence(text: str, locale: str = "en") -> str:
    """Service messages are fragments ('a need needs a title'); a page or terminal shows a sentence.

    Japanese ends with 。 unless it already ends with 。！？ or ） (or with .!? : an English text left as it is)."""
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    endings, stop = _ENDINGS.get(locale, _DEFAULT_ENDING)
    return text if text[-1:] in endings else text + stop


def translate_params(params: dict[str, Any], locale: str) -> dict[str, Any]:
    """Parameters that are messages (`Msg` a rule name or reason, `Phrase`, `Listing`): translated as well."""
    return translated_params(params, partial(translate, locale=locale))


def message_text(msgid: str, params: Mapping[str, Any] | None, locale: str) -> str:
    """One message id with its parameters in the given locale, as a sentence."""
    return _sentence(render_in(msgid, params or {}, partial(translate, locale=locale)), locale)


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
        if found := supported(candidate):
            return found
    return "en"
