"""Read-side queries over the catalogue: filtered lists, facet counts, one profile; plus the organizations the
search index is built from and the one write a startup makes to its own profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.domain.directory import CompanyFilters, CompanyProfile, CompanySummary, FacetCount, TermLabel


@dataclass(frozen=True, slots=True)
class DocumentKey:
    """The ways a judged document of an evaluation set may name an organization."""

    id: int
    external_id: str | None
    name: str
    domain: str | None


class DirectoryQueries(Protocol):
    """Read-side queries over the catalogue: filtered lists, facet counts, one profile.

    Filters reach the repository already validated (services.directory.normalize_filters); organizers are
    never listed, counted or shown as companies.
    """

    def list_companies(
        self, filters: CompanyFilters, *, limit: int, offset: int
    ) -> tuple[list[CompanySummary], int]:
        """One page of summaries in the filters' sort order, and how many match in all."""
        ...

    def facet_counts(self, filters: CompanyFilters, *, term_limit: int = 40) -> dict[str, list[FacetCount]]:
        """Counts per value of kind, country, stage, status, sector and technology (each facet counted
        within the other filters, so the alternatives show), most frequent first."""
        ...

    def summaries(self, organization_ids: Sequence[int]) -> list[CompanySummary]:
        """Summaries of the given ids that exist (any order)."""
        ...

    def terms(self, facet: str) -> list[TermLabel]:
        """Every taxonomy term of a facet, by slug."""
        ...

    def terms_by_slug(self, facet: str, slugs: Sequence[str]) -> list[TermLabel]:
        """The taxonomy terms of a facet with these slugs (unknown slugs are absent)."""
        ...

    def company(self, organization_id: int) -> CompanyProfile | None:
        """The full profile (rounds oldest first; investments and deals newest first), or None."""
        ...

    def update_company(self, organization_id: int, changes: Mapping[str, str | None]) -> bool:
        """Set profile columns (names, descriptions, website, domain, city); False when there is no such row."""
        ...

    def index_documents(self, organization_ids: Sequence[int]) -> list[IndexDocument]:
        """What the search index holds for each of these organizations that exists."""
        ...

    def index_documents_after(self, last_id: int, *, limit: int) -> list[IndexDocument]:
        """The next `limit` organizations by id after `last_id`, as index documents (for streaming rebuilds)."""
        ...

    def organization_count(self) -> int: ...

    def organization_ids(self) -> set[int]: ...

    def document_keys(self) -> list[DocumentKey]:
        """Id, external id, name and domain of every organization (to resolve judged document ids)."""
        ...
