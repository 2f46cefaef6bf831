"""Ecosystem insights (issue 15): the dashboards on /insights, each chart's downloads (PNG, SVG, CSV,
XLSX), a printable page and the methodology. /dashboards, the old placeholder's address, redirects here.

Filters travel in the query string, so a reload, a bookmark and every download link carry them; the
counting rule switches in place (the form reloads itself when the rule changes; without script, the
button does the same).
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from kakehashi.domain.insights import Attribution
from kakehashi.domain.organizations import RoundType, Stage
from kakehashi.domain.taxonomy import VOCABULARY, Facet
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.pages.common import Page, PageDep, PageError, page_errors
from kakehashi.services import insight_dashboard as dashboard
from kakehashi.services.insight_texts import ATTRIBUTION_NAMES, ATTRIBUTION_RULES, Words

router = APIRouter(include_in_schema=False)

COMPANY_COUNTRIES = ("IL", "JP", "US", "KR", "CN", "GB", "DE", "FR", "IN", "SG")
FUNDING_TYPES = (
    Stage.PRE_SEED,
    Stage.SEED,
    RoundType.ANGEL,
    Stage.SERIES_A,
    Stage.SERIES_B,
    Stage.SERIES_C,
    Stage.SERIES_D_PLUS,
    Stage.GROWTH,
    RoundType.CORPORATE,
    RoundType.PRIVATE_EQUITY,
    RoundType.CONVERTIBLE_NOTE,
    RoundType.DEBT,
    RoundType.GRANT,
    RoundType.POST_IPO,
    RoundType.SECONDARY,
    RoundType.UNKNOWN,
)
FILTER_NAMES = (
    "company_country",
    "sector",
    "year_from",
    "year_to",
    "funding_type",
    "attribution",
    "focus_country",
    "indicator",
)
FILE_NAMES = {"png": "png", "svg": "svg", "csv": "csv", "xlsx": "xlsx"}
EXPORT_LABELS = {"png": "PNG", "svg": "SVG", "csv": "CSV", "xlsx": "XLSX"}
NO_CHART = N_("The page you asked for does not exist.")


def _filters(page: Page) -> dashboard.Filters:
    params = page.request.query_params
    values = {name: params.getlist(name) for name in FILTER_NAMES if name in params}
    with page_errors():
        return dashboard.parse_filters(values)


def _query_string(page: Page) -> str:
    """The filters of this request, for links that must keep them (downloads, print, language)."""
    params = page.request.query_params
    kept = [(name, value) for name in FILTER_NAMES for value in params.getlist(name)]
    return urlencode(kept)


def _words(page: Page) -> Words:
    return Words(page.locale, page._)


def _charts(
    page: Page, filters: dashboard.Filters, names: tuple[str, ...] = dashboard.CHARTS
) -> list[dashboard.ChartView]:
    viewer = page.require_viewer()
    context = page.context
    with page_errors():
        return dashboard.charts(context.uow, viewer, context.insights, filters, _words(page), names=names)


def _page_values(page: Page, filters: dashboard.Filters) -> dict[str, Any]:
    sectors = sorted(
        (term for term in VOCABULARY if term.facet is Facet.SECTOR),
        key=lambda term: (term.label_ja or term.label_en) if page.locale == "ja" else term.label_en,
    )
    words = _words(page)
    return {
        "filters": filters,
        "query": _query_string(page),
        "attributions": [
            (a.value, page._(ATTRIBUTION_NAMES[a]), page._(ATTRIBUTION_RULES[a])) for a in Attribution
        ],
        "company_countries": [(code, words.country(code)) for code in COMPANY_COUNTRIES],
        "sectors": [
            (t.slug, (t.label_ja or t.label_en) if page.locale == "ja" else t.label_en) for t in sectors
        ],
        "funding_types": [str(kind) for kind in FUNDING_TYPES],
        "export_labels": EXPORT_LABELS,
    }


@router.get("/dashboards")
def dashboards_moved(page: PageDep) -> Response:
    """The placeholder's address, kept for bookmarks."""
    query = page.request.url.query
    return RedirectResponse("/insights" + (f"?{query}" if query else ""), status_code=308)


@router.get("/insights")
def insights(page: PageDep) -> Response:
    page.require_viewer()
    filters = _filters(page)
    views = _charts(page, filters)
    return page.render("insights/index.html", {**_page_values(page, filters), "charts": views})


@router.get("/insights/print")
def insights_print(page: PageDep) -> Response:
    """Every chart as an SVG drawn on the server with its table and method: print it or save it as PDF."""
    page.require_viewer()
    filters = _filters(page)
    views = _charts(page, filters)
    pictures = {}
    for view in views:
        if view.spec is not None:
            with page_errors():
                svg = dashboard.export(view, "svg", filters, _words(page))
            # An image, not inline markup: names typed by people inside the SVG can never run as script.
            pictures[view.name] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    summary = dashboard.filter_summary(filters, _words(page))
    return page.render(
        "insights/print.html",
        {**_page_values(page, filters), "charts": views, "pictures": pictures, "summary": summary},
    )


@router.get("/insights/methodology")
def methodology(page: PageDep) -> Response:
    page.require_viewer()
    return page.render("insights/methodology.html", _page_values(page, dashboard.Filters()))


@router.get("/insights/chart/{name}.{fmt}")
def chart_file(page: PageDep, name: str, fmt: str) -> Response:
    """One chart as PNG or SVG (rendered on the server) or its table as CSV or XLSX, for these filters."""
    page.require_viewer()
    if name not in dashboard.CHARTS or fmt not in dashboard.FORMATS:
        raise PageError(404, NO_CHART)
    filters = _filters(page)
    (view,) = _charts(page, filters, (name,))
    with page_errors():
        body = dashboard.export(view, fmt, filters, _words(page))
    file_name = f"insights-{name}-{filters.attribution.value}.{FILE_NAMES[fmt]}"
    return Response(
        body,
        media_type=dashboard.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
