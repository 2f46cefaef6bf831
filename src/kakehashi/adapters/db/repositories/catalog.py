"""SQLAlchemy implementation of services.repositories.catalog.CatalogRepository.

Bulk statements (chunked key look-ups, executemany inserts) keep 100k-row imports fast; the PostgreSQL paths
(ids drawn from the sequence, ANALYZE after a large load) are the only dialect branches in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import (
    Deal,
    DealParty,
    FundingRound,
    ImportBatch,
    Organization,
    OrganizationSourceId,
    OrganizationTerm,
    Provenance,
    RoundInvestor,
    TaxonomyTerm,
)
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

K = TypeVar("K")
CHUNK = 900  # bound parameters per IN (...) query, well under SQLite's limit
ANALYZE_AFTER = 1000  # new organizations after which PostgreSQL's planner statistics are refreshed


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _chunks(items: Sequence[K], size: int = CHUNK) -> Iterator[Sequence[K]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> datetime:
    return datetime.now(UTC)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk INSERT returning the new ids in row order.

    PostgreSQL: ids are drawn from the sequence first and the rows sent as one pipelined executemany,
    because psycopg re-parses a multi-row INSERT ... RETURNING with tens of thousands of parameters slowly.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = session.scalar(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name})
        ids = [
            int(value)
            for value in session.scalars(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :count)"),
                {"sequence": sequence, "count": len(rows)},
            )
        ]
        session.execute(insert(table), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)])
        return ids
    result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(value) for value in result.scalars()]


def record_from_row(
    row: dict[str, Any], terms: list[tuple[str, str]], source_ids: list[str] | None = None
) -> CompanyRecord:
    """An organization's columns and its (facet, label) terms as the CompanyRecord exports write."""
    founded = None
    if row["founded_on"] is not None:
        founded = PartialDate(row["founded_on"], DateConfidence(row["founded_precision"] or "day"))
    employees = None
    if row["employees_min"] is not None or row["employees_max"] is not None:
        employees = EmployeeRange(row["employees_min"], row["employees_max"])
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
        employees=employees,
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
        address=row["address"],
        prefecture=row["prefecture"],
        municipality=row["municipality"],
        corporate_number=row["corporate_number"],
        securities_code=row["securities_code"],
        source_ids=source_ids or [],
    )


class SqlAlchemyCatalogRepository:
    """Organizations, funding rounds, investors and deals: what imports, exports and the demo load use."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ------------------------------------------------------------------------------------------ taxonomy

    def upsert_terms(self, terms: Iterable[Term]) -> dict[TermKey, int]:
        wanted = {(str(term.facet), term.slug): term for term in terms}
        table = _table(TaxonomyTerm)
        existing: dict[TermKey, tuple[int, str, str | None]] = {}
        for row in self.session.execute(
            select(table.c.id, table.c.facet, table.c.slug, table.c.label_en, table.c.label_ja)
        ):
            existing[(row.facet, row.slug)] = (row.id, row.label_en, row.label_ja)
        missing = [term for key, term in wanted.items() if key not in existing]
        if missing:
            self.session.execute(
                insert(table),
                [
                    {
                        "facet": str(t.facet),
                        "slug": t.slug,
                        "label_en": t.label_en[:200],
                        "label_ja": t.label_ja[:200] if t.label_ja else None,
                    }  # fmt: skip
                    for t in missing
                ],
            )
        stale = [
            {"id": existing[key][0], "label_en": term.label_en, "label_ja": term.label_ja}
            for key, term in wanted.items()
            if key in existing
            and term.facet is not Facet.TAG
            and (existing[key][1], existing[key][2]) != (term.label_en, term.label_ja)
        ]
        if stale:
            self.session.execute(update(TaxonomyTerm), stale)
        if not missing:
            return {key: value[0] for key, value in existing.items()}
        rows = self.session.execute(select(table.c.id, table.c.facet, table.c.slug))
        return {(row.facet, row.slug): row.id for row in rows}

    # ------------------------------------------------------------------------------------- organizations

    def _keys(self, column: str, values: Sequence[str]) -> list[OrganizationKey]:
        table = _table(Organization)
        found: list[OrganizationKey] = []
        for chunk in _chunks(sorted(set(values))):
            query = select(table.c.id, table.c.name_key, table.c.kind, table.c.country, table.c.domain).where(
                table.c[column].in_(chunk)
            )
            found += [
                OrganizationKey(r.id, r.name_key, r.kind, r.country, r.domain)
                for r in self.session.execute(query)
            ]
        return sorted(found, key=lambda key: key.id)

    def organizations_with_domains(self, domains: Sequence[str]) -> list[OrganizationKey]:
        return self._keys("domain", domains)

    def organizations_with_name_keys(self, keys: Sequence[str]) -> list[OrganizationKey]:
        return self._keys("name_key", keys)

    def organization_values(self, ids: Sequence[int]) -> dict[int, OrganizationValues]:
        table = _table(Organization)
        rows: dict[int, OrganizationValues] = {}
        for chunk in _chunks(ids):
            for row in self.session.execute(select(table).where(table.c.id.in_(chunk))):
                rows[row.id] = dict(row._mapping)
        return rows

    def organizations_with_source_keys(self, source: str, keys: Sequence[str]) -> dict[str, int]:
        table = _table(OrganizationSourceId)
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = select(table.c.source_key, table.c.organization_id).where(
                table.c.source == source, table.c.source_key.in_(chunk)
            )
            found.update((row.source_key, row.organization_id) for row in self.session.execute(query))
        return found

    def add_source_keys(self, source: str, links: Sequence[tuple[str, int]]) -> None:
        known = self.organizations_with_source_keys(source, [key for key, _ in links])
        rows, seen = [], set(known)
        for key, organization_id in links:
            if key not in seen:
                seen.add(key)
                rows.append({"source": source, "source_key": key, "organization_id": organization_id})
        if rows:
            self.session.execute(insert(_table(OrganizationSourceId)), rows)

    def _source_ids(self, organization_ids: Sequence[int]) -> dict[int, list[str]]:
        table = _table(OrganizationSourceId)
        found: dict[int, list[str]] = {}
        for chunk in _chunks(organization_ids):
            query = (
                select(table.c.organization_id, table.c.source, table.c.source_key)
                .where(table.c.organization_id.in_(chunk))
                .order_by(table.c.id)
            )
            for row in self.session.execute(query):
                found.setdefault(row.organization_id, []).append(f"{row.source}:{row.source_key}")
        return found

    def term_links(self, organization_ids: Sequence[int]) -> dict[int, set[int]]:
        table = _table(OrganizationTerm)
        links: dict[int, set[int]] = {}
        for chunk in _chunks(organization_ids):
            query = select(table.c.organization_id, table.c.term_id).where(table.c.organization_id.in_(chunk))
            for row in self.session.execute(query):
                links.setdefault(row.organization_id, set()).add(row.term_id)
        return links

    def add_organizations(self, rows: list[OrganizationValues]) -> list[int]:
        now = _now()
        return insert_rows(
            self.session,
            _table(Organization),
            [{**row, "created_at": now, "updated_at": now} for row in rows],
        )

    def update_organizations(self, changes: list[OrganizationValues]) -> None:
        if changes:
            now = _now()
            self.session.execute(update(Organization), [{**change, "updated_at": now} for change in changes])

    def link_terms(self, links: list[tuple[int, int]]) -> None:
        if links:
            self.session.execute(
                insert(_table(OrganizationTerm)),
                [
                    {"organization_id": organization_id, "term_id": term_id}
                    for organization_id, term_id in links
                ],
            )

    def after_bulk_load(self, created: int) -> None:
        """After a large load, let PostgreSQL's planner see the new rows (else key look-ups scan the table)."""
        if created >= ANALYZE_AFTER and self.session.get_bind().dialect.name == "postgresql":
            try:
                with (
                    self.session.begin_nested()
                ):  # a role without the right to ANALYZE must not lose the import
                    self.session.execute(text("ANALYZE organizations, organization_terms"))
            except DBAPIError:
                pass

    # ---------------------------------------------------------------------------- batches and provenance

    def start_batch(self, *, kind: str, source: str, file_name: str, file_sha256: str) -> int:
        batch = ImportBatch(
            kind=kind, source_name=source[:200], file_name=file_name[:500], file_sha256=file_sha256
        )
        self.session.add(batch)
        self.session.flush()
        return batch.id

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
        self.session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(
                finished_at=_now(),
                created=created,
                updated=updated,
                unchanged=unchanged,
                rejected=rejected,
                errors=[{"row": e.row, "column": e.column, "message": e.message} for e in errors],
            )
        )

    def add_provenance(self, batch_id: int, entries: Sequence[ProvenanceEntry]) -> None:
        if entries:
            self.session.execute(
                insert(_table(Provenance)),
                [
                    {
                        "entity_type": e.entity_type,
                        "entity_id": e.entity_id,
                        "row_number": e.row_number,
                        "fields": list(e.fields),
                        "batch_id": batch_id,
                    }  # fmt: skip
                    for e in entries
                ],
            )

    # ----------------------------------------------------------------------------------- funding rounds

    def rounds_of(self, organization_ids: Sequence[int]) -> list[StoredRound]:
        table = _table(FundingRound)
        found: list[StoredRound] = []
        for chunk in _chunks(sorted(set(organization_ids))):
            for row in self.session.execute(select(table).where(table.c.organization_id.in_(chunk))):
                found.append(
                    StoredRound(
                        id=row.id,
                        organization_id=row.organization_id,
                        announced_on=row.announced_on,
                        round_type=row.round_type,
                        amount=row.amount,
                        currency=row.currency,
                        amount_usd=row.amount_usd,
                        usd_source=row.usd_source,
                        usd_rate=row.usd_rate,
                        rate_on=row.rate_on,
                    )
                )
        return found

    def round_investors(self, round_ids: Sequence[int]) -> dict[int, dict[int, bool]]:
        table = _table(RoundInvestor)
        links: dict[int, dict[int, bool]] = {}
        for chunk in _chunks(round_ids):
            query = select(table.c.round_id, table.c.investor_id, table.c.is_lead).where(
                table.c.round_id.in_(chunk)
            )
            for link in self.session.execute(query):
                links.setdefault(link.round_id, {})[link.investor_id] = link.is_lead
        return links

    def add_rounds(self, rows: list[RoundValues]) -> list[int]:
        return insert_rows(self.session, _table(FundingRound), rows)

    def update_rounds(self, changes: list[RoundValues]) -> None:
        if changes:
            self.session.execute(update(FundingRound), changes)

    def link_investors(self, links: list[tuple[int, int, bool]]) -> None:
        if links:
            self.session.execute(
                insert(_table(RoundInvestor)),
                [{"round_id": r, "investor_id": i, "is_lead": lead} for r, i, lead in links],
            )

    def mark_leads(self, links: list[tuple[int, int]]) -> None:
        table = _table(RoundInvestor)
        for round_id, investor_id in links:
            self.session.execute(
                update(table)
                .where(table.c.round_id == round_id, table.c.investor_id == investor_id)
                .values(is_lead=True)
            )

    # -------------------------------------------------------------------------------------------- deals

    def demo_deal_titles(self) -> set[str]:
        return {
            title for title in self.session.scalars(select(Deal.title).where(Deal.is_demo.is_(True))) if title
        }

    def add_deals(self, deals: Sequence[NewDeal]) -> list[int]:
        added: list[Deal] = []
        for item in deals:
            deal = Deal(
                kind=item.kind,
                announced_on=item.announced_on,
                amount_usd=item.amount_usd,
                amount=item.amount,
                currency=item.currency,
                usd_rate=item.usd_rate,
                rate_on=item.rate_on,
                country=item.country,
                title=item.title,
                description=item.description,
                is_demo=item.is_demo,
            )
            deal.parties = [DealParty(organization_id=org_id, role=role) for org_id, role in item.parties]
            self.session.add(deal)
            added.append(deal)
        self.session.flush()
        return [deal.id for deal in added]

    # ------------------------------------------------------------------------------ reading the catalogue

    def demo_organization_ids(self) -> dict[str, int]:
        query = select(Organization.name_key, Organization.id).where(Organization.is_demo.is_(True))
        return {key: org_id for key, org_id in self.session.execute(query)}

    def count_catalogue_organizations(self) -> int:
        query = (
            select(func.count())
            .select_from(Organization)
            .where(Organization.kind != OrganizationKind.ORGANIZER)
        )
        return int(self.session.scalar(query) or 0)

    def company_records(self, *, kind: str | None = None, batch_size: int = 2000) -> Iterator[CompanyRecord]:
        table = _table(Organization)
        link, term = _table(OrganizationTerm), _table(TaxonomyTerm)
        last_id = 0
        while True:
            query = select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch_size)
            if kind:
                query = query.where(table.c.kind == kind)
            rows = [dict(row._mapping) for row in self.session.execute(query)]
            if not rows:
                return
            ids = [row["id"] for row in rows]
            terms: dict[int, list[tuple[str, str]]] = {}
            joined = (
                select(link.c.organization_id, term.c.facet, term.c.label_en)
                .join(term, term.c.id == link.c.term_id)
                .where(link.c.organization_id.in_(ids))
                .order_by(link.c.organization_id, term.c.id)
            )
            for found in self.session.execute(joined):
                terms.setdefault(found.organization_id, []).append((found.facet, found.label_en))
            source_ids = self._source_ids(ids)
            for row in rows:
                yield record_from_row(row, terms.get(row["id"], []), source_ids.get(row["id"]))
            last_id = ids[-1]

    def stats(self) -> CatalogStats:
        session = self.session
        by_kind = {
            str(kind): int(count)
            for kind, count in session.execute(
                select(Organization.kind, func.count()).group_by(Organization.kind)
            )
        }
        by_country = {
            str(country): int(count)
            for country, count in session.execute(
                select(Organization.country, func.count())
                .where(Organization.country.is_not(None))
                .group_by(Organization.country)
                .order_by(func.count().desc(), Organization.country)
                .limit(15)
            )
        }
        by_sector = {
            str(label): int(count)
            for label, count in session.execute(
                select(TaxonomyTerm.label_en, func.count())
                .join(OrganizationTerm, OrganizationTerm.term_id == TaxonomyTerm.id)
                .where(TaxonomyTerm.facet == Facet.SECTOR.value)
                .group_by(TaxonomyTerm.label_en)
                .order_by(func.count().desc(), TaxonomyTerm.label_en)
            )
        }

        def count(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return CatalogStats(
            organizations=sum(by_kind.values()),
            by_kind=by_kind,
            by_country=by_country,
            by_sector=by_sector,
            funding_rounds=count(select(func.count()).select_from(FundingRound)),
            deals=count(select(func.count()).select_from(Deal)),
            demo_organizations=count(
                select(func.count()).select_from(Organization).where(Organization.is_demo)
            ),
            import_batches=count(select(func.count()).select_from(ImportBatch)),
        )
