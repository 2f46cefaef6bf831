"""Japanese and English for the web pages: catalogs read from .po at start-up, locale negotiation, and
Babel formatting of dates, numbers and money per locale."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_compact_currency, format_currency, format_decimal
from starlette.requests import Request

from kakehashi.entrypoints.messages import (
    LOCALES_DIR,
    SUPPORTED_LOCALES,
    supported,
    translate,
    translations,
)

__all__ = ["LOCALES_DIR", "SUPPORTED_LOCALES", "supported", "translate", "translations"]

LOCALE_COOKIE = "kakehashi_lang"
LOCALE_NAMES = {"ja": "日本語", "en": "English"}


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when the locale is known."""
    return message


def parse_accept_language(header: str | None) -> list[str]:
    """Languages from an Accept-Language header, best first (q-values honoured, junk ignored)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        pieces = part.strip().split(";")
        tag = pieces[0].strip()
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _q, _i, tag in sorted(weighted)]


def negotiate_locale(request: Request, *, user_preference: str | None, default: str) -> str:
    """User preference, then the cookie set by the language switch, then the browser, then the default."""
    for candidate in (user_preference, request.cookies.get(LOCALE_COOKIE)):
        if found := supported(candidate):
            return found
    for tag in parse_accept_language(request.headers.get("accept-language")):
        if found := supported(tag):
            return found
    return supported(default) or SUPPORTED_LOCALES[0]


# The locale of the page being rendered; set around each render so Jinja's gettext finds it.
_current_locale: ContextVar[str] = ContextVar("kakehashi_locale", default=SUPPORTED_LOCALES[0])


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _current_locale.set(locale)
    try:
        yield
    finally:
        _current_locale.reset(token)


def current_locale() -> str:
    return _current_locale.get()


def gettext(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


# --- formatting -----------------------------------------------------------------------------------------


# Times are stored in UTC; Japanese pages show Japan time, English pages UTC (both say which).
DISPLAY_ZONES = {"ja": "Asia/Tokyo", "en": "UTC"}


def format_date(value: date | datetime | None, fmt: str = "medium", locale: str | None = None) -> str:
    """A date, or a moment in the page's display zone, written the locale's way."""
    if value is None:
        return ""
    locale = locale or current_locale()
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        zone = ZoneInfo(DISPLAY_ZONES.get(locale, "UTC"))
        text = babel_format_datetime(moment, format=fmt, tzinfo=zone, locale=locale)
        return f"{text} ({'JST' if zone.key == 'Asia/Tokyo' else zone.key})"
    return babel_format_date(value, format=fmt, locale=locale)


def format_number(value: float | int | None, locale: str | None = None) -> str:
    if value is None:
        return ""
    return _format_decimal(value, locale or current_locale())


# Babel parses the locale's number patterns on every call; a search page formats ~100 counts and amounts,
# most of them seen before (facet counts, funding totals), so the text is kept per (value, locale).
@lru_cache(maxsize=8192)
def _format_decimal(value: float | int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def format_money(amount: float | int | None, currency: str | None = "USD", locale: str | None = None) -> str:
    """Full amount with currency in whole units, e.g. '$20,000,000' (funding is never quoted in cents)."""
    if amount is None:
        return ""
    return format_currency(
        amount, currency or "USD", "¤#,##0", locale=locale or current_locale(), currency_digits=False
    )


def format_money_short(
    amount: float | int | None, currency: str | None = "USD", locale: str | None = None
) -> str:
    """Compact amount for lists: '$20M' in English, '$2000万' in Japanese."""
    if amount is None:
        return ""
    return _compact_money(amount, currency or "USD", locale or current_locale())


@lru_cache(maxsize=8192)
def _compact_money(amount: float | int, currency: str, locale: str) -> str:
    # Babel's compact formatting costs ~0.4 ms a call; a results page shows dozens of amounts.
    return str(format_compact_currency(amount, currency, locale=locale, fraction_digits=1))


def country_name(code: str | None, locale: str | None = None) -> str:
    """'IL' -> 'イスラエル' / 'Israel'; unknown codes are shown as given."""
    if not code:
        return ""
    return str(_territories(locale or current_locale()).get(code.upper(), code))


@lru_cache(maxsize=8)
def _territories(locale: str) -> Mapping[str, str]:
    territories: Mapping[str, str] = Locale.parse(locale).territories
    return territories
