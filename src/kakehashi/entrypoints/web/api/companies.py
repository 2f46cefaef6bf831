"""The company directory: filtered lists with facet counts, and profiles with funding rounds and deals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from kakehashi.domain.errors import PermissionDenied
from kakehashi.entrypoints.web.api.schemas import Input, to_json
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep
from kakehashi.services import directory

router = APIRouter(prefix="/companies", tags=["companies"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("")
def list_companies(
    viewer: ViewerDep,
    uow: UowDep,
    q: Text = None,
    kind: Text = None,
    country: Text = None,
    sector: Text = None,
    technology: Text = None,
    stage: Text = None,
    status: Text = None,
    founded_from: Annotated[int | None, Query(ge=1800, le=2100)] = None,
    founded_to: Annotated[int | None, Query(ge=1800, le=2100)] = None,
    funding_min: Annotated[int | None, Query(ge=0)] = None,
    funding_max: Annotated[int | None, Query(ge=0)] = None,
    sort: Annotated[str, Query(max_length=30)] = "name",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """`{"items", "total", "facets", "limit", "offset"}`; filters combine, facets count within the others."""
    filters = directory.CompanyFilters(
        kind=kind,
        country=country,
        sector=sector,
        technology=technology,
        stage=stage,
        status=status,
        founded_from=founded_from,
        founded_to=founded_to,
        funding_min_usd=funding_min,
        funding_max_usd=funding_max,
        text=q,
        sort=sort,
    )
    with uow:
        page = directory.list_companies(uow, filters=filters, limit=limit, offset=offset)
        data: dict[str, Any] = to_json(page)
    return data


@router.get("/{company_id}")
def get_company(company_id: Id, viewer: ViewerDep, uow: UowDep) -> dict[str, Any]:
    """One company with its taxonomy, funding rounds (investors and their countries), investments and deals."""
    with uow:
        profile = directory.get_company(uow, organization_id=company_id)
        data: dict[str, Any] = to_json(profile)
    data["founded"] = profile.founded
    data["funding_rounds"] = data["rounds"]
    return data


class ProfileUpdate(Input):
    """What a startup may change about itself, in both languages (absent: unchanged; "": cleared)."""

    name_en: str | None = Field(default=None, max_length=300)
    name_ja: str | None = Field(default=None, max_length=300)
    description_en: str | None = Field(default=None, max_length=10_000)
    description_ja: str | None = Field(default=None, max_length=10_000)
    website: str | None = Field(default=None, max_length=500)
    city: str | None = Field(default=None, max_length=120)


@router.patch("/{company_id}")
def update_own_profile(
    company_id: Id, body: ProfileUpdate, viewer: ViewerDep, uow: UowDep, context: ContextDep
) -> dict[str, Any]:
    """A startup edits its own profile; the search index follows at once."""
    if company_id != viewer.organization_id:
        raise PermissionDenied("an organization may edit only its own profile")
    with uow:
        profile = directory.update_own_profile(
            uow, viewer=viewer, update=directory.ProfileUpdate(**body.model_dump(exclude_unset=True))
        )
        data: dict[str, Any] = to_json(profile)
    context.catalog_changed([profile.id])
    return data
