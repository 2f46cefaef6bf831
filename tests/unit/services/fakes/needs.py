"""In-memory stand-in for services.repositories.needs (service unit tests only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kakehashi.domain.access import Visibility
from kakehashi.domain.search import NeedSummary
from kakehashi.services.repositories.needs import AuditEntry, NeedScope, StartupFacts


class FakeNeedsRepository:
    """Needs, judgements and audit entries in plain dicts and lists; organizations are the ids a test adds
    with `add_organization` (startups with their facts)."""

    def __init__(self) -> None:
        self.needs: dict[int, NeedSummary] = {}
        self.organizations: dict[int, StartupFacts | None] = {}
        self.feedback: dict[tuple[int, int], tuple[bool, int | None]] = {}
        self.audit: list[AuditEntry] = []
        self.user_emails: dict[int, str] = {}
        self._next_id = 1

    # --- test set-up ---

    def add_organization(self, organization_id: int, facts: StartupFacts | None = None) -> None:
        self.organizations[organization_id] = facts

    # --- NeedsRepository ---

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
        need = NeedSummary(
            id=self._next_id,
            title=title,
            description=description,
            language=language,
            visibility=visibility,
            organization_id=organization_id,
            sectors=list(sectors),
            technologies=list(technologies),
            constraints=dict(constraints),
        )
        self._next_id += 1
        self.needs[need.id] = need
        return need

    def get(self, need_id: int) -> NeedSummary | None:
        return self.needs.get(need_id)

    def save(self, need: NeedSummary) -> None:
        if need.id in self.needs:
            self.needs[need.id] = replace(need, organization_id=self.needs[need.id].organization_id)

    def delete(self, need_id: int) -> None:
        self.needs.pop(need_id, None)
        for key in [k for k in self.feedback if k[0] == need_id]:
            del self.feedback[key]

    def in_scope(
        self, scope: NeedScope, *, limit: int | None = None, offset: int = 0
    ) -> tuple[list[NeedSummary], int]:
        def included(need: NeedSummary) -> bool:
            if scope.everything:
                return True
            if scope.organization_id is not None and need.organization_id == scope.organization_id:
                return True
            if need.organization_id in scope.shared_organization_ids:
                return True
            return scope.open_calls and need.visibility == Visibility.OPEN.value

        found = sorted((n for n in self.needs.values() if included(n)), key=lambda n: -n.id)
        page = found[offset:] if limit is None else found[offset : offset + limit]
        return page, len(found)

    def organization_exists(self, organization_id: int) -> bool:
        return organization_id in self.organizations

    def startup_facts(self, organization_id: int) -> StartupFacts | None:
        return self.organizations.get(organization_id)

    def judgements(self, need_id: int) -> dict[int, bool]:
        return {org: relevant for (need, org), (relevant, _) in self.feedback.items() if need == need_id}

    def set_judgement(
        self, *, need_id: int, organization_id: int, relevant: bool, user_id: int | None
    ) -> None:
        self.feedback[(need_id, organization_id)] = (relevant, user_id)

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
        self.audit.append(
            AuditEntry(
                id=len(self.audit) + 1,
                at=datetime.now(UTC),
                user_id=user_id,
                user_email=self.user_emails.get(user_id) if user_id is not None else None,
                organization_id=organization_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                ip=ip,
            )
        )

    def audit_trail(self, *, entity_type: str, entity_id: int, limit: int) -> list[AuditEntry]:
        entries = [e for e in self.audit if e.entity_type == entity_type and e.entity_id == entity_id]
        return list(reversed(entries))[:limit]
