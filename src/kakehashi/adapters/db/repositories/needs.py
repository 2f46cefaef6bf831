"""SQLAlchemy implementation of services.repositories.needs.NeedsRepository."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import AuditLog, Need, NeedFeedback, Organization, User
from kakehashi.domain.access import Visibility
from kakehashi.domain.search import NeedSummary
from kakehashi.services.repositories.needs import AuditEntry, NeedScope, StartupFacts


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


def _scoped(statement: Select[Any], scope: NeedScope) -> Select[Any]:
    if scope.everything:
        return statement
    conditions = []
    if scope.organization_id is not None:
        conditions.append(Need.organization_id == scope.organization_id)
    if scope.open_calls:
        conditions.append(Need.visibility == Visibility.OPEN.value)
    if scope.shared_organization_ids:
        conditions.append(Need.organization_id.in_(sorted(scope.shared_organization_ids)))
    return statement.where(or_(*conditions) if conditions else false())


class SqlAlchemyNeedsRepository:
    """Technology needs, the feedback on their matches, and the audit log."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        *,
        organization_id: int | None,
        created_by_user_id: int | None,
        title: str,
        description: str,
        language: str,
        visibility: str,
        sectors: list[str],
        technologies: list[str],
        constraints: dict[str, object],
    ) -> NeedSummary:
        need = Need(
            organization_id=organization_id,
            created_by_user_id=created_by_user_id,
            title=title,
            description=description,
            language=language,
            visibility=visibility,
            sectors=list(sectors),
            technologies=list(technologies),
            constraints=dict(constraints),
        )
        self.session.add(need)
        self.session.flush()
        return _summary(need)

    def get(self, need_id: int) -> NeedSummary | None:
        need = self.session.get(Need, need_id)
        return _summary(need) if need is not None else None

    def save(self, need: NeedSummary) -> None:
        row = self.session.get(Need, need.id)
        if row is None:
            return
        row.title = need.title
        row.description = need.description
        row.language = need.language
        row.visibility = need.visibility
        row.sectors = list(need.sectors)
        row.technologies = list(need.technologies)
        row.constraints = dict(need.constraints)
        self.session.flush()

    def delete(self, need_id: int) -> None:
        row = self.session.get(Need, need_id)
        if row is not None:
            # Feedback and notes go by the foreign keys' ON DELETE CASCADE.
            self.session.delete(row)
            self.session.flush()

    def in_scope(
        self, scope: NeedScope, *, limit: int | None = None, offset: int = 0
    ) -> tuple[list[NeedSummary], int]:
        base = _scoped(select(Need), scope)
        total = int(self.session.scalar(select(func.count()).select_from(base.subquery())) or 0)
        statement = base.order_by(Need.id.desc()).offset(max(0, offset))
        if limit is not None:
            statement = statement.limit(limit)
        return [_summary(n) for n in self.session.scalars(statement).all()], total

    def organization_exists(self, organization_id: int) -> bool:
        return self.session.get(Organization, organization_id) is not None

    def startup_facts(self, organization_id: int) -> StartupFacts | None:
        org = self.session.get(Organization, organization_id)
        if org is None:
            return None
        return StartupFacts(
            id=org.id,
            name=org.name,
            description=org.description_en or org.description_ja or "",
            country=org.country,
            stage=org.stage,
            founded_year=org.founded_on.year if org.founded_on else None,
            total_funding_usd=org.total_funding_usd,
            term_slugs=frozenset(t.slug for t in org.terms),
        )

    def judgements(self, need_id: int) -> dict[int, bool]:
        rows = self.session.execute(
            select(NeedFeedback.organization_id, NeedFeedback.relevant).where(NeedFeedback.need_id == need_id)
        ).all()
        return {int(r.organization_id): bool(r.relevant) for r in rows}

    def set_judgement(
        self, *, need_id: int, organization_id: int, relevant: bool, user_id: int | None
    ) -> None:
        existing = self.session.scalar(
            select(NeedFeedback).where(
                NeedFeedback.need_id == need_id, NeedFeedback.organization_id == organization_id
            )
        )
        if existing is None:
            self.session.add(
                NeedFeedback(
                    need_id=need_id, organization_id=organization_id, relevant=relevant, user_id=user_id
                )
            )
        else:
            existing.relevant = relevant
        self.session.flush()

    def add_audit_entry(
        self,
        *,
        user_id: int | None,
        organization_id: int | None,
        action: str,
        entity_type: str,
        entity_id: int,
        ip: str | None,
    ) -> None:
        self.session.add(
            AuditLog(
                user_id=user_id,
                organization_id=organization_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                ip=ip,
            )
        )

    def audit_trail(self, *, entity_type: str, entity_id: int, limit: int) -> list[AuditEntry]:
        rows = self.session.execute(
            select(AuditLog, User.email)
            .outerjoin(User, User.id == AuditLog.user_id)
            .where(AuditLog.entity_type == entity_type, AuditLog.entity_id == entity_id)
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
