"""Startups matched to a need (and needs to a startup), re-ranked by the owner's feedback; each match of a
need is audited as a view of it, whether the API, a page or the command line asked."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.adapters.search.judgements import Feedback
from kakehashi.domain.access import Viewer
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.search import NeedConstraints, NeedFit, NeedSummary, SearchFilters, SearchResults
from kakehashi.services.needs.access import (
    Actor,
    load_visible,
    log,
    may_edit,
    may_see_matches,
    scope_for,
    user_id_of,
)
from kakehashi.services.repositories.needs import StartupFacts
from kakehashi.services.unit_of_work import UnitOfWork

JAPAN_WORDS = ("japan", "japanese", "tokyo", "osaka", "日本", "東京", "大阪")


@dataclass(frozen=True, slots=True)
class NeedPage:
    """What a need's page shows: the need, its matches when the viewer may see them (else None), and
    whether the viewer may judge them."""

    need: NeedSummary
    matches: SearchResults | None
    may_judge: bool


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


def _rank(engine: SearchEngine, need: NeedSummary, judgements: dict[int, bool], limit: int) -> SearchResults:
    """The engine's ranking for the need's text under its hard constraints, bent by the judgements."""
    constraints = NeedConstraints.from_dict(need.constraints)
    feedback = None
    if judgements:
        feedback = Feedback(
            relevant=tuple(org for org, relevant in judgements.items() if relevant),
            not_relevant=tuple(org for org, relevant in judgements.items() if not relevant),
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


def match_need(
    uow: UnitOfWork,
    engine: SearchEngine,
    *,
    viewer: Actor,
    need_id: int,
    limit: int = 20,
    ip: str | None = None,
) -> SearchResults:
    """Startups ranked for a need with reasons, for its organization and organizers only (NotFound for
    anyone else); the need's feedback moves judged startups up or down. The view is logged."""
    with uow:
        need = load_visible(uow, viewer, need_id)
        if not may_see_matches(uow, viewer, need):
            raise NotFound("need {need_id} not found", need_id=need_id)
        results = _rank(engine, need, uow.needs.judgements(need_id), limit)
        log(uow, viewer, AuditAction.VIEW, need_id, ip)
        uow.commit()
    return results


def open_need(
    uow: UnitOfWork,
    engine: SearchEngine,
    *,
    viewer: Actor,
    need_id: int,
    limit: int = 20,
    ip: str | None = None,
) -> NeedPage:
    """A need with its matches when the viewer may see them (a startup reading an open call sees the call
    only): one view, logged once, like match_need."""
    with uow:
        need = load_visible(uow, viewer, need_id)
        matches = None
        if may_see_matches(uow, viewer, need):
            matches = _rank(engine, need, uow.needs.judgements(need_id), limit)
        log(uow, viewer, AuditAction.VIEW, need_id, ip)
        uow.commit()
    return NeedPage(need=need, matches=matches, may_judge=may_edit(viewer, need))


def judge_match(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    need_id: int,
    organization_id: int,
    relevant: bool,
    ip: str | None = None,
) -> None:
    """Relevant / not relevant on one matched startup (the latest judgement wins) for the need's next
    ranking; logged as a change of the need."""
    with uow:
        need = load_visible(uow, viewer, need_id)
        if not may_edit(viewer, need):
            raise PermissionDenied(
                "only members of the organization that owns this need may judge its matches"
            )
        if not uow.needs.organization_exists(organization_id):
            raise NotFound("organization {organization_id} not found", organization_id=organization_id)
        viewer_org = viewer.organization_id if isinstance(viewer, Viewer) else None
        if organization_id in (need.organization_id, viewer_org):
            raise InvalidInput("an organization cannot judge itself as a match for its own need")
        uow.needs.set_judgement(
            need_id=need_id, organization_id=organization_id, relevant=relevant, user_id=user_id_of(viewer)
        )
        log(uow, viewer, AuditAction.UPDATE, need_id, ip)
        uow.commit()


def _fits_constraints(startup: StartupFacts, constraints: NeedConstraints) -> bool:
    year = startup.founded_year
    funding = startup.total_funding_usd
    checks = [
        not constraints.stages or startup.stage in constraints.stages,
        not constraints.countries or (startup.country or "") in {c.upper() for c in constraints.countries},
        constraints.founded_from is None or (year is not None and year >= constraints.founded_from),
        constraints.founded_to is None or (year is not None and year <= constraints.founded_to),
        constraints.funding_min is None or (funding is not None and funding >= constraints.funding_min),
        constraints.funding_max is None or (funding is not None and funding <= constraints.funding_max),
    ]
    return all(checks)


def needs_for_startup(
    uow: UnitOfWork, engine: SearchEngine, *, viewer: Actor, organization_id: int, limit: int = 10
) -> list[NeedFit]:
    """The needs a startup fits best: visible needs whose hard constraints it meets, by semantic fit."""
    with uow:
        startup = uow.needs.startup_facts(organization_id)
        if startup is None:
            raise NotFound("organization {organization_id} not found", organization_id=organization_id)
        visible, _ = uow.needs.in_scope(scope_for(uow, viewer))
    fitting = [n for n in visible if _fits_constraints(startup, NeedConstraints.from_dict(n.constraints))]
    if not fitting:
        return []
    stored = engine.vectors_of([organization_id])
    # Not indexed yet: embed it now rather than answer nothing.
    startup_text = f"{startup.name}. {startup.description}"
    org_vector = stored[organization_id] if organization_id in stored else engine.encode_query(startup_text)
    need_vectors = engine.encoder.encode([need_text(n) for n in fitting])
    norm = float(np.linalg.norm(org_vector)) or 1.0
    sims = need_vectors @ (np.asarray(org_vector, dtype=np.float32) / norm)
    fits: list[NeedFit] = []
    for need, sim in zip(fitting, sims, strict=True):
        shared = sorted(startup.term_slugs.intersection(need.sectors + need.technologies))
        score = float(sim) + 0.1 * len(shared)
        why = [f"semantic similarity {float(sim):.2f}"]
        if shared:
            why.append("shared taxonomy: " + ", ".join(shared))
        if need.constraints:
            why.append("meets the need's constraints")
        fits.append(NeedFit(need=need, score=round(score, 4), why=why))
    fits.sort(key=lambda f: (-f.score, f.need.id))
    return fits[: max(1, limit)]
