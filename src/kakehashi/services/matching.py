"""Technology needs of corporations, matched to startups (and back), re-ranked by scouts' feedback."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
from sqlalchemy import Select, false, func, or_, select

from kakehashi.adapters.db.models import Need, NeedFeedback, Organization
from kakehashi.adapters.search.analyzers import detect_language
from kakehashi.adapters.search.engine import Feedback, SearchEngine
from kakehashi.domain.access import Viewer, Visibility, can_edit_need, can_view_need
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedConstraints, NeedFit, NeedSummary, SearchFilters, SearchResults
from kakehashi.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SystemActor:
    """An administrator on the command line: sees and changes every need. Never built from a web request."""

    name: str = "system"


SYSTEM: Final = SystemActor()
Actor = Viewer | SystemActor | None  # None is an anonymous visitor: sees no need at all

JAPAN_WORDS = ("japan", "japanese", "tokyo", "osaka", "日本", "東京", "大阪")


def _may_view(actor: Actor, need: Need) -> bool:
    if isinstance(actor, SystemActor):
        return True
    return can_view_need(actor, owner_organization_id=need.organization_id, visibility=need.visibility)


def _summary(need: Need) -> NeedSummary:
    return NeedSummary(
        id=need.id,
        title=need.title,
        description=need.description or "",
        language=need.language,
        visibility=need.visibility,
        organization_id=need.organization_id,
        sectors=list(need.sectors or []),
        technologies=list(need.technologies or []),
        constraints=dict(need.constraints or {}),
    )


def _clean_list(values: list[str] | tuple[str, ...] | None) -> list[str]:
    return sorted({v.strip().lower() for v in values or () if v and v.strip()})


def create_need(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    title: str,
    description: str = "",
    language: str | None = None,
    visibility: str = Visibility.PRIVATE,
    sectors: list[str] | tuple[str, ...] = (),
    technologies: list[str] | tuple[str, ...] = (),
    constraints: NeedConstraints | None = None,
    organization_id: int | None = None,
) -> NeedSummary:
    """Record a need for the viewer's organization (the system actor may name any organization)."""
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput("a need needs a title")
    if len(title) > 300:
        raise InvalidInput("the title is longer than 300 characters; put the details in the description")
    if visibility not in (Visibility.PRIVATE, Visibility.OPEN):
        raise InvalidInput("visibility must be 'private' or 'open'")
    language = (language or detect_language(f"{title} {description}")).lower()
    if language not in ("ja", "en"):
        raise InvalidInput("language must be 'ja' or 'en'")
    if isinstance(viewer, SystemActor):
        owner = organization_id
    elif viewer is None or not viewer.can_write:
        raise PermissionDenied("sign in with an account that may write to create a need")
    else:
        owner = viewer.organization_id
    with uow:
        if owner is not None and uow.session.get(Organization, owner) is None:
            raise NotFound(f"organization {owner} not found")
        need = Need(
            organization_id=owner,
            created_by_user_id=viewer.user_id if isinstance(viewer, Viewer) else None,
            title=title,
            description=(description or "").strip(),
            language=language,
            visibility=str(visibility),
            sectors=_clean_list(list(sectors)),
            technologies=_clean_list(list(technologies)),
            constraints=(constraints or NeedConstraints()).to_dict(),
        )
        uow.session.add(need)
        uow.session.flush()
        summary = _summary(need)
        uow.commit()
    return summary


def _visible(statement: Select[Any], actor: Actor) -> Select[Any]:
    if isinstance(actor, SystemActor):
        return statement
    if actor is None:
        return statement.where(false())
    if actor.is_organizer:
        return statement
    conditions = [Need.organization_id == actor.organization_id]
    if actor.organization_kind is OrganizationKind.STARTUP:
        conditions.append(Need.visibility == Visibility.OPEN.value)
    return statement.where(or_(*conditions))


def list_needs(
    uow: UnitOfWork, *, viewer: Actor, limit: int = 50, offset: int = 0
) -> tuple[list[NeedSummary], int]:
    """The needs this viewer may see, newest first, and how many there are in all."""
    limit = max(1, min(int(limit), 500))
    with uow:
        base = _visible(select(Need), viewer)
        total = int(uow.session.scalar(select(func.count()).select_from(base.subquery())) or 0)
        rows = uow.session.scalars(base.order_by(Need.id.desc()).limit(limit).offset(max(0, offset))).all()
        return [_summary(n) for n in rows], total


def get_need(uow: UnitOfWork, *, viewer: Actor, need_id: int) -> NeedSummary:
    """One need; NotFound also when it exists but the viewer may not know about it."""
    with uow:
        need = uow.session.get(Need, need_id)
        if need is None or not _may_view(viewer, need):
            raise NotFound(f"need {need_id} not found")
        return _summary(need)


def need_filters(constraints: NeedConstraints) -> SearchFilters:
    return SearchFilters(
        kinds=(OrganizationKind.STARTUP.value,),
        stages=constraints.stages,
        countries=constraints.countries,
        founded_from=constraints.founded_from,
        founded_to=constraints.founded_to,
        funding_min=constraints.funding_min,
        funding_max=constraints.funding_max,
    )


def need_text(need: NeedSummary) -> str:
    parts = [need.title, need.description]
    parts += [s.replace("-", " ") for s in need.technologies + need.sectors]
    return " ".join(p for p in parts if p)


def match_need(
    uow: UnitOfWork, engine: SearchEngine, *, viewer: Actor, need_id: int, limit: int = 20
) -> SearchResults:
    """Startups ranked for a need, with reasons; the need's feedback moves judged startups up or down."""
    need = get_need(uow, viewer=viewer, need_id=need_id)
    constraints = NeedConstraints.from_dict(need.constraints)
    with uow:
        judgements = uow.session.execute(
            select(NeedFeedback.organization_id, NeedFeedback.relevant).where(NeedFeedback.need_id == need_id)
        ).all()
    feedback = None
    if judgements:
        feedback = Feedback(
            relevant=tuple(r.organization_id for r in judgements if r.relevant),
            not_relevant=tuple(r.organization_id for r in judgements if not r.relevant),
        )
    results = engine.search(need_text(need), need_filters(constraints), limit, 0, feedback=feedback)
    if constraints.japan_presence and results.hits:
        results = _prefer_japan_presence(engine, results)
    return results


def _prefer_japan_presence(engine: SearchEngine, results: SearchResults) -> SearchResults:
    """Startups that mention a Japanese presence come first, in their fused order (a soft constraint)."""
    stored = engine.lexical.stored([h.id for h in results.hits])
    with_presence = []
    others = []
    for hit in results.hits:
        doc = stored.get(hit.id)
        text = " ".join(
            [*(doc.names if doc else []), doc.desc_en if doc else "", doc.desc_ja if doc else ""]
        ).lower()
        if doc is not None and (doc.country == "JP" or any(w in text for w in JAPAN_WORDS)):
            with_presence.append(replace(hit, why=[*hit.why, "presence in Japan"]))
        else:
            others.append(hit)
    return SearchResults(
        query=results.query,
        took_ms=results.took_ms,
        total=results.total,
        hits=with_presence + others,
        facets=results.facets,
        language=results.language,
        notice=results.notice,
    )


def record_feedback(
    uow: UnitOfWork, *, viewer: Actor, need_id: int, organization_id: int, relevant: bool
) -> None:
    """Remember a relevant / not relevant judgement (the latest one wins) for the need's next ranking."""
    with uow:
        need = uow.session.get(Need, need_id)
        if need is None or not _may_view(viewer, need):
            raise NotFound(f"need {need_id} not found")
        if not isinstance(viewer, SystemActor) and not can_edit_need(
            viewer, owner_organization_id=need.organization_id
        ):
            raise PermissionDenied(
                "only members of the organization that owns this need may judge its matches"
            )
        if uow.session.get(Organization, organization_id) is None:
            raise NotFound(f"organization {organization_id} not found")
        existing = uow.session.scalar(
            select(NeedFeedback).where(
                NeedFeedback.need_id == need_id, NeedFeedback.organization_id == organization_id
            )
        )
        if existing is None:
            uow.session.add(
                NeedFeedback(
                    need_id=need_id,
                    organization_id=organization_id,
                    relevant=relevant,
                    user_id=viewer.user_id if isinstance(viewer, Viewer) else None,
                )
            )
        else:
            existing.relevant = relevant
        uow.commit()


def _fits_constraints(org: Organization, constraints: NeedConstraints) -> bool:
    year = org.founded_on.year if org.founded_on else None
    checks = [
        not constraints.stages or org.stage in constraints.stages,
        not constraints.countries or (org.country or "") in {c.upper() for c in constraints.countries},
        constraints.founded_from is None or (year is not None and year >= constraints.founded_from),
        constraints.founded_to is None or (year is not None and year <= constraints.founded_to),
        constraints.funding_min is None
        or (org.total_funding_usd is not None and org.total_funding_usd >= constraints.funding_min),
        constraints.funding_max is None
        or (org.total_funding_usd is not None and org.total_funding_usd <= constraints.funding_max),
    ]
    return all(checks)


def needs_for_startup(
    uow: UnitOfWork, engine: SearchEngine, *, viewer: Actor, organization_id: int, limit: int = 10
) -> list[NeedFit]:
    """The needs a startup fits best: visible needs whose hard constraints it meets, by semantic fit."""
    with uow:
        org = uow.session.get(Organization, organization_id)
        if org is None:
            raise NotFound(f"organization {organization_id} not found")
        org_sectors = {t.slug for t in org.terms}
        # Read inside the unit of work: leaving it expires the row.
        org_text = f"{org.name}. {org.description_en or org.description_ja or ''}"
        needs = [_summary(n) for n in uow.session.scalars(_visible(select(Need), viewer)).all()]
        fitting = [n for n in needs if _fits_constraints(org, NeedConstraints.from_dict(n.constraints))]
    if not fitting:
        return []
    stored = engine.vectors_of([organization_id])
    # Not indexed yet: embed it now rather than answer nothing.
    org_vector = stored[organization_id] if organization_id in stored else engine.encode_query(org_text)
    need_vectors = engine.encoder.encode([need_text(n) for n in fitting])
    norm = float(np.linalg.norm(org_vector)) or 1.0
    sims = need_vectors @ (np.asarray(org_vector, dtype=np.float32) / norm)
    fits: list[NeedFit] = []
    for need, sim in zip(fitting, sims, strict=True):
        shared = sorted(org_sectors.intersection(need.sectors + need.technologies))
        score = float(sim) + 0.1 * len(shared)
        why = [f"semantic similarity {float(sim):.2f}"]
        if shared:
            why.append("shared taxonomy: " + ", ".join(shared))
        if need.constraints:
            why.append("meets the need's constraints")
        fits.append(NeedFit(need=need, score=round(score, 4), why=why))
    fits.sort(key=lambda f: (-f.score, f.need.id))
    return fits[: max(1, limit)]
