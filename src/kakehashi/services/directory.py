"""The company directory: browse the catalogue with filters and facet counts, read one profile, and let a
startup edit its own profile in both languages.

Each service opens the unit of work itself and reads through `uow.directory`; the values it returns are the
frozen dataclasses of kakehashi.domain.directory (re-exported here for the pages, the API and the CLI).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from kakehashi.domain.access import Viewer
from kakehashi.domain.directory import (
    CompanyFilters,
    CompanyPage,
    CompanyProfile,
    CompanySummary,
    DealPartyView,
    DealView,
    FacetCount,
    InvestmentView,
    OrganizationRef,
    ProfileUpdate,
    RoundInvestorView,
    RoundView,
    TermLabel,
)
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OperatingStatus, OrganizationKind, Stage, website_domain
from kakehashi.domain.search import FUNDING_USD_MAX
from kakehashi.services.unit_of_work import UnitOfWork

__all__ = [
    "CompanyFilters",
    "CompanyPage",
    "CompanyProfile",
    "CompanySummary",
    "DealPartyView",
    "DealView",
    "FacetCount",
    "InvestmentView",
    "OrganizationRef",
    "ProfileUpdate",
    "RoundInvestorView",
    "RoundView",
    "TermLabel",
    "get_company",
    "get_summaries",
    "list_companies",
    "list_terms",
    "normalize_filters",
    "term_labels",
    "update_own_profile",
]


def N_(message: str) -> str:
    """Mark a user-facing message for translation catalogs; the web layer translates it on output."""
    return message


MAX_PAGE_SIZE = 200
MAX_OFFSET = 100_000  # deeper pages are a search away; larger offsets would overflow the database
SORTS = ("name", "-funding", "-founded", "-updated")
FACETS = ("kind", "country", "sector", "technology", "stage", "status")

# Limits on what a profile form may carry: generous for real profiles, small enough to refuse junk.
NAME_MAX = 300
DESCRIPTION_MAX = 10_000
CITY_MAX = 120
WEBSITE_MAX = 500


# --- browsing -------------------------------------------------------------------------------------------


def _enum_or_error(value: str | None, allowed: set[str], message: str) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip().lower()
    if value not in allowed:
        raise InvalidInput(message)
    return value


def normalize_filters(filters: CompanyFilters) -> CompanyFilters:
    """Validate and canonicalize filters (country upper-case, enums known, ranges ordered)."""
    kind = _enum_or_error(filters.kind, {k.value for k in OrganizationKind}, N_("Unknown company kind."))
    stage = _enum_or_error(filters.stage, {s.value for s in Stage}, N_("Unknown stage."))
    status = _enum_or_error(filters.status, {s.value for s in OperatingStatus}, N_("Unknown status."))
    country = (filters.country or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidInput(N_("Country must be a two-letter code such as IL or JP."))
    if (
        filters.founded_from is not None
        and filters.founded_to is not None
        and filters.founded_from > filters.founded_to
    ):
        raise InvalidInput(N_("The founding year range is reversed."))
    for year in (filters.founded_from, filters.founded_to):
        if year is not None and not 1800 <= year <= 2200:
            raise InvalidInput(N_("Founding years must be between 1800 and 2200."))
    for amount in (filters.funding_min_usd, filters.funding_max_usd):
        if amount is not None and amount < 0:
            raise InvalidInput(N_("Funding amounts cannot be negative."))
        if amount is not None and amount > FUNDING_USD_MAX:  # past a 64-bit column: refuse, do not overflow
            raise InvalidInput(
                N_("Funding amounts must be at most {limit} US dollars."), limit=FUNDING_USD_MAX
            )
    if (
        filters.funding_min_usd is not None
        and filters.funding_max_usd is not None
        and filters.funding_min_usd > filters.funding_max_usd
    ):
        raise InvalidInput(N_("The funding range is reversed."))
    if filters.sort not in SORTS:
        raise InvalidInput(N_("Unknown sort order."))
    text = unicodedata.normalize("NFKC", filters.text).strip() if filters.text else None
    return CompanyFilters(
        kind=kind,
        country=country,
        sector=(filters.sector or "").strip() or None,
        technology=(filters.technology or "").strip() or None,
        stage=stage,
        status=status,
        founded_from=filters.founded_from,
        founded_to=filters.founded_to,
        funding_min_usd=filters.funding_min_usd,
        funding_max_usd=filters.funding_max_usd,
        text=text[:200] if text else None,
        sort=filters.sort,
    )


def _as_filters(filters: CompanyFilters | Mapping[str, Any] | None) -> CompanyFilters:
    if filters is None:
        return CompanyFilters()
    if isinstance(filters, CompanyFilters):
        return filters
    unknown = sorted(set(filters) - set(CompanyFilters.__dataclass_fields__))
    if unknown:
        raise InvalidInput(N_("Unknown filter."))
    return CompanyFilters(**{key: value for key, value in filters.items() if value is not None})


def list_companies(
    uow: UnitOfWork,
    *,
    filters: CompanyFilters | Mapping[str, Any] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> CompanyPage:
    """One page of the directory in the requested order, its total, and facet counts for refining.

    `filters` is a CompanyFilters or a plain mapping with the same field names (unknown names refused).
    """
    filters = _as_filters(filters)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(N_("Page size must be between 1 and 200."))
    if offset < 0:
        raise InvalidInput(N_("Offset cannot be negative."))
    if offset > MAX_OFFSET:
        raise InvalidInput(N_("Offset must be at most {limit}."), limit=MAX_OFFSET)
    filters = normalize_filters(filters)
    with uow:
        items, total = uow.directory.list_companies(filters, limit=limit, offset=offset)
        facets = uow.directory.facet_counts(filters)
    return CompanyPage(items=items, total=total, facets=facets, limit=limit, offset=offset)


def get_summaries(uow: UnitOfWork, *, organization_ids: list[int]) -> dict[int, CompanySummary]:
    """Summaries for a set of ids (e.g. search hits), keyed by id; unknown ids are simply absent."""
    if not organization_ids:
        return {}
    with uow:
        return {summary.id: summary for summary in uow.directory.summaries(organization_ids)}


def list_terms(uow: UnitOfWork, *, facet: str) -> list[TermLabel]:
    """Every taxonomy term of a facet (sector, technology...), for pick lists in forms."""
    with uow:
        return uow.directory.terms(facet)


def term_labels(uow: UnitOfWork, *, facet: str, slugs: list[str]) -> dict[str, TermLabel]:
    """Japanese and English labels of taxonomy slugs (e.g. for facet counts coming from the search index)."""
    if not slugs:
        return {}
    with uow:
        return {term.slug: term for term in uow.directory.terms_by_slug(facet, slugs)}


# --- one profile ----------------------------------------------------------------------------------------


def _company(uow: UnitOfWork, organization_id: int) -> CompanyProfile:
    profile = uow.directory.company(organization_id)
    if profile is None or profile.kind == OrganizationKind.ORGANIZER.value:
        raise NotFound(N_("No such company."))
    return profile


def get_company(uow: UnitOfWork, *, organization_id: int) -> CompanyProfile:
    """Everything the profile page shows: identity, taxonomy labels, funding history, investments, deals."""
    with uow:
        return _company(uow, organization_id)


# --- a startup edits its own profile --------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None, *, limit: int, message: str, multiline: bool = False) -> str | None:
    """NFC-normalized text without control characters; empty becomes None; too long is refused."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    if len(text) > limit:
        raise InvalidInput(message)
    return text or None


def _clean_website(value: str | None) -> str | None:
    text = _clean(value, limit=WEBSITE_MAX, message=N_("The website address is too long."))
    if text is None:
        return None
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    if not re.fullmatch(r"https?://[^\s/?#<>\"']+\.[^\s/?#<>\"']+([/?#][^\s<>\"']*)?", text, re.IGNORECASE):
        raise InvalidInput(N_("The website must be a web address such as https://example.com."))
    return text


def update_own_profile(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    update: ProfileUpdate | None = None,
    organization_id: int | None = None,
    name_en: str | None = None,
    name_ja: str | None = None,
    description_en: str | None = None,
    description_ja: str | None = None,
    website: str | None = None,
    city: str | None = None,
) -> CompanyProfile:
    """A startup member edits its organization's names and descriptions in Japanese and English.

    Fields come as a ProfileUpdate or as keywords (None: unchanged; "": cleared). `organization_id`, when
    given (a URL's), must be the viewer's own organization. Opens and commits the unit
    of work itself; the caller refreshes derived data afterwards (context.catalog_changed([profile.id])).
    """
    if update is None:
        update = ProfileUpdate(
            name_en=name_en,
            name_ja=name_ja,
            description_en=description_en,
            description_ja=description_ja,
            website=website,
            city=city,
        )
    if organization_id is not None and organization_id != viewer.organization_id:
        raise PermissionDenied("an organization may edit only its own profile")
    if viewer.organization_kind is not OrganizationKind.STARTUP or not viewer.can_write:
        raise PermissionDenied(N_("Only members of a startup can edit its profile."))
    changes: dict[str, str | None] = {}
    if update.name_en is not None:
        changes["name_en"] = _clean(
            update.name_en, limit=NAME_MAX, message=N_("The English name is too long.")
        )
    if update.name_ja is not None:
        changes["name_ja"] = _clean(
            update.name_ja, limit=NAME_MAX, message=N_("The Japanese name is too long.")
        )
    if update.description_en is not None:
        changes["description_en"] = _clean(
            update.description_en,
            limit=DESCRIPTION_MAX,
            message=N_("The English description is too long (10,000 characters at most)."),
            multiline=True,
        )
    if update.description_ja is not None:
        changes["description_ja"] = _clean(
            update.description_ja,
            limit=DESCRIPTION_MAX,
            message=N_("The Japanese description is too long (10,000 characters at most)."),
            multiline=True,
        )
    if update.website is not None:
        changes["website"] = _clean_website(update.website)
    if update.city is not None:
        changes["city"] = _clean(update.city, limit=CITY_MAX, message=N_("The city name is too long."))
    if "website" in changes:
        changes["domain"] = website_domain(changes["website"])
    with uow:
        if not uow.directory.update_company(viewer.organization_id, changes):
            raise NotFound(N_("No such company."))
        uow.search_changes.record([viewer.organization_id])  # every worker's index follows the edit
        uow.commit()
        return _company(uow, viewer.organization_id)
