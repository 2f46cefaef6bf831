"""The company directory: filtered lists with facet counts, and profiles with funding rounds and deals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from kakehashi.domain.directory import CompanyProfile
from kakehashi.domain.organizations import OperatingStatus, OrganizationKind, Stage
from kakehashi.entrypoints.web.api.schemas import FUNDING_MAX, OFFSET_MAX, YEAR_MAX, YEAR_MIN, to_json
from kakehashi.entrypoints.web.api.schemas.directory import CompanyPagePublic, CompanyPublic, ProfileUpdate
from kakehashi.entrypoints.web.deps import ContextDep, UowDep, ViewerDep
from kakehashi.services import directory

router = APIRouter(prefix="/companies", tags=["companies"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str | None, Query(max_length=200)]


def _one_of(values: Iterable[str], what: str) -> Any:
    """A filter the directory service checks against known values: the document lists them (the service
    also takes them in any case and with spaces around; anything else answers 422 with its message id)."""
    allowed = sorted(values)
    return Query(
        max_length=200, description=f"{what}: {', '.join(allowed)}", json_schema_extra={"enum": allowed}
    )


Kind = Annotated[str | None, _one_of(OrganizationKind, "company kind")]
StageFilter = Annotated[str | None, _one_of(Stage, "funding stage")]
Status = Annotated[str | None, _one_of(OperatingStatus, "operating status")]
Country = Annotated[
    str | None,
    Query(
        max_length=200, description="ISO 3166 two-letter code", json_schema_extra={"pattern": "^[A-Za-z]{2}$"}
    ),
]


@router.get("", response_model=CompanyPagePublic)
def list_companies(
    viewer: ViewerDep,
    uow: UowDep,
    q: Text = None,
    kind: Kind = None,
    country: Country = None,
    sector: Text = None,
    technology: Text = None,
    stage: StageFilter = None,
    status: Status = None,
    founded_from: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    founded_to: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    funding_min: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
    funding_max: Annotated[int | None, Query(ge=0, le=FUNDING_MAX, description="US dollars")] = None,
    sort: Annotated[str, _one_of(directory.SORTS, "order")] = "name",
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
