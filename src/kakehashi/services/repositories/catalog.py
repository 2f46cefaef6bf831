"""Organizations, funding rounds, investors and deals: what imports, exports and the demo load write and read.

Imports work in bulk, so the methods take and return whole lists; chunking of large `IN (...)` look-ups and the
SQL dialect's fastest insert live behind this protocol. Rows going in are plain column -> value mappings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from kakehashi.domain.imports import RowError
from kakehashi.domain.organizations import CompanyRecord
from kakehashi.domain.taxonomy import Term

OrganizationValues = dict[str, Any]  # column name -> value of one organization row
RoundValues = dict[str, Any]  # column name -> value of one funding round row
TermKey = tuple[str, str]  # (facet, slug)


@dataclass(frozen=True)
class OrganizationKey:
    """What imports recognise an organization by."""

    id: int
    name_key: str
    kind: str
    country: str | None
    domain: str | None


@dataclass(frozen=True)
class StoredRound:
    """A funding round as stored; (organization_id, announced_on, round_type) identifies it for imports."""

    id: int
    organization_id: int
    announced_on: date | None
    round_type: str
    amount: int | None
    currency: str | None
    amount_usd: int | None
    usd_source: str | None = None
    usd_rate: float | None = None
    rate_on: date | None = None


@dataclass(frozen=True)
class ProvenanceEntry:
    """Which row of which import batch set which fields of an entity."""

    entity_type: str  # organization | funding_round
    entity_id: int
    row_number: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class NewDeal:
    kind: str
    announced_on: date | None
    amount_usd: int | None
    title: str
    description: str | None
    parties: tuple[tuple[int, str], ...]  # (organization id, role)
    is_demo: bool = False
    amount: int | None = None  # as announced, in `currency`
    currency: str | None = None
    usd_rate: float | None = None  # the ECB rate used for amount_usd, and its day
    rate_on: date | None = None
    country: str | None = None  # where it happens (an R&D centre's country)


@dataclass(frozen=True)
class CatalogStats:
    organizations: int
    by_kind: dict[str, int]
    by_country: dict[str, int]
    by_sector: dict[str, int]
    funding_rounds: int
    deals: int
    demo_organizations: int
    import_batches: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "organizations": self.organizations,
            "by_kind": self.by_kind,
            "by_country": self.by_country,
            "by_sector": self.by_sector,
            "funding_rounds": self.funding_rounds,
            "deals": self.deals,
            "demo_organizations": self.demo_organizations,
            "import_batches": self.import_batches,
        }


class CatalogRepository(Protocol):
    """Organizations, funding rounds, investors and deals: what imports, exports and the demo load use."""

    # taxonomy
    def upsert_terms(self, terms: Iterable[Term]) -> dict[TermKey, int]:
        """Ensure the terms exist (labels of vocabulary terms kept current); (facet, slug) -> id of every term."""
        ...

    # organizations
    def organizations_with_domains(self, domains: Sequence[str]) -> list[OrganizationKey]:
        """Organizations whose web domain is one of `domains`, in id order."""
        ...

    def organizations_with_name_keys(self, keys: Sequence[str]) -> list[OrganizationKey]:
        """Organizations whose normalised name is one of `keys`, in id order."""
        ...

    def organization_values(self, ids: Sequence[int]) -> dict[int, OrganizationValues]:
        """Id -> the stored columns of each organization."""
        ...

    def organizations_with_source_keys(self, source: str, keys: Sequence[str]) -> dict[str, int]:
        """Row id in `source` -> the organization an earlier import of that source made of it."""
        ...

    def add_source_keys(self, source: str, links: Sequence[tuple[str, int]]) -> None:
        """Record (row id in `source`, organization id) for rows not recorded yet."""
        ...

    def term_links(self, organization_ids: Sequence[int]) -> dict[int, set[int]]:
        """Organization id -> ids of its taxonomy terms."""
        ...

    def add_organizations(self, rows: list[OrganizationValues]) -> list[int]:
        """Insert organizations; returns their new ids in row order."""
        ...

    def update_organizations(self, changes: list[OrganizationValues]) -> None:
        """Apply column changes; each mapping holds the organization's `id` and the columns to set."""
        ...

    def link_terms(self, links: list[tuple[int, int]]) -> None:
        """Add (organization id, term id) links."""
        ...

    def after_bulk_load(self, created: int) -> None:
        """Let the database see a large load's new rows (planner statistics); never fails the import."""
        ...

    # import batches and provenance
    def start_batch(self, *, kind: str, source: str, file_name: str, file_sha256: str) -> int: ...

    def finish_batch(
        self,
        batch_id: int,
        *,
        created: int,
        updated: int,
        unchanged: int,
        rejected: int,
        errors: Sequence[RowError],
    ) -> None: ...

    def add_provenance(self, batch_id: int, entries: Sequence[ProvenanceEntry]) -> None: ...

    # funding rounds
    def rounds_of(self, organization_ids: Sequence[int]) -> list[StoredRound]: ...

    def round_investors(self, round_ids: Sequence[int]) -> dict[int, dict[int, bool]]:
        """Round id -> {investor id: is lead}."""
        ...

    def add_rounds(self, rows: list[RoundValues]) -> list[int]:
        """Insert funding rounds; returns their new ids in row order."""
        ...

    def update_rounds(self, changes: list[RoundValues]) -> None: ...

    def link_investors(self, links: list[tuple[int, int, bool]]) -> None:
        """Add (round id, investor id, is lead) links."""
        ...

    def mark_leads(self, links: list[tuple[int, int]]) -> None:
        """Mark existing (round id, investor id) links as lead investors."""
        ...

    # deals
    def demo_deal_titles(self) -> set[str]: ...

    def add_deals(self, deals: Sequence[NewDeal]) -> list[int]: ...

    # reading the catalogue
    def demo_organization_ids(self) -> dict[str, int]:
        """Name key -> id of the demo organizations."""
        ...

    def count_catalogue_organizations(self) -> int:
        """Organizations other than organizers (those come with the first accounts, not with the catalogue)."""
        ...

    def company_records(self, *, kind: str | None = None, batch_size: int = 2000) -> Iterator[CompanyRecord]:
        """Every organization (optionally of one kind) as a CompanyRecord, in id order, read in batches.

        Each record's `source_ids` lists the 'source:id' of every imported row merged into it.
        """
        ...

    def stats(self) -> CatalogStats: ...
