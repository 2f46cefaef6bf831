"""In-memory stand-in for services.repositories.catalog (service unit tests only)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kakehashi.domain.imports import RowError
from kakehashi.domain.organizations import (
    CompanyRecord,
    DateConfidence,
    EmployeeRange,
    OperatingStatus,
    OrganizationKind,
    PartialDate,
    Stage,
)
from kakehashi.domain.taxonomy import Facet, Term
from kakehashi.services.repositories.catalog import (
    CatalogStats,
    NewDeal,
    OrganizationKey,
    OrganizationValues,
    ProvenanceEntry,
    RoundValues,
    StoredRound,
    TermKey,
)


class FakeCatalogRepository:
    """Keeps organizations, terms, rounds, batches and deals in plain dicts and lists."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.organizations: dict[int, OrganizationValues] = {}
        self.terms: dict[TermKey, dict[str, Any]] = {}  # (facet, slug) -> {id, label_en, label_ja}
        self.organization_terms: set[tuple[int, int]] = set()
        self.rounds: dict[int, StoredRound] = {}
        self.round_links: dict[tuple[int, int], bool] = {}  # (round id, investor id) -> is lead
        self.batches: dict[int, dict[str, Any]] = {}
        self.provenance: list[tuple[int, ProvenanceEntry]] = []
        self.deals: list[NewDeal] = []
        self.bulk_loads: list[int] = []
        self.source_keys: dict[tuple[str, str], int] = {}  # (source, row id) -> organization id, in order

    # taxonomy
    def upsert_terms(self, terms: Iterable[Term]) -> dict[TermKey, int]:
        for term in terms:
            key = (str(term.facet), term.slug)
            if key not in self.terms:
                self.terms[key] = {
                    "id": next(self._ids),
                    "label_en": term.label_en,
                    "label_ja": term.label_ja,
                }
            elif term.facet is not Facet.TAG:
                self.terms[key].update(label_en=term.label_en, label_ja=term.label_ja)
        return {key: row["id"] for key, row in self.terms.items()}

    # organizations
    def _key(self, org_id: int) -> OrganizationKey:
        row = self.organizations[org_id]
        return OrganizationKey(org_id, row["name_key"], row["kind"], row["country"], row["domain"])

    def organizations_with_domains(self, domains: Sequence[str]) -> list[OrganizationKey]:
        wanted = set(domains)
        return [self._key(i) for i, row in sorted(self.organizations.items()) if row["domain"] in wanted]

    def organizations_with_name_keys(self, keys: Sequence[str]) -> list[OrganizationKey]:
        wanted = set(keys)
        return [self._key(i) for i, row in sorted(self.organizations.items()) if row["name_key"] in wanted]

    def organization_values(self, ids: Sequence[int]) -> dict[int, OrganizationValues]:
        return {i: dict(self.organizations[i]) for i in ids if i in self.organizations}

    def organizations_with_source_keys(self, source: str, keys: Sequence[str]) -> dict[str, int]:
        return {key: self.source_keys[(source, key)] for key in keys if (source, key) in self.source_keys}

    def add_source_keys(self, source: str, links: Sequence[tuple[str, int]]) -> None:
        for key, organization_id in links:
            self.source_keys.setdefault((source, key), organization_id)

    def term_links(self, organization_ids: Sequence[int]) -> dict[int, set[int]]:
        wanted = set(organization_ids)
        links: dict[int, set[int]] = {}
        for organization_id, term_id in self.organization_terms:
            if organization_id in wanted:
                links.setdefault(organization_id, set()).add(term_id)
        return links

    def add_organizations(self, rows: list[OrganizationValues]) -> list[int]:
        ids = []
        for row in rows:
            new_id = next(self._ids)
            self.organizations[new_id] = {"id": new_id, **row}
            ids.append(new_id)
        return ids

    def update_organizations(self, changes: list[OrganizationValues]) -> None:
        for change in changes:
            self.organizations[change["id"]].update(change)

    def link_terms(self, links: list[tuple[int, int]]) -> None:
        self.organization_terms.update(links)

    def after_bulk_load(self, created: int) -> None:
        self.bulk_loads.append(created)

    # import batches and provenance
    def start_batch(self, *, kind: str, source: str, file_name: str, file_sha256: str) -> int:
        batch_id = next(self._ids)
        self.batches[batch_id] = {
            "kind": kind,
            "source": source,
            "file_name": file_name,
            "file_sha256": file_sha256,
        }
        return batch_id

    def finish_batch(
        self,
        batch_id: int,
        *,
        created: int,
        updated: int,
        unchanged: int,
        rejected: int,
        errors: Sequence[RowError],
    ) -> None:
        self.batches[batch_id].update(
            created=created, updated=updated, unchanged=unchanged, rejected=rejected, errors=list(errors)
        )

    def add_provenance(self, batch_id: int, entries: Sequence[ProvenanceEntry]) -> None:
        self.provenance += [(batch_id, entry) for entry in entries]

    # funding rounds
    def rounds_of(self, organization_ids: Sequence[int]) -> list[StoredRound]:
        wanted = set(organization_ids)
        return [found for found in self.rounds.values() if found.organization_id in wanted]

    def round_investors(self, round_ids: Sequence[int]) -> dict[int, dict[int, bool]]:
        wanted = set(round_ids)
        links: dict[int, dict[int, bool]] = {}
        for (round_id, investor_id), lead in self.round_links.items():
            if round_id in wanted:
                links.setdefault(round_id, {})[investor_id] = lead
        return links

    def add_rounds(self, rows: list[RoundValues]) -> list[int]:
        ids = []
        for row in rows:
            new_id = next(self._ids)
            self.rounds[new_id] = StoredRound(id=new_id, **row)
            ids.append(new_id)
        return ids

    def update_rounds(self, changes: list[RoundValues]) -> None:
        for change in changes:
            values = {k: v for k, v in change.items() if k != "id"}
            self.rounds[change["id"]] = dataclasses.replace(self.rounds[change["id"]], **values)

    def link_investors(self, links: list[tuple[int, int, bool]]) -> None:
        for round_id, investor_id, lead in links:
            self.round_links[(round_id, investor_id)] = lead

    def mark_leads(self, links: list[tuple[int, int]]) -> None:
        for link in links:
            self.round_links[link] = True

    # deals
    def demo_deal_titles(self) -> set[str]:
        return {deal.title for deal in self.deals if deal.is_demo}

    def add_deals(self, deals: Sequence[NewDeal]) -> None:
        self.deals += deals

    # reading the catalogue
    def demo_organization_ids(self) -> dict[str, int]:
        return {row["name_key"]: i for i, row in self.organizations.items() if row["is_demo"]}

    def count_catalogue_organizations(self) -> int:
        return sum(row["kind"] != OrganizationKind.ORGANIZER for row in self.organizations.values())

    def company_records(self, *, kind: str | None = None, batch_size: int = 2000) -> Iterator[CompanyRecord]:
        labels = {row["id"]: (facet, row["label_en"]) for (facet, _slug), row in self.terms.items()}
        for org_id, row in sorted(self.organizations.items()):
            if kind and row["kind"] != kind:
                continue
            terms = [labels[t] for o, t in sorted(self.organization_terms) if o == org_id]
            source_ids = [f"{s}:{k}" for (s, k), o in self.source_keys.items() if o == org_id]
            yield _record(row, terms, source_ids)

    def stats(self) -> CatalogStats:
        rows = list(self.organizations.values())
        by_kind: dict[str, int] = {}
        by_country: dict[str, int] = {}
        for row in rows:
            by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
            if row["country"]:
                by_country[row["country"]] = by_country.get(row["country"], 0) + 1
        sector_labels = {
            row["id"]: row["label_en"] for (f, _s), row in self.terms.items() if f == Facet.SECTOR
        }
        by_sector: dict[str, int] = {}
        for _org, term_id in self.organization_terms:
            if term_id in sector_labels:
                by_sector[sector_labels[term_id]] = by_sector.get(sector_labels[term_id], 0) + 1
        return CatalogStats(
            organizations=len(rows),
            by_kind=by_kind,
            by_country=dict(sorted(by_country.items(), key=lambda item: (-item[1], item[0]))[:15]),
            by_sector=dict(sorted(by_sector.items(), key=lambda item: (-item[1], item[0]))),
            funding_rounds=len(self.rounds),
            deals=len(self.deals),
            demo_organizations=sum(bool(row["is_demo"]) for row in rows),
            import_batches=len(self.batches),
        )


def _record(row: OrganizationValues, terms: list[tuple[str, str]], source_ids: list[str]) -> CompanyRecord:
    founded = (
        PartialDate(row["founded_on"], DateConfidence(row["founded_precision"] or "day"))
        if row["founded_on"]
        else None
    )
    has_employees = row["employees_min"] is not None or row["employees_max"] is not None
    return CompanyRecord(
        name=row["name"],
        kind=OrganizationKind(row["kind"]),
        name_ja=row["name_ja"],
        name_kana=row["name_kana"],
        name_en=row["name_en"],
        country=row["country"],
        city=row["city"],
        website=row["website"],
        founded=founded,
        employees=EmployeeRange(row["employees_min"], row["employees_max"]) if has_employees else None,
        status=OperatingStatus(row["status"]) if row["status"] else None,
        stage=Stage(row["stage"]) if row["stage"] else None,
        total_funding_usd=row["total_funding_usd"],
        description_en=row["description_en"],
        description_ja=row["description_ja"],
        sectors=[label for facet, label in terms if facet == Facet.SECTOR],
        technologies=[label for facet, label in terms if facet == Facet.TECHNOLOGY],
        tags=[label for facet, label in terms if facet in (Facet.TAG, Facet.INDUSTRY)],
        external_id=row["external_id"],
        is_demo=bool(row["is_demo"]),
        address=row.get("address"),
        prefecture=row.get("prefecture"),
        municipality=row.get("municipality"),
        corporate_number=row.get("corporate_number"),
        securities_code=row.get("securities_code"),
        source_ids=source_ids,
    )
