"""Public pages: home with the search box, the company directory with filters and facets, company profiles,
and the ranked search results page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.datastructures import QueryParams
from starlette.responses import Response

from kakehashi.domain.search import SearchFilters
from kakehashi.entrypoints.web.i18n import N_
from kakehashi.entrypoints.web.limits import rate_limited
from kakehashi.entrypoints.web.pages.common import PageDep, PageError, page_errors
from kakehashi.services.directory import (
    CompanyFilters,
    get_company,
    get_summaries,
    list_companies,
    term_labels,
)
from kakehashi.services.search import present_results, search_catalog

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 30
FILTER_KEYS = (
    "kind",
    "country",
    "sector",
    "technology",
    "stage",
    "status",
    "founded_from",
    "founded_to",
    "funding_min",
    "funding_max",
    "text",
    "sort",
)


def _int_param(params: Mapping[str, str], name: str, *, scale: int = 1) -> int | None:
    raw = (params.get(name) or "").strip().replace(",", "")
    if not raw:
        return None
    try:
        return int(float(raw) * scale) if scale != 1 else int(raw)
    except (ValueError, OverflowError):  # "abc", "nan"; "1e999" and "inf" overflow int()
        raise PageError(422, N_("A number was expected.")) from None


def filters_from_query(params: Mapping[str, str]) -> CompanyFilters:
    """Directory filters from the URL; funding is entered in millions of US dollars."""
    return CompanyFilters(
        kind=params.get("kind") or None,
        country=params.get("country") or None,
        sector=params.get("sector") or None,
        technology=params.get("technology") or None,
        stage=params.get("stage") or None,
        status=params.get("status") or None,
        founded_from=_int_param(params, "founded_from"),
        founded_to=_int_param(params, "founded_to"),
        funding_min_usd=_int_param(params, "funding_min", scale=1_000_000),
        funding_max_usd=_int_param(params, "funding_max", scale=1_000_000),
        text=(params.get("text") or "")[:200] or None,
        sort=params.get("sort") or "name",
    )


def _page_number(params: Mapping[str, str]) -> int:
    raw = params.get("page") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise PageError(422, N_("There is no such page of results."))
    return int(raw)


def require_directory_access(page: PageDep) -> None:
    """The directory is public unless the operator turned that off (settings.public_directory)."""
    if not page.context.settings.public_directory:
        page.require_viewer()


@router.get("/")
def home(page: PageDep) -> Response:
    require_directory_access(page)
    overview = list_companies(page.context.uow(), filters=CompanyFilters(sort="-updated"), limit=6)
    return page.render("home.html", {"overview": overview, "q": ""})


@router.get("/companies")
def companies(page: PageDep) -> Response:
    require_directory_access(page)
    params = {k: v for k, v in page.request.query_params.items() if k in FILTER_KEYS}
    number = _page_number(page.request.query_params)
    with page_errors():
        result = list_companies(
            page.context.uow(),
            filters=filters_from_query(params),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    pages = max(1, -(-result.total // PAGE_SIZE))
    values = {"result": result, "params": params, "page_number": number, "pages": pages}
    if page.is_htmx and page.request.headers.get("HX-Target") == "directory-results":
        return page.render("partials/directory_results.html", values)
    return page.render("companies.html", values)


@router.get("/companies/{organization_id}")
def company(page: PageDep, organization_id: str) -> Response:
    require_directory_access(page)
    if not organization_id.isdigit() or len(organization_id) > 12:
        raise PageError(404, N_("No such company."))
    with page_errors():
        profile = get_company(page.context.uow(), organization_id=int(organization_id))
    return page.render("company.html", {"company": profile})


SEARCH_PAGE_SIZE = 20
SEARCH_FACETS = ("kind", "country", "sector", "technology", "stage", "status")
MAX_QUERY_CHARS = 1000


def _multi(params: QueryParams, name: str) -> tuple[str, ...]:
    values: list[str] = []
    for raw in params.getlist(name)[:20]:
        values += [part.strip()[:100] for part in raw.split(",") if part.strip()]
    return tuple(dict.fromkeys(values))


ALL_KINDS = "all"  # ?kind=all: every kind of organization, not only the startups the page promises
DEFAULT_SEARCH_KINDS = ("startup",)


def search_filters_from_query(params: QueryParams, *, default_kinds: tuple[str, ...] = ()) -> SearchFilters:
    """Search filters from the URL: facets may repeat (?sector=a&sector=b); funding in million USD.

    default_kinds apply when the URL names no kind; ?kind=all lifts them.
    """
    values: dict[str, object] = {facet: params.getlist(facet)[:20] for facet in SEARCH_FACETS}
    named = _multi(params, "kind")
    kinds = [k for k in named if k.lower() != ALL_KINDS]
    values["kind"] = kinds if named else list(default_kinds)
    values.update(
        founded_from=_int_param(params, "founded_from"),
        founded_to=_int_param(params, "founded_to"),
        funding_min=_int_param(params, "funding_min", scale=1_000_000),
        funding_max=_int_param(params, "funding_max", scale=1_000_000),
    )
    return SearchFilters.from_mapping(values)


def _toggle_links(params: QueryParams, facet: str, values: list[str]) -> dict[str, str]:
    """For each facet value, the search URL with that value added (or removed when already selected)."""
    base = [(k, v) for k, v in params.multi_items() if k != "page"]
    links: dict[str, str] = {}
    for value in values:
        pairs = [(k, v) for k, v in base if not (k == facet and v == value)]
        if len(pairs) == len(base):
            pairs.append((facet, value))
        links[value] = "/search?" + urlencode(pairs)
    return links


@router.get("/search", dependencies=[rate_limited("search")])
def search(page: PageDep) -> Response:
    """Ranked results for a query in Japanese or English, in the engine's order, with explanations."""
    require_directory_access(page)
    params = page.request.query_params
    query = (params.get("q") or "")[: MAX_QUERY_CHARS * 10]
    number = _page_number(params)
    filters = search_filters_from_query(params, default_kinds=DEFAULT_SEARCH_KINDS)
    values: dict[str, Any] = {
        "q": query,
        "results": None,
        "hits": [],
        "cards": {},
        "facet_links": {},
        "term_names": {},
    }
    values.update(
        page_number=number,
        pages=1,
        selected=_selected(params),
        params_items=list(params.multi_items()),
        only_startups=not _multi(params, "kind"),
        all_kinds_url=_all_kinds_link(params),
    )
    if query.strip() or not search_filters_from_query(params).is_empty:
        with page_errors():
            results = search_catalog(
                page.context.uow(),
                page.context.search_engine,
                query=query,
                filters=filters,
                limit=SEARCH_PAGE_SIZE,
                offset=(number - 1) * SEARCH_PAGE_SIZE,
            )
            cards = get_summaries(page.context.uow(), organization_ids=[hit.id for hit in results.hits])
            term_names = {
                facet: term_labels(
                    page.context.uow(), facet=facet, slugs=[v for v, _ in results.facets.get(facet, [])]
                )
                for facet in ("sector", "technology")
            }
        values.update(
            results=results,
            hits=present_results(results).items,
            cards=cards,
            term_names=term_names,
            pages=max(1, -(-results.total // SEARCH_PAGE_SIZE)),
            facet_links={
                facet: _toggle_links(params, facet, [v for v, _ in results.facets.get(facet, [])])
                for facet in SEARCH_FACETS
            },
        )
    values["page_url"] = lambda n: search_page_url(params, n)
    return page.render("search.html", values)


def _all_kinds_link(params: QueryParams) -> str:
    """The same search over every kind of organization (corporations, investors, ...), from page 1."""
    pairs = [(k, v) for k, v in params.multi_items() if k not in ("page", "kind")] + [("kind", ALL_KINDS)]
    return "/search?" + urlencode(pairs)


def _selected(params: QueryParams) -> dict[str, set[str]]:
    return {facet: set(_multi(params, facet)) for facet in SEARCH_FACETS}


def search_page_url(params: QueryParams, number: int) -> str:
    pairs = [(k, v) for k, v in params.multi_items() if k != "page"] + [("page", str(number))]
    return "/search?" + urlencode(pairs)
