"""Technology needs, the feedback on their matches, and the audit log of who viewed or changed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kakehashi.domain.search import NeedSummary


@dataclass(frozen=True, slots=True)
class NeedScope:
    """Which needs a reader may list: everything (the command line), those of one organization, those of the
    organizations sharing with an organizer, and open calls (startups, organizers). The empty scope lists
    nothing (an anonymous visitor)."""

    everything: bool = False
    organization_id: int | None = None
    open_calls: bool = False
    shared_organization_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class StartupFacts:
    """What matching a startup to needs reads about it: its hard facts and its taxonomy slugs."""

    id: int
    name: str
    description: str  # English if there is one, else Japanese, else ""
    country: str | None
    stage: str | None
    founded_year: int | None
    total_funding_usd: int | None
    term_slugs: frozenset[str]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log, with the e-mail of the user who acted (None once the account is gone)."""

    id: int
    at: datetime
    user_id: int | None
    user_email: str | None
    organization_id: int | None
    action: str
    entity_type: str
    entity_id: int
    ip: str | None


class NeedsRepository(Protocol):
    """Technology needs, the feedback on their matches, and the audit log."""

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
        """Store a new need and return it with its id."""
        ...

    def get(self, need_id: int) -> NeedSummary | None: ...

    def save(self, need: NeedSummary) -> None:
        """Write every field of an existing need (its id and owner stay)."""
        ...

    def delete(self, need_id: int) -> None:
        """Remove a need; its feedback and notes go with it."""
        ...

    def in_scope(
        self, scope: NeedScope, *, limit: int | None = None, offset: int = 0
    ) -> tuple[list[NeedSummary], int]:
        """The needs in scope, newest first (a page of them when limit is given), and how many there are."""
        ...

    def organization_exists(self, organization_id: int) -> bool: ...

    def startup_facts(self, organization_id: int) -> StartupFacts | None: ...

    def judgements(self, need_id: int) -> dict[int, bool]:
        """Relevant (True) / not relevant (False) by organization id, for one need."""
        ...

    def set_judgement(
        self, *, need_id: int, organization_id: int, relevant: bool, user_id: int | None
    ) -> None:
        """Record a judgement; a later one on the same startup replaces it."""
        ...

    def add_audit_entry(
        self,
        *,
        user_id: int | None,
        organization_id: int | None,
        action: str,
        entity_type: str,
        entity_id: int,
        ip: str | None,
    ) -> None: ...

    def audit_trail(self, *, entity_type: str, entity_id: int, limit: int) -> list[AuditEntry]:
        """Entries about one object, newest first."""
        ...
