"""Meeting requests inside a mission: wishes from either side, answers, expiry."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, timedelta

from kakehashi.domain.access import SystemActor
from kakehashi.domain.errors import InvalidInput, NotFound
from kakehashi.domain.organizations import normalize_name
from kakehashi.services.missions.access import (
    Actor,
    check_can_plan,
    plannable_mission,
    visible_mission,
)
from kakehashi.services.missions.results import RequestItem
from kakehashi.services.missions.store import now_or
from kakehashi.services.repositories.missions import MissionRecord, RequestRecord
from kakehashi.services.unit_of_work import UnitOfWork

ORIGINS = ("delegate", "host", "mutual", "organizer")
REQUEST_STATUSES = ("pending", "accepted", "declined", "expired", "cancelled")


def list_requests(
    uow: UnitOfWork, *, viewer: Actor, mission_id: int, status: str | None = None
) -> list[RequestItem]:
    """The mission's meeting requests, optionally of one status."""
    with uow:
        mission = visible_mission(uow, viewer, mission_id)
        return [RequestItem.of(r) for r in mission.requests if status is None or r.status == status]


def _participant_with_role(mission: MissionRecord, key: str, role: str) -> None:
    participant = mission.participant(key)
    if participant is None:
        raise NotFound(
            'no participant "{participant}" in mission {mission_id}', participant=key, mission_id=mission.id
        )
    if participant.role != role:
        raise InvalidInput(
            '"{participant}" is a {actual}, not a {role}', participant=key, actual=participant.role, role=role
        )


def _add(
    uow: UnitOfWork,
    mission: MissionRecord,
    *,
    delegate: str,
    host: str,
    weight: float,
    mandatory: bool,
    origin: str,
    note: str | None,
    ttl_days: int,
    moment: datetime,
) -> RequestRecord:
    if origin not in ORIGINS:
        raise InvalidInput(
            "origin must be one of {choices}, not {origin!r}", choices=", ".join(ORIGINS), origin=origin
        )
    if not (weight > 0):
        raise InvalidInput("the weight must be positive, not {weight}", weight=weight)
    _participant_with_role(mission, delegate, "delegate")
    _participant_with_role(mission, host, "host")
    existing = mission.request(delegate, host)
    if existing is not None:
        answering = existing.status == "pending" and {existing.origin, origin} == {"delegate", "host"}
        if not answering:
            raise InvalidInput(
                '"{delegate}" -> "{host}" is already requested ({status})',
                delegate=delegate,
                host=host,
                status=existing.status,
            )
        mutual = replace(
            existing,
            origin="mutual",
            status="accepted",
            weight=max(existing.weight, weight),
            mandatory=existing.mandatory or mandatory,
            expires_at=None,
        )
        uow.missions.update_request(mutual)
        return mutual
    accepted = origin in ("organizer", "mutual")
    return uow.missions.add_request(
        mission.id,
        RequestRecord(
            id=0,
            delegate=delegate,
            host=host,
            weight=weight,
            mandatory=mandatory,
            origin=origin,
            status="accepted" if accepted else "pending",
            created_at=moment,
            expires_at=None if accepted else moment + timedelta(days=ttl_days),
            note=note,
        ),
    )


def add_request(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    delegate: str,
    host: str,
    weight: float = 1.0,
    mandatory: bool = False,
    origin: str = "organizer",
    note: str | None = None,
    ttl_days: int = 14,
    now: datetime | None = None,
) -> RequestItem:
    """Record a wish to meet. The organizer's and mutual wishes are accepted at once; a wish from one side
    waits for the other side until it expires, and the same wish from both sides becomes mutual."""
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        request = _add(
            uow,
            mission,
            delegate=delegate,
            host=host,
            weight=weight,
            mandatory=mandatory,
            origin=origin,
            note=note,
            ttl_days=ttl_days,
            moment=now_or(now),
        )
        uow.commit()
    return RequestItem.of(request)


def request_hosts_named(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    delegate: str,
    names: Collection[str],
    ttl_days: int = 14,
    now: datetime | None = None,
) -> list[RequestItem]:
    """One organizer request from the delegate to every host of the mission whose organization or name is
    among `names` (a shortlist's companies); all or nothing."""
    wanted = {normalize_name(n) for n in names}
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        hosts = [
            p.key
            for p in mission.participants
            if p.role == "host"
            and p.status == "active"
            and (normalize_name(p.organization_name or p.name) in wanted or normalize_name(p.name) in wanted)
        ]
        added = []
        for host in hosts:
            added.append(
                _add(
                    uow,
                    mission,
                    delegate=delegate,
                    host=host,
                    weight=1.0,
                    mandatory=False,
                    origin="organizer",
                    note=None,
                    ttl_days=ttl_days,
                    moment=now_or(now),
                )
            )
            mission = uow.missions.get(mission_id) or mission
        uow.commit()
    return [RequestItem.of(r) for r in added]


def respond_to_request(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int,
    delegate: str,
    host: str,
    accept: bool,
    now: datetime | None = None,
) -> RequestItem:
    """The other side accepts or declines a pending request; an expired one can no longer be answered."""
    with uow:
        mission = plannable_mission(uow, viewer, mission_id)
        request = mission.request(delegate, host)
        if request is None:
            raise NotFound('no request "{delegate}" -> "{host}"', delegate=delegate, host=host)
        moment = now_or(now)
        if request.status == "pending" and request.expires_at is not None and request.expires_at <= moment:
            uow.missions.update_request(replace(request, status="expired"))
            uow.commit()
            raise InvalidInput(
                'the request "{delegate}" -> "{host}" expired; ask again', delegate=delegate, host=host
            )
        if request.status != "pending":
            raise InvalidInput(
                'the request "{delegate}" -> "{host}" is {status}, not pending',
                delegate=delegate,
                host=host,
                status=request.status,
            )
        answered = replace(request, status="accepted" if accept else "declined", expires_at=None)
        uow.missions.update_request(answered)
        uow.commit()
    return RequestItem.of(answered)


def expire_requests(
    uow: UnitOfWork,
    *,
    viewer: Actor,
    mission_id: int | None = None,
    ttl_days: int = 14,
    now: datetime | None = None,
) -> int:
    """Mark pending requests older than their expiry (or `ttl_days` when none was set) as expired."""
    moment = now_or(now)
    with uow:
        if mission_id is not None:
            plannable_mission(uow, viewer, mission_id)
        elif not isinstance(viewer, SystemActor):
            check_can_plan(viewer)
        expired = 0
        for request in uow.missions.pending_requests(mission_id=mission_id):
            deadline = request.expires_at or request.created_at + timedelta(days=ttl_days)
            if deadline <= moment:
                uow.missions.update_request(replace(request, status="expired"))
                expired += 1
        uow.commit()
    return expired
