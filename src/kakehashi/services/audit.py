"""Audit log: who viewed or changed a confidential object (a need above all), when, and from where."""

from __future__ import annotations

from kakehashi.domain.access import Viewer
from kakehashi.domain.accounts import AuditAction
from kakehashi.domain.errors import InvalidInput
from kakehashi.services.repositories.needs import AuditEntry
from kakehashi.services.unit_of_work import UnitOfWork

__all__ = ["MAX_ENTRIES", "AuditEntry", "append", "record"]

MAX_ENTRIES = 1_000


def append(
    uow: UnitOfWork,
    *,
    viewer: Viewer | None,
    action: AuditAction | str,
    entity_type: str,
    entity_id: int,
    ip: str | None = None,
) -> None:
    """Add one entry inside a unit of work the caller has opened: it commits with the caller's change, so
    a change is never stored without its entry. A viewer of None is the command line (no user)."""
    try:
        parsed = AuditAction(action)
    except ValueError:
        raise InvalidInput("unknown audit action {action}", action=str(action)) from None
    uow.needs.add_audit_entry(
        user_id=viewer.user_id if viewer is not None else None,
        organization_id=viewer.organization_id if viewer is not None else None,
        action=parsed.value,
        entity_type=entity_type[:30],
        entity_id=entity_id,
        ip=(ip or None) and ip[:64],
    )


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
    with uow:
        append(uow, viewer=viewer, action=action, entity_type=entity_type, entity_id=entity_id, ip=ip)
        uow.commit()
