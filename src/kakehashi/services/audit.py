"""Audit log: who viewed or changed a confidential object (a need above all), when, and from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kakehashi.adapters.db.models import AuditLog, Need, User
from kakehashi.domain.access import Role, Viewer, can_view_workspace
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput, NotFound
from kakehashi.services.unit_of_work import UnitOfWork

MAX_ENTRIES = 1_000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    user_id: int | None
    user_email: str | None
    organization_id: int | None
    action: str
    entity_type: str
    entity_id: int
    ip: str | None


def record(
    uow: UnitOfWork,
    *,
    viewer: Viewer | None,
    action: AuditAction | str,
    entity_type: str,
    entity_id: int,
    ip: str | None = None,
) -> None:
    """Append one entry (its own small transaction, so a later failure of the caller does not erase it)."""
    try:
        parsed = AuditAction(action)
    except ValueError:
        raise InvalidInput(f"unknown audit action {action!r}") from None
    with uow:
        uow.session.add(
            AuditLog(
                user_id=viewer.user_id if viewer is not None else None,
                organization_id=viewer.organization_id if viewer is not None else None,
                action=parsed.value,
                entity_type=entity_type[:30],
                entity_id=entity_id,
                ip=(ip or None) and ip[:64],
            )
        )
        uow.commit()


def need_trail(uow: UnitOfWork, *, viewer: Viewer, need_id: int, limit: int = 200) -> list[AuditEntry]:
    """Who viewed or changed one need, newest first: for the owning organization's admins and for organizers."""
    limit = max(1, min(limit, MAX_ENTRIES))
    with uow:
        need = uow.session.get(Need, need_id)
        if need is None or not can_view_workspace(viewer, owner_organization_id=need.organization_id):
            raise NotFound(f"no need with id {need_id}")
        if not (viewer.is_organizer or viewer.role is Role.ADMIN):
            # Members may see the need but not who else looked at it.
            raise NotFound(f"no audit trail for need {need_id}")
        rows = uow.session.execute(
            select(AuditLog, User.email)
            .outerjoin(User, User.id == AuditLog.user_id)
            .where(AuditLog.entity_type == "need", AuditLog.entity_id == need_id)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditEntry(
                id=entry.id,
                at=entry.at,
                user_id=entry.user_id,
                user_email=email,
                organization_id=entry.organization_id,
                action=entry.action,
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                ip=entry.ip,
            )
            for entry, email in rows
        ]
