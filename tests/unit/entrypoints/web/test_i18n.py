"""The catalogs are complete: every message on every page has a Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from starlette.requests import Request

from kakehashi.entrypoints.web import i18n

pytestmark = pytest.mark.unit

WEB = Path(i18n.__file__).parent
SOURCES = [WEB / "pages", WEB / "templates"]
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def _catalog(locale: str):
    with (WEB / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _extracted() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(source), METHOD_MAP, OPTIONS, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_japanese_message_has_a_translation() -> None:
    catalog = _catalog("ja")

    untranslated = [
        m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]

    assert untranslated == []


def test_no_message_id_appears_twice_in_a_catalog() -> None:
    """Areas append their own blocks; a second entry for one id would silently override the first."""
    for locale in ("ja", "en"):
        path = WEB / "locales" / locale / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        ids = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), flags=re.M)

        assert sorted({m for m in ids if ids.count(m) > 1}) == [], locale


def test_every_page_string_is_in_the_catalogs() -> None:
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog("ja") if m.id}

    missing = sorted(_extracted() - known)

    assert missing == []


def test_translations_load_from_po_without_a_build_step() -> None:
    assert i18n.translate("Search", "ja") == "検索"
    assert i18n.translate("Search", "en") == "Search"


def _request(headers: dict[str, str]) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw, "query_string": b""})


@pytest.mark.parametrize(
    ("headers", "preference", "expected"),
    [
        ({}, None, "ja"),
        ({"accept-language": "en-GB,en;q=0.8"}, None, "en"),
        ({"accept-language": "fr-FR, en;q=0.5, ja;q=0.9"}, None, "ja"),
        ({"accept-language": "en", "cookie": "kakehashi_lang=ja"}, None, "ja"),
        ({"cookie": "kakehashi_lang=ja"}, "en", "en"),
        ({"accept-language": ";;;q=abc,,"}, None, "ja"),
    ],
)
def test_negotiate_locale_order_is_preference_cookie_browser_default(headers, preference, expected) -> None:
    assert i18n.negotiate_locale(_request(headers), user_preference=preference, default="ja") == expected


def test_money_and_dates_follow_the_locale() -> None:
    from datetime import date

    assert i18n.format_money_short(20_000_000, "USD", locale="ja") == "$2000万"
    assert i18n.format_money_short(20_000_000, "USD", locale="en") == "$20M"
    assert i18n.format_date(date(2024, 3, 1), locale="ja") == "2024/03/01"
    assert i18n.country_name("IL", locale="ja") == "イスラエル"
