"""In-memory stand-in for services.repositories.directory (service unit tests only)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence

from kakehashi.adapters.search.documents import IndexDocument, TaxonomyLabel
from kakehashi.domain.directory import CompanyFilters, CompanyProfile, CompanySummary, FacetCount, TermLabel
from kakehashi.services.repositories.directory import DocumentKey

_EDITABLE = frozenset({"name_en", "name_ja", "description_en", "description_ja", "website", "domain", "city"})


def profile(
    id: int,
    name: str,
    *,
    kind: str = "startup",
    country: str | None = None,
    stage: str | None = None,
    status: str | None = None,
    total_funding_usd: int | None = None,
    terms: Sequence[TermLabel] = (),
    **fields: object,
) -> CompanyProfile:
    """A company profile with every field a test does not name left empty."""
    values: dict[str, object] = {f.name: None for f in dataclasses.fields(CompanyProfile)}
    values.update(
        id=id,
        kind=kind,
        name=name,
        country=country,
        stage=stage,
        status=status,
        total_funding_usd=total_funding_usd,
        is_demo=False,
        terms=list(terms),
        rounds=[],
        investments=[],
        deals=[],
        **fields,
    )
    return CompanyProfile(**values)  # type: ignore[arg-type]


class FakeDirectoryQueries:
    """Profiles and taxonomy terms in dicts; filters applied in Python with the SQL repository's meaning."""

    def __init__(self) -> None:
        self.companies: dict[int, CompanyProfile] = {}
        self.taxonomy: list[TermLabel] = []
        self.external_ids: dict[int, str] = {}
        self.domains: dict[int, str] = {}

    def add(self, company: CompanyProfile) -> CompanyProfile:
        self.companies[company.id] = company
        for term in company.terms:
            if term not in self.taxonomy:
                self.taxonomy.append(term)
        return company

    # --- the protocol -------------------------------------------------------------------------------------

    def _matches(self, company: CompanyProfile, filters: CompanyFilters, skip: str | None = None) -> bool:
        if company.kind == "organizer":
            return False
        slugs = {(t.facet, t.slug) for t in company.terms}
        checks = {
            "kind": filters.kind is None or company.kind == filters.kind,
            "country": filters.country is None or company.country == filters.country,
            "sector": filters.sector is None or ("sector", filters.sector) in slugs,
            "technology": filters.technology is None or ("technology", filters.technology) in slugs,
            "stage": filters.stage is None or company.stage == filters.stage,
            "status": filters.status is None or company.status == filters.status,
        }
        if not all(ok for facet, ok in checks.items() if facet != skip):
            return False
        year = company.founded_on.year if company.founded_on else None
        funding = company.total_funding_usd
        if filters.founded_from is not None and (year is None or year < filters.founded_from):
            return False
        if filters.founded_to is not None and (year is None or year > filters.founded_to):
            return False
        if filters.funding_min_usd is not None and (funding is None or funding < filters.funding_min_usd):
            return False
        if filters.funding_max_usd is not None and (funding is None or funding > filters.funding_max_usd):
            return False
        if filters.text:
            names = (company.name, company.name_ja, company.name_en, company.name_kana)
            return any(filters.text.casefold() in n.casefold() for n in names if n)
        return True

    @staticmethod
    def _summary(company: CompanyProfile) -> CompanySummary:
        return CompanySummary(
            id=company.id,
            kind=company.kind,
            name=company.name,
            name_ja=company.name_ja,
            name_en=company.name_en,
            country=company.country,
            city=company.city,
            stage=company.stage,
            status=company.status,
            founded_year=company.founded_on.year if company.founded_on else None,
            total_funding_usd=company.total_funding_usd,
            description_en=company.description_en,
            description_ja=company.description_ja,
            sectors=company.terms_of("sector"),
        )

    def list_companies(
        self, filters: CompanyFilters, *, limit: int, offset: int
    ) -> tuple[list[CompanySummary], int]:
        found = [c for c in self.companies.values() if self._matches(c, filters)]
        if filters.sort == "-funding":
            found.sort(key=lambda c: (c.total_funding_usd is None, -(c.total_funding_usd or 0), c.id))
        else:
            found.sort(key=lambda c: (c.name.casefold(), c.id))
        return [self._summary(c) for c in found[offset : offset + limit]], len(found)

    def facet_counts(self, filters: CompanyFilters, *, term_limit: int = 40) -> dict[str, list[FacetCount]]:
        facets: dict[str, list[FacetCount]] = {}
        for facet in ("kind", "country", "stage", "status"):
            counts = Counter(
                str(getattr(c, facet))
                for c in self.companies.values()
                if getattr(c, facet) is not None and self._matches(c, filters, skip=facet)
            )
            facets[facet] = [FacetCount(v, n) for v, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
        for facet in ("sector", "technology"):
            labels: dict[str, TermLabel] = {}
            counts = Counter()
            for company in self.companies.values():
                if self._matches(company, filters, skip=facet):
                    for term in company.terms_of(facet):
                        labels[term.slug] = term
                        counts[term.slug] += 1
            ranked = sorted(counts.items(), key=lambda i: (-i[1], i[0]))[:term_limit]
            facets[facet] = [FacetCount(s, n, labels[s].label_en, labels[s].label_ja) for s, n in ranked]
        return facets

    def summaries(self, organization_ids: Sequence[int]) -> list[CompanySummary]:
        return [self._summary(self.companies[i]) for i in organization_ids if i in self.companies]

    def terms(self, facet: str) -> list[TermLabel]:
        return sorted((t for t in self.taxonomy if t.facet == facet), key=lambda t: t.slug)

    def terms_by_slug(self, facet: str, slugs: Sequence[str]) -> list[TermLabel]:
        return [t for t in self.taxonomy if t.facet == facet and t.slug in set(slugs)]

    def company(self, organization_id: int) -> CompanyProfile | None:
        return self.companies.get(organization_id)

    def update_company(self, organization_id: int, changes: Mapping[str, str | None]) -> bool:
        if set(changes) - _EDITABLE:
            raise ValueError(f"not a profile column a startup may edit: {sorted(set(changes) - _EDITABLE)}")
        company = self.companies.get(organization_id)
        if company is None:
            return False
        if "domain" in changes:
            self.domains[organization_id] = changes["domain"] or ""
        fields = {k: v for k, v in changes.items() if k != "domain"}
        self.companies[organization_id] = dataclasses.replace(company, **fields)  # type: ignore[arg-type]
        return True

    def _document(self, company: CompanyProfile) -> IndexDocument:
        return IndexDocument(
            id=company.id,
            name=company.name,
            kind=company.kind,
            description_en=company.description_en or "",
            description_ja=company.description_ja or "",
            taxonomy=tuple(TaxonomyLabel(t.facet, t.slug, t.label_en, t.label_ja) for t in company.terms),
            country=company.country,
            stage=company.stage,
            status=company.status,
            funding_usd=company.total_funding_usd,
        )

    def index_documents(self, organization_ids: Sequence[int]) -> list[IndexDocument]:
        return [self._document(self.companies[i]) for i in organization_ids if i in self.companies]

    def index_documents_after(self, last_id: int, *, limit: int) -> list[IndexDocument]:
        ids = sorted(i for i in self.companies if i > last_id)[:limit]
        return self.index_documents(ids)

    def organization_count(self) -> int:
        return len(self.companies)

    def organization_ids(self) -> set[int]:
        return set(self.companies)

    def document_keys(self) -> list[DocumentKey]:
        return [
            DocumentKey(
                id=c.id, external_id=self.external_ids.get(c.id), name=c.name, domain=self.domains.get(c.id)
            )
            for c in self.companies.values()
        ]
