"""The company directory: filtered lists with facet counts, and profiles with funding rounds and deals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from kakehashi.domain.directory import CompanyProfile
from kakehashi.entrypoints.web.api.schemas import FUNDING_MAX, OFFSET_MAX, YEAR_MAX, YEAR_MIN, to_json
from kakehashi.entrypoints.web.api.schemas.directory import CompanyPagePublic, CompanyPublic, ProfileUpdate
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep
from kakehashi.services import directory

router = APIRouter(prefix="/companies", tags=["companies"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("", response_model=CompanyPagePublic)
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
    founded_from: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    founded_to: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    funding_min: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
    funding_max: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
    sort: Annotated[str, Query(max_length=30)] = "name",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> Any:
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
    return to_json(directory.list_companies(uow, filters=filters, limit=limit, offset=offset))


def _company_json(profile: CompanyProfile) -> dict[str, Any]:
    data: dict[str, Any] = to_json(profile)
    data["founded"] = profile.founded
    data["funding_rounds"] = data["rounds"]
    return data


@router.get("/{company_id}", response_model=CompanyPublic)
def get_company(company_id: Id, viewer: ViewerDep, uow: UowDep) -> Any:
    """One company with its taxonomy, funding rounds (investors and their countries), investments and deals."""
    return _company_json(directory.get_company(uow, organization_id=company_id))


@router.patch("/{company_id}", response_model=CompanyPublic)
def update_own_profile(
    company_id: Id, body: ProfileUpdate, viewer: ViewerDep, uow: UowDep, context: ContextDep
) -> Any:
    """A startup edits its own profile; the search index follows at once."""
    profile = directory.update_own_profile(
        uow,
        viewer=viewer,
        organization_id=company_id,
        update=directory.ProfileUpdate(**body.model_dump(exclude_unset=True)),
    )
    context.catalog_changed([profile.id])
    return _company_json(profile)
