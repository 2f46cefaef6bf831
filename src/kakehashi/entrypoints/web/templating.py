"""Jinja2 for the server-rendered pages: autoescaped templates, gettext in the page's locale, Babel filters,
and labels for the codes stored in the database (stages, kinds, statuses...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from kakehashi.entrypoints.web import i18n
from kakehashi.entrypoints.web.i18n import N_

TEMPLATES_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")

# Codes stored in the database, with the English text that the catalogs translate.
LABELS: dict[str, dict[str, str]] = {
    "kind": {
        "startup": N_("Startup"),
        "corporation": N_("Corporation"),
        "investor": N_("Investor"),
        "institution": N_("Institution"),
        "organizer": N_("Organizer"),
    },
    "stage": {
        "pre_seed": N_("Pre-seed"),
        "seed": N_("Seed"),
        "series_a": N_("Series A"),
        "series_b": N_("Series B"),
        "series_c": N_("Series C"),
        "series_d_plus": N_("Series D+"),
        "growth": N_("Growth"),
        "public": N_("Public"),
        "acquired": N_("Acquired"),
        "other": N_("Other"),
    },
    "status": {
        "active": N_("Active"),
        "closed": N_("Closed"),
        "acquired": N_("Acquired"),
        "ipo": N_("IPO"),
    },
    "round": {
        "pre_seed": N_("Pre-seed"),
        "seed": N_("Seed"),
        "series_a": N_("Series A"),
        "series_b": N_("Series B"),
        "series_c": N_("Series C"),
        "series_d": N_("Series D"),
        "series_e": N_("Series E"),
        "series_d_plus": N_("Series D+"),
        "growth": N_("Growth"),
        "grant": N_("Grant"),
        "debt": N_("Debt"),
        "convertible": N_("Convertible note"),
        "angel": N_("Angel"),
        "ipo": N_("IPO"),
        "private_equity": N_("Private equity"),
        "corporate": N_("Corporate round"),
        "undisclosed": N_("Undisclosed"),
        "other": N_("Other"),
    },
    "deal": {
        "acquisition": N_("Acquisition"),
        "investment": N_("Investment"),
        "partnership": N_("Partnership"),
        "rnd_center": N_("R&D centre"),
        "rd_center": N_("R&D centre"),
        "branch": N_("Branch opening"),
        "mou": N_("MoU / agreement"),
        "agreement": N_("MoU / agreement"),
    },
    "role": {
        "acquirer": N_("Acquirer"),
        "target": N_("Target"),
        "investor": N_("Investor"),
        "partner": N_("Partner"),
        "host": N_("Host"),
    },
    "stage_pipeline": {
        "identified": N_("Identified"),
        "contacted": N_("Contacted"),
        "meeting": N_("Meeting"),
        "poc": N_("PoC"),
        "agreement": N_("Agreement"),
        "investment": N_("Investment"),
        "acquisition": N_("Acquisition"),
        "rd_center": N_("R&D centre"),
    },
    "origin": {
        "delegate": N_("Delegation"),
        "host": N_("Host"),
        "mutual": N_("Both sides"),
        "organizer": N_("Organizer"),
    },
    "version_kind": {"solve": N_("Planned"), "repair": N_("Repaired")},
    "participant_role": {"delegate": N_("Delegation"), "host": N_("Host")},
    "visibility": {"private": N_("Private"), "open": N_("Open call")},
    "language": {"ja": N_("Japanese"), "en": N_("English")},
    "request_status": {
        "pending": N_("Pending"),
        "accepted": N_("Accepted"),
        "declined": N_("Declined"),
        "expired": N_("Expired"),
        "withdrawn": N_("Withdrawn"),
        "cancelled": N_("Cancelled"),
    },
}


def label(group: str, code: str | None) -> str:
    """Translated label for a stored code; an unknown code is shown as it is (readable, never an error)."""
    if code is None or code == "":
        return ""
    text = LABELS.get(group, {}).get(code)
    if text is None:
        return code.replace("_", " ")
    return i18n.gettext(text)


def localized(obj: Any, field: str) -> str:
    """`obj.<field>_ja` or `obj.<field>_en` by page locale, falling back to the other language."""
    ja = getattr(obj, f"{field}_ja", None)
    en = getattr(obj, f"{field}_en", None)
    first, second = (ja, en) if i18n.current_locale() == "ja" else (en, ja)
    return str(first or second or "")


def display_name(obj: Any) -> str:
    """Company name in the page language (Japanese name on Japanese pages when known)."""
    name = str(getattr(obj, "name", "") or "")
    if i18n.current_locale() == "ja":
        return str(getattr(obj, "name_ja", None) or name)
    return str(getattr(obj, "name_en", None) or name)


def web_url(value: str | None) -> str | None:
    """The address if it is an http(s) URL, else None: imported data must never become a javascript: link."""
    if not value:
        return None
    text = value.strip()
    if not re.match(r"^https?://[^\s<>\"'`]+$", text, re.IGNORECASE):
        return None
    return text


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """The current query with some parameters changed (None removes one); for facet links and paging."""
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for key, value in changes.items():
        if value is None or value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return urlencode(merged)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One Jinja2 environment per process; gettext reads the locale of the page being rendered."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package: no stat() of every template and include on each render
        # (a search page includes partials/why.html once per hit).
        auto_reload=False,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        date=i18n.format_date,
        number=i18n.format_number,
        money=i18n.format_money,
        money_short=i18n.format_money_short,
        country=i18n.country_name,
        label=lambda code, group: label(group, code),
        localized=localized,
        display_name=display_name,
        web_url=web_url,
    )
    env.globals.update(
        label=label,
        query_string=query_string,
        locale_names=i18n.LOCALE_NAMES,
        supported_locales=i18n.SUPPORTED_LOCALES,
        # A message id (a why-not reason, a rule name) in the page's language, for `u.message(gettext_id)`:
        # unlike `_()`, no %-formatting, and the parameters that are messages are translated too.
        gettext_id=i18n.gettext,
    )
    return env


def render_template(name: str, context: Mapping[str, Any], *, locale: str) -> str:
    with i18n.use_locale(locale):
        return environment().get_template(name).render(**context)


def render(
    name: str,
    context: Mapping[str, Any],
    *,
    locale: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render a template in a locale into an HTML response."""
    body = render_template(name, context, locale=locale)
    response = HTMLResponse(body, status_code=status_code, headers=dict(headers or {}))
    response.headers.setdefault("Content-Language", locale)
    return response
