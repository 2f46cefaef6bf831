"""Catalogue use cases: import companies and funding rounds, export, statistics.

An import is one transaction: every good row lands or, if anything fails, nothing does. Existing companies
are recognised by web domain first, then by normalised name and kind; a second import of the same file
changes no row. Bulk statements (preloaded key maps, executemany inserts) keep 100k-row files fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import (
    Deal,
    FundingRound,
    ImportBatch,
    Organization,
    OrganizationTerm,
    Provenance,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.adapters.importers.companies import ParsedRow, parse_companies
from kakehashi.adapters.importers.mapping import header_score as mapping_header_score
from kakehashi.adapters.importers.mapping import load_mapping_file, map_columns
from kakehashi.adapters.importers.reading import read_table
from kakehashi.adapters.importers.rounds import parse_rounds
from kakehashi.domain.imports import RowError
from kakehashi.domain.organizations import (
    CompanyRecord,
    DateConfidence,
    EmployeeRange,
    OperatingStatus,
    OrganizationKind,
    PartialDate,
    RoundRecord,
    Stage,
    normalize_name,
)
from kakehashi.domain.taxonomy import VOCABULARY, Facet, Term, resolve_term
from kakehashi.services.unit_of_work import UnitOfWork

ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)
AfterCommit = Callable[[Sequence[int]], None]
K = TypeVar("K")
R = TypeVar("R", CompanyRecord, RoundRecord)
CHUNK = 900  # bound parameters per IN (...) query, well under SQLite's limit
MAX_STORED_ERRORS = 1000


@dataclass
class ImportReport:
    """What an import did, in the shape the CLI prints with --json."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    duplicates: int = 0  # rows folded into an earlier row of the same company
    rows: int = 0
    batch_id: int | None = None
    organizations_created: int = 0  # rounds import: companies and investors it had to add
    ignored_columns: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "duplicates": self.duplicates,
            "rows": self.rows,
            "batch_id": self.batch_id,
            "organizations_created": self.organizations_created,
            "ignored_columns": self.ignored_columns,
        }


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


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


def _chunks(items: Sequence[K], size: int = CHUNK) -> Iterator[Sequence[K]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> datetime:
    return datetime.now(UTC)


def name_key(name: str) -> str:
    """normalize_name, falling back to the folded name when only legal words remain ('株式会社')."""
    return normalize_name(name) or name.casefold().strip()


# ------------------------------------------------------------------------------------------- taxonomy


def upsert_taxonomy(session: Session, terms: Iterable[Term]) -> dict[tuple[str, str], int]:
    """Ensure the given terms exist (labels of vocabulary terms kept current); returns (facet, slug) -> id."""
    wanted = {(str(term.facet), term.slug): term for term in terms}
    table = _table(TaxonomyTerm)
    existing: dict[tuple[str, str], tuple[int, str, str | None]] = {}
    for row in session.execute(
        select(table.c.id, table.c.facet, table.c.slug, table.c.label_en, table.c.label_ja)
    ):
        existing[(row.facet, row.slug)] = (row.id, row.label_en, row.label_ja)
    missing = [term for key, term in wanted.items() if key not in existing]
    if missing:
        session.execute(
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
        session.execute(update(TaxonomyTerm), stale)
    if not missing:
        return {key: value[0] for key, value in existing.items()}
    rows = session.execute(select(table.c.id, table.c.facet, table.c.slug))
    return {(row.facet, row.slug): row.id for row in rows}


def _record_terms(record: CompanyRecord) -> list[Term]:
    terms: list[Term] = []
    for label in record.sectors:
        terms.append(resolve_term(label))
    for label in record.technologies:
        terms.append(resolve_term(label))
    for label in record.tags:
        terms.append(resolve_term(label))
    unique: dict[tuple[str, str], Term] = {}
    for term in terms:
        unique.setdefault((str(term.facet), term.slug), term)
    return list(unique.values())


# ------------------------------------------------------------------------------------------- companies

_ORG_FIELDS = (
    "name", "name_ja", "name_kana", "name_en", "name_key", "external_id", "country", "city", "website",
    "domain", "founded_on", "founded_precision", "employees_min", "employees_max", "status", "stage",
    "total_funding_usd", "description_en", "description_ja",
)  # fmt: skip
# Fields that travel together: a date and its precision, both ends of a head-count range.
_PAIRED = {"founded_on": "founded_precision", "employees_min": "employees_max"}
_PAIR_SECOND = set(_PAIRED.values())


def _org_values(record: CompanyRecord) -> dict[str, Any]:
    founded, employees = record.founded, record.employees
    return {
        "kind": str(record.kind),
        "name": record.name,
        "name_ja": record.name_ja,
        "name_kana": record.name_kana,
        "name_en": record.name_en,
        "name_key": name_key(record.name)[:300],
        "external_id": record.external_id,
        "country": record.country,
        "city": record.city,
        "website": record.website,
        "domain": record.domain[:255] if record.domain else None,
        "founded_on": founded.value if founded else None,
        "founded_precision": str(founded.precision) if founded else None,
        "employees_min": employees.minimum if employees else None,
        "employees_max": employees.maximum if employees else None,
        "status": str(record.status) if record.status else None,
        "stage": str(record.stage) if record.stage else None,
        "total_funding_usd": record.total_funding_usd,
        "description_en": record.description_en,
        "description_ja": record.description_ja,
        "is_demo": record.is_demo,
    }


def _changes(current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fields whose new non-empty value differs; empty cells never erase what the catalogue knows."""
    changed: dict[str, Any] = {}
    for name in _ORG_FIELDS:
        if name in _PAIR_SECOND:
            continue
        value = new[name]
        if name in _PAIRED:
            partner = _PAIRED[name]
            if (value is not None or new[partner] is not None) and (
                value != current[name] or new[partner] != current[partner]
            ):
                changed[name], changed[partner] = value, new[partner]
            continue
        if value is not None and value != current[name]:
            changed[name] = value
    if "name" in changed and new["name_key"] == current["name_key"]:
        changed.pop("name_key", None)
    return changed


def _merge(first: CompanyRecord, later: CompanyRecord) -> None:
    """Fold a later duplicate row into the first: its non-empty values fill the first's gaps."""
    for f in fields(CompanyRecord):
        mine, theirs = getattr(first, f.name), getattr(later, f.name)
        if isinstance(mine, list):
            mine.extend(item for item in theirs if item not in mine)
        elif mine is None and theirs is not None:
            setattr(first, f.name, theirs)


@dataclass
class _Group:
    row: int
    record: CompanyRecord
    key: str


def _as_parsed(items: Iterable[ParsedRow[R] | R], record_type: type[R]) -> Iterator[ParsedRow[R]]:
    """Bare records (from code, not from a file) count as rows 2, 3, ... like a sheet under its header."""
    for position, item in enumerate(items, start=2):
        yield ParsedRow(position, item, []) if isinstance(item, record_type) else item  # type: ignore[misc]


def _group_rows(
    parsed: Iterable[ParsedRow[CompanyRecord] | CompanyRecord], report: ImportReport
) -> list[_Group]:
    groups: list[_Group] = []
    by_domain: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for item in _as_parsed(parsed, CompanyRecord):
        report.rows += 1
        if item.record is None:
            report.rejected += 1
            report.errors.extend(item.errors)
            continue
        record = item.record
        key = name_key(record.name)
        domain = record.domain
        index = by_domain.get(domain) if domain else None
        if index is None:
            index = by_name.get((key, str(record.kind)))
            if index is not None:
                other = groups[index].record.domain
                if domain and other and other != domain:
                    index = None  # same name, different websites: two companies
        if index is None:
            groups.append(_Group(item.row, record, key))  # the parser's own object: merged into in place
            index = len(groups) - 1
        else:
            report.duplicates += 1
            _merge(groups[index].record, record)
        merged = groups[index].record
        if merged.domain:
            by_domain.setdefault(merged.domain, index)
        by_name.setdefault((key, str(merged.kind)), index)
    return groups


def _existing_ids(session: Session, groups: list[_Group]) -> list[int | None]:
    """Match each group to an existing organization: domain first, then (name key, kind)."""
    table = _table(Organization)
    domains = sorted({g.record.domain for g in groups if g.record.domain})
    keys = sorted({g.key for g in groups})
    id_by_domain: dict[str, int] = {}
    for chunk in _chunks(domains):
        for row in session.execute(select(table.c.id, table.c.domain).where(table.c.domain.in_(chunk))):
            if row.domain not in id_by_domain or row.id < id_by_domain[row.domain]:
                id_by_domain[row.domain] = row.id
    id_by_name: dict[tuple[str, str], tuple[int, str | None]] = {}
    for chunk in _chunks(keys):
        query = select(table.c.id, table.c.name_key, table.c.kind, table.c.domain).where(
            table.c.name_key.in_(chunk)
        )
        for named in session.execute(query):
            name = (named.name_key, named.kind)
            if name not in id_by_name or named.id < id_by_name[name][0]:
                id_by_name[name] = (named.id, named.domain)
    matches: list[int | None] = []
    for group in groups:
        domain = group.record.domain
        found = id_by_domain.get(domain) if domain else None
        if found is None:
            candidate = id_by_name.get((group.key, str(group.record.kind)))
            if candidate is not None and not (domain and candidate[1] and candidate[1] != domain):
                found = candidate[0]
        matches.append(found)
    return matches


def _load_rows(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    table = _table(Organization)
    columns = [table.c.id, *(table.c[name] for name in _ORG_FIELDS)]
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(*columns).where(table.c.id.in_(chunk))):
            rows[row.id] = dict(row._mapping)
    return rows


def _load_term_links(session: Session, ids: Sequence[int]) -> dict[int, set[int]]:
    table = _table(OrganizationTerm)
    links: dict[int, set[int]] = {}
    for chunk in _chunks(ids):
        query = select(table.c.organization_id, table.c.term_id).where(table.c.organization_id.in_(chunk))
        for row in session.execute(query):
            links.setdefault(row.organization_id, set()).add(row.term_id)
    return links


def _new_batch(session: Session, *, kind: str, source: str, file_name: str, file_sha256: str) -> int:
    batch = ImportBatch(
        kind=kind, source_name=source[:200], file_name=file_name[:500], file_sha256=file_sha256
    )
    session.add(batch)
    session.flush()
    return batch.id


def _finish_batch(session: Session, batch_id: int, report: ImportReport) -> None:
    session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(
            finished_at=_now(),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=report.rejected,
            errors=[
                {"row": e.row, "column": e.column, "message": e.message}
                for e in report.errors[:MAX_STORED_ERRORS]
            ],
        )
    )


WRITE_CHUNK = 5000  # rows turned into statements at a time, so memory stays flat on very large files


def write_companies(
    session: Session,
    parsed: Iterable[ParsedRow[CompanyRecord] | CompanyRecord],
    *,
    source: str,
    file_name: str,
    file_sha256: str,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Upsert parsed rows inside the caller's transaction (no commit); returns the counts.

    The import batch row is only written when something changes: a re-import leaves no trace at all.
    """
    report = ImportReport()
    groups = _group_rows(parsed, report)
    matches = _existing_ids(session, groups)
    term_ids = upsert_taxonomy(session, (t for g in groups for t in _record_terms(g.record)))
    now = _now()
    table = _table(Organization)
    batch_id: int | None = None
    total, done = len(groups), 0
    while groups:
        chunk, chunk_matches = groups[:WRITE_CHUNK], matches[:WRITE_CHUNK]
        del groups[:WRITE_CHUNK], matches[:WRITE_CHUNK]  # release what is written
        matched = [m for m in chunk_matches if m is not None]
        current = _load_rows(session, matched)
        links = _load_term_links(session, matched)
        inserts: list[dict[str, Any]] = []
        insert_groups: list[_Group] = []
        updates: list[dict[str, Any]] = []
        provenance: list[dict[str, Any]] = []
        new_links: list[dict[str, int]] = []
        for group, match in zip(chunk, chunk_matches, strict=True):
            values = _org_values(group.record)
            if match is None:
                values["created_at"] = values["updated_at"] = now
                inserts.append(values)
                insert_groups.append(group)
                continue
            changed = _changes(current[match], values)
            have = links.get(match, set())
            wanted_terms = [term_ids[(str(t.facet), t.slug)] for t in _record_terms(group.record)]
            added_terms = [term for term in wanted_terms if term not in have]
            new_links += [{"organization_id": match, "term_id": term} for term in added_terms]
            changed_fields = [*changed, "terms"] if added_terms else list(changed)
            if changed:
                updates.append({"id": match, **changed, "updated_at": now})
            if changed_fields:
                report.updated += 1
                report.changed_ids.append(match)
                provenance.append(
                    {"entity_type": "organization", "entity_id": match, "row_number": group.row,
                     "fields": changed_fields}
                )  # fmt: skip
            else:
                report.unchanged += 1
        if inserts or updates or new_links:
            if batch_id is None:
                batch_id = _new_batch(
                    session, kind="companies", source=source, file_name=file_name, file_sha256=file_sha256
                )
            ids = insert_rows(session, table, inserts)
            report.created += len(ids)
            for group, values, new_id in zip(insert_groups, inserts, ids, strict=True):
                report.changed_ids.append(new_id)
                provenance.append(
                    {"entity_type": "organization", "entity_id": new_id, "row_number": group.row,
                     "fields": [name for name, value in values.items()
                                if value is not None and name not in _UNTRACKED_FIELDS]}
                )  # fmt: skip
                new_links += [
                    {"organization_id": new_id, "term_id": term_ids[(str(t.facet), t.slug)]}
                    for t in _record_terms(group.record)
                ]
            if updates:
                session.execute(update(Organization), updates)
            if new_links:
                session.execute(insert(_table(OrganizationTerm)), new_links)
            for item in provenance:
                item["batch_id"] = batch_id
            if provenance:
                session.execute(insert(_table(Provenance)), provenance)
        done += len(chunk)
        if progress is not None:
            progress("writing", done, total)
    if batch_id is None:
        return report
    report.batch_id = batch_id
    _finish_batch(session, batch_id, report)
    _refresh_statistics(session, report.created)
    return report


_UNTRACKED_FIELDS = {"is_demo", "created_at", "updated_at", "name_key", "domain"}


def _refresh_statistics(session: Session, created: int) -> None:
    """After a large load, let PostgreSQL's planner see the new rows (else key look-ups scan the table)."""
    bind = session.get_bind()
    if created >= 1000 and bind.dialect.name == "postgresql":
        from sqlalchemy.exc import DBAPIError

        try:
            with session.begin_nested():  # a role without the right to ANALYZE must not lose the import
                session.execute(text("ANALYZE organizations, organization_terms"))
        except DBAPIError:
            pass


def import_companies(
    uow: UnitOfWork,
    *,
    rows: Iterable[ParsedRow[CompanyRecord] | CompanyRecord],
    source: str,
    file_name: str = "",
    file_sha256: str = "",
    progress: ProgressFn | None = None,
    after_commit: AfterCommit | None = None,
) -> ImportReport:
    """Import parsed company rows in one transaction, then tell derived data which organizations changed."""
    with uow:
        report = write_companies(
            uow.session, rows, source=source, file_name=file_name, file_sha256=file_sha256, progress=progress
        )
        uow.commit()
    report.errors.sort(key=lambda e: e.row)
    if after_commit is not None and report.changed_ids:
        after_commit(report.changed_ids)
    return report


def import_companies_file(
    uow: UnitOfWork,
    *,
    path: Path,
    mapping_path: Path | None = None,
    source: str | None = None,
    default_kind: OrganizationKind = OrganizationKind.STARTUP,
    progress: ProgressFn | None = None,
    after_commit: AfterCommit | None = None,
) -> ImportReport:
    """Read a CSV/XLSX/JSONL file of companies and import it; InvalidInput (nothing written) if unreadable."""
    explicit = load_mapping_file(mapping_path, kind="companies") if mapping_path else None
    table = read_table(path, header_score=lambda headers: mapping_header_score(headers, explicit=explicit))
    columns = map_columns(table.headers, explicit=explicit)

    def parse_progress(done: int, total: int) -> None:
        if progress is not None:
            progress("reading", done, total)

    # Rows are parsed as the import consumes them, so raw cells and records are not all held at once.
    parsed = parse_companies(table, columns, default_kind=default_kind, progress=parse_progress)
    report = import_companies(
        uow,
        rows=parsed,
        source=source or table.file_name,
        file_name=table.file_name,
        file_sha256=table.sha256,
        progress=progress,
        after_commit=after_commit,
    )
    report.ignored_columns = columns.ignored
    return report


# ---------------------------------------------------------------------------------------------- rounds


def _find_or_create_orgs(
    session: Session,
    wanted: list[tuple[str, str | None, str | None]],
    *,
    kind: OrganizationKind,
    prefer_kind: bool,
    report: ImportReport,
    is_demo: bool = False,
) -> dict[str, int]:
    """Name key -> organization id for (name, website, country) triples, adding the ones not in the catalogue.

    Investors are matched across kinds (a corporation investing through its CVC is still one organization).
    """
    table = _table(Organization)
    by_key: dict[str, tuple[str, str | None, str | None]] = {}
    for name, website, country in wanted:
        by_key.setdefault(name_key(name), (name, website, country))
    found: dict[str, tuple[int, str, str | None]] = {}
    keys = sorted(by_key)
    for chunk in _chunks(keys):
        query = select(table.c.id, table.c.name_key, table.c.kind, table.c.country).where(
            table.c.name_key.in_(chunk)
        )
        for row in session.execute(query):
            previous = found.get(row.name_key)
            better = previous is None or (prefer_kind and row.kind == kind and previous[1] != kind)
            if better or (previous is not None and previous[1] == row.kind and row.id < previous[0]):
                found[row.name_key] = (row.id, row.kind, row.country)
    domains = {}
    for key, (_name, website, _country) in by_key.items():
        if key not in found and website:
            record = CompanyRecord(name=_name, website=website)
            if record.domain:
                domains[record.domain] = key
    for chunk in _chunks(sorted(domains)):
        for row in session.execute(
            select(table.c.id, table.c.domain, table.c.kind, table.c.country).where(table.c.domain.in_(chunk))
        ):
            found.setdefault(domains[row.domain], (row.id, row.kind, row.country))
    fill_country = [
        {"id": found[key][0], "country": by_key[key][2], "updated_at": _now()}
        for key in found
        if by_key[key][2] and not found[key][2]
    ]
    if fill_country:
        session.execute(update(Organization), fill_country)
    missing = [key for key in keys if key not in found]
    if missing:
        now = _now()
        values: list[dict[str, Any]] = []
        for key in missing:
            name, website, country = by_key[key]
            record = CompanyRecord(name=name, kind=kind, website=website, country=country, is_demo=is_demo)
            org_row = _org_values(record)
            org_row["created_at"] = org_row["updated_at"] = now
            values.append(org_row)
        ids = insert_rows(session, table, values)
        report.organizations_created += len(ids)
        report.changed_ids.extend(ids)
        for key, new_id in zip(missing, ids, strict=True):
            found[key] = (new_id, str(kind), by_key[key][2])
    return {key: value[0] for key, value in found.items()}


def write_rounds(
    session: Session,
    parsed: Iterable[ParsedRow[RoundRecord] | RoundRecord],
    *,
    source: str,
    file_name: str,
    file_sha256: str,
    is_demo: bool = False,
) -> ImportReport:
    """Upsert funding rounds (key: company, date, type) with their investors, inside the caller's transaction."""
    report = ImportReport()
    good: list[tuple[int, RoundRecord]] = []
    for item in _as_parsed(parsed, RoundRecord):
        report.rows += 1
        if item.record is None:
            report.rejected += 1
            report.errors.extend(item.errors)
        else:
            good.append((item.row, item.record))
    if not good:
        return report
    companies = _find_or_create_orgs(
        session,
        [(r.company_name, r.company_website, None) for _, r in good],
        kind=OrganizationKind.STARTUP,
        prefer_kind=True,
        report=report,
        is_demo=is_demo,
    )
    investors = _find_or_create_orgs(
        session,
        [(i.name, None, i.country) for _, r in good for i in r.investors],
        kind=OrganizationKind.INVESTOR,
        prefer_kind=True,
        report=report,
        is_demo=is_demo,
    )

    # Fold rows describing the same round (company, date, type) together.
    merged: dict[tuple[int, date | None, str], tuple[int, RoundRecord]] = {}
    for row, record in good:
        key = (companies[name_key(record.company_name)], record.announced.value if record.announced else None,
               record.round_type)  # fmt: skip
        if key in merged:
            report.duplicates += 1
            first = merged[key][1]
            names = {name_key(i.name) for i in first.investors}
            first.investors += [i for i in record.investors if name_key(i.name) not in names]
            if first.amount is None:
                first.amount, first.currency, first.amount_usd = (
                    record.amount,
                    record.currency,
                    record.amount_usd,
                )
        else:
            merged[key] = (row, record)

    rounds_table = _table(FundingRound)
    org_ids = sorted({key[0] for key in merged})
    existing: dict[tuple[int, date | None, str], dict[str, Any]] = {}
    for chunk in _chunks(org_ids):
        for found in session.execute(select(rounds_table).where(rounds_table.c.organization_id.in_(chunk))):
            existing[(found.organization_id, found.announced_on, found.round_type)] = dict(found._mapping)
    round_ids = [value["id"] for value in existing.values()]
    links: dict[int, dict[int, bool]] = {}
    ri_table = _table(RoundInvestor)
    for chunk in _chunks(round_ids):
        query = select(ri_table.c.round_id, ri_table.c.investor_id, ri_table.c.is_lead).where(
            ri_table.c.round_id.in_(chunk)
        )
        for link in session.execute(query):
            links.setdefault(link.round_id, {})[link.investor_id] = link.is_lead

    inserts: list[tuple[int, RoundRecord, dict[str, Any]]] = []
    updates: list[dict[str, Any]] = []
    new_links: list[dict[str, Any]] = []
    lead_updates: list[tuple[int, int]] = []
    provenance: list[dict[str, Any]] = []
    touched_orgs: set[int] = set()
    for key, (row, record) in merged.items():
        wanted = {investors[name_key(i.name)]: i.is_lead for i in record.investors}
        values = {"amount": record.amount, "currency": record.currency, "amount_usd": record.amount_usd}
        if key not in existing:
            inserts.append((row, record, {"organization_id": key[0], "announced_on": key[1],
                                          "round_type": key[2], **values}))  # fmt: skip
            continue
        current = existing[key]
        changed = {k: v for k, v in values.items() if v is not None and v != current[k]}
        have = links.get(current["id"], {})
        added = {inv: lead for inv, lead in wanted.items() if inv not in have}
        promoted = [inv for inv, lead in wanted.items() if lead and inv in have and not have[inv]]
        if changed:
            updates.append({"id": current["id"], **changed})
        new_links += [
            {"round_id": current["id"], "investor_id": inv, "is_lead": lead} for inv, lead in added.items()
        ]
        lead_updates += [(current["id"], inv) for inv in promoted]
        if changed or added or promoted:
            report.updated += 1
            touched_orgs.add(key[0])
            provenance.append({"entity_type": "funding_round", "entity_id": current["id"], "row_number": row,
                               "fields": [*changed, *(["investors"] if added or promoted else [])]})  # fmt: skip
        else:
            report.unchanged += 1
    report.created = len(inserts)
    if (
        not inserts
        and not updates
        and not new_links
        and not lead_updates
        and not report.organizations_created
    ):
        return report
    batch_id = _new_batch(session, kind="rounds", source=source, file_name=file_name, file_sha256=file_sha256)
    report.batch_id = batch_id
    if inserts:
        ids = insert_rows(session, rounds_table, [values for _, _, values in inserts])
        for (row, record, round_values), new_id in zip(inserts, ids, strict=True):
            touched_orgs.add(round_values["organization_id"])
            provenance.append({"entity_type": "funding_round", "entity_id": new_id, "row_number": row,
                               "fields": [k for k, v in round_values.items() if v is not None]})  # fmt: skip
            seen: set[int] = set()
            for investor in record.investors:
                investor_id = investors[name_key(investor.name)]
                if investor_id not in seen:
                    seen.add(investor_id)
                    new_links.append(
                        {"round_id": new_id, "investor_id": investor_id, "is_lead": investor.is_lead}
                    )
    if updates:
        session.execute(update(FundingRound), updates)
    if new_links:
        session.execute(insert(ri_table), new_links)
    for round_id, investor_id in lead_updates:
        session.execute(
            update(ri_table)
            .where(ri_table.c.round_id == round_id, ri_table.c.investor_id == investor_id)
            .values(is_lead=True)
        )
    for entry in provenance:
        entry["batch_id"] = batch_id
    if provenance:
        session.execute(insert(_table(Provenance)), provenance)
    report.changed_ids = sorted(set(report.changed_ids) | touched_orgs)
    _finish_batch(session, batch_id, report)
    return report


def import_rounds(
    uow: UnitOfWork,
    *,
    rows: Iterable[ParsedRow[RoundRecord] | RoundRecord],
    source: str,
    file_name: str = "",
    file_sha256: str = "",
    after_commit: AfterCommit | None = None,
) -> ImportReport:
    """Import parsed funding-round rows in one transaction."""
    with uow:
        report = write_rounds(uow.session, rows, source=source, file_name=file_name, file_sha256=file_sha256)
        uow.commit()
    report.errors.sort(key=lambda e: e.row)
    if after_commit is not None and report.changed_ids:
        after_commit(report.changed_ids)
    return report


def import_rounds_file(
    uow: UnitOfWork,
    *,
    path: Path,
    mapping_path: Path | None = None,
    source: str | None = None,
    after_commit: AfterCommit | None = None,
) -> ImportReport:
    """Read a file of funding rounds and import it; InvalidInput (nothing written) if unreadable."""
    explicit = load_mapping_file(mapping_path, kind="rounds") if mapping_path else None
    table = read_table(
        path, header_score=lambda headers: mapping_header_score(headers, kind="rounds", explicit=explicit)
    )
    columns = map_columns(table.headers, kind="rounds", explicit=explicit)
    parsed = list(parse_rounds(table, columns))
    report = import_rounds(
        uow,
        rows=parsed,
        source=source or table.file_name,
        file_name=table.file_name,
        file_sha256=table.sha256,
        after_commit=after_commit,
    )
    report.ignored_columns = columns.ignored
    return report


# ---------------------------------------------------------------------------------------- export, stats


def _record_from_row(row: dict[str, Any], terms: list[tuple[str, str]]) -> CompanyRecord:
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
    )


def iter_company_records(
    session: Session, *, kind: str | None = None, batch_size: int = 2000
) -> Iterator[CompanyRecord]:
    """Every organization (optionally of one kind) as a CompanyRecord, in id order, in batches."""
    table = _table(Organization)
    last_id = 0
    while True:
        query = select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch_size)
        if kind:
            query = query.where(table.c.kind == kind)
        rows = [dict(row._mapping) for row in session.execute(query)]
        if not rows:
            return
        ids = [row["id"] for row in rows]
        terms: dict[int, list[tuple[str, str]]] = {}
        link, term = _table(OrganizationTerm), _table(TaxonomyTerm)
        joined = (
            select(link.c.organization_id, term.c.facet, term.c.label_en)
            .join(term, term.c.id == link.c.term_id)
            .where(link.c.organization_id.in_(ids))
            .order_by(link.c.organization_id, term.c.id)
        )
        for found in session.execute(joined):
            terms.setdefault(found.organization_id, []).append((found.facet, found.label_en))
        for row in rows:
            yield _record_from_row(row, terms.get(row["id"], []))
        last_id = ids[-1]


def export_companies(uow: UnitOfWork, *, path: Path, kind: str | None = None) -> int:
    """Write the catalogue to CSV (UTF-8 with BOM), XLSX or JSONL by the file's extension; returns the count."""
    from kakehashi.adapters.exports.companies import write_companies_file

    with uow:
        return write_companies_file(path, iter_company_records(uow.session, kind=kind))


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


def catalog_stats(uow: UnitOfWork) -> CatalogStats:
    """Counts a curator checks after an import: organizations by kind, country and sector, rounds, deals."""
    with uow:
        session = uow.session
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
        return CatalogStats(
            organizations=sum(by_kind.values()),
            by_kind=by_kind,
            by_country=by_country,
            by_sector=by_sector,
            funding_rounds=int(session.scalar(select(func.count()).select_from(FundingRound)) or 0),
            deals=int(session.scalar(select(func.count()).select_from(Deal)) or 0),
            demo_organizations=int(
                session.scalar(select(func.count()).select_from(Organization).where(Organization.is_demo))
                or 0
            ),
            import_batches=int(session.scalar(select(func.count()).select_from(ImportBatch)) or 0),
        )


def ensure_vocabulary(uow: UnitOfWork) -> None:
    """Load the shipped bilingual sector/technology vocabulary (so filters list every sector from day one)."""
    with uow:
        upsert_taxonomy(uow.session, VOCABULARY)
        uow.commit()


__all__ = [
    "ImportReport",
    "catalog_stats",
    "ensure_vocabulary",
    "export_companies",
    "import_companies",
    "import_companies_file",
    "import_rounds",
    "import_rounds_file",
    "iter_company_records",
    "upsert_taxonomy",
    "write_companies",
    "write_rounds",
]


def generate_companies_file(*, path: Path, count: int, seed: int) -> int:
    """Write `count` deterministic synthetic startups to CSV/TSV/XLSX/JSONL (by extension) for scale tests."""
    from kakehashi.adapters.exports.companies import write_companies_file
    from kakehashi.adapters.synthetic.companies import generate_companies

    return write_companies_file(path, generate_companies(count, seed))
