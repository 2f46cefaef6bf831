"""Import companies: group duplicate rows, recognise existing organizations, upsert, record provenance.

An import is one transaction: every good row lands or, if anything fails, nothing does. Existing companies
are recognised by the row's own id in its source first (so a renamed company is still itself), then by web
domain, then by normalised name and kind; a second import of the same file changes no row. Rows are written in chunks of bulk statements, so 100k-row files stay fast and memory flat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kakehashi.adapters.importers.companies import ParsedRow, parse_companies
from kakehashi.adapters.importers.mapping import header_score as mapping_header_score
from kakehashi.adapters.importers.mapping import load_mapping_file, map_columns
from kakehashi.adapters.importers.reading import read_table
from kakehashi.domain.organizations import CompanyRecord, OrganizationKind
from kakehashi.services.catalog.organization_values import (
    changed_values,
    name_key,
    organization_values,
    record_terms,
)
from kakehashi.services.catalog.report import (
    AfterCommit,
    ImportReport,
    ProgressFn,
    as_parsed,
    collect,
    finish_batch,
    notify,
)
from kakehashi.services.repositories.catalog import CatalogRepository, ProvenanceEntry
from kakehashi.services.unit_of_work import UnitOfWork

WRITE_CHUNK = 5000  # rows turned into statements at a time, so memory stays flat on very large files
_UNTRACKED_FIELDS = {"is_demo", "name_key", "domain"}  # derived or internal: not reported as set by a row


@dataclass
class _Group:
    row: int
    record: CompanyRecord
    key: str
    source_keys: list[str] = field(default_factory=list)  # the rows' own ids in their source


def _stable_key(record: CompanyRecord, key: str) -> str:
    """The source key of a row whose file has no id column: its valid identifier, else domain, else name."""
    if record.corporate_number:
        return f"corporate_number={record.corporate_number}"
    if record.domain:
        return f"domain={record.domain}"
    return f"name={key}/{record.kind}"


def _merge(first: CompanyRecord, later: CompanyRecord) -> None:
    """Fold a later duplicate row into the first: its non-empty values fill the first's gaps."""
    for f in fields(CompanyRecord):
        mine, theirs = getattr(first, f.name), getattr(later, f.name)
        if isinstance(mine, list):
            mine.extend(item for item in theirs if item not in mine)
        elif mine is None and theirs is not None:
            setattr(first, f.name, theirs)


def _group_rows(
    parsed: Iterable[ParsedRow[CompanyRecord] | CompanyRecord], report: ImportReport
) -> list[_Group]:
    groups: list[_Group] = []
    by_domain: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    by_source: dict[str, int] = {}
    for item in as_parsed(parsed, CompanyRecord):
        record = collect(report, item)
        if record is None:
            continue
        key = name_key(record.name)
        domain = record.domain
        index = by_source.get(record.source_key) if record.source_key else None
        if index is None and domain:
            index = by_domain.get(domain)
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
        if record.source_key and record.source_key not in groups[index].source_keys:
            groups[index].source_keys.append(record.source_key)
            by_source.setdefault(record.source_key, index)
        merged = groups[index].record
        if merged.domain:
            by_domain.setdefault(merged.domain, index)
        by_name.setdefault((key, str(merged.kind)), index)
    for group in groups:
        if not group.source_keys:
            group.source_keys.append(_stable_key(group.record, group.key))
    return groups


def _existing_ids(catalog: CatalogRepository, groups: list[_Group], source: str) -> list[int | None]:
    """Match each group to an existing organization: source id, domain, then (name key, kind); lowest id wins."""
    id_by_source = catalog.organizations_with_source_keys(source, [k for g in groups for k in g.source_keys])
    id_by_domain: dict[str, int] = {}
    for found in catalog.organizations_with_domains([g.record.domain for g in groups if g.record.domain]):
        if found.domain is not None:
            id_by_domain.setdefault(found.domain, found.id)
    id_by_name: dict[tuple[str, str], tuple[int, str | None]] = {}
    for found in catalog.organizations_with_name_keys([g.key for g in groups]):
        id_by_name.setdefault((found.name_key, found.kind), (found.id, found.domain))
    matches: list[int | None] = []
    for group in groups:
        domain = group.record.domain
        match = next((id_by_source[k] for k in group.source_keys if k in id_by_source), None)
        if match is None and domain:
            match = id_by_domain.get(domain)
        if match is None:
            candidate = id_by_name.get((group.key, str(group.record.kind)))
            if candidate is not None and not (domain and candidate[1] and candidate[1] != domain):
                match = candidate[0]
        matches.append(match)
    return matches


def write_companies(
    catalog: CatalogRepository,
    parsed: Iterable[ParsedRow[CompanyRecord] | CompanyRecord],
    *,
    source: str,
    file_name: str,
    file_sha256: str,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Upsert parsed rows inside the caller's unit of work (no commit); returns the counts.

    The import batch row is only written when something changes: a re-import leaves no trace at all.
    """
    report = ImportReport()
    groups = _group_rows(parsed, report)
    matches = _existing_ids(catalog, groups, source)
    term_ids = catalog.upsert_terms(t for g in groups for t in record_terms(g.record))
    batch_id: int | None = None
    total, done = len(groups), 0
    while groups:
        chunk, chunk_matches = groups[:WRITE_CHUNK], matches[:WRITE_CHUNK]
        del groups[:WRITE_CHUNK], matches[:WRITE_CHUNK]  # release what is written
        matched = [m for m in chunk_matches if m is not None]
        current = catalog.organization_values(matched)
        links = catalog.term_links(matched)
        inserts: list[dict[str, Any]] = []
        insert_groups: list[_Group] = []
        updates: list[dict[str, Any]] = []
        provenance: list[ProvenanceEntry] = []
        new_links: list[tuple[int, int]] = []
        source_links = [
            (k, m) for group, m in zip(chunk, chunk_matches, strict=True) if m for k in group.source_keys
        ]
        for group, match in zip(chunk, chunk_matches, strict=True):
            values = organization_values(group.record)
            if match is None:
                inserts.append(values)
                insert_groups.append(group)
                continue
            changed = changed_values(current[match], values)
            have = links.get(match, set())
            wanted_terms = [term_ids[(str(t.facet), t.slug)] for t in record_terms(group.record)]
            added_terms = [term for term in wanted_terms if term not in have]
            new_links += [(match, term) for term in added_terms]
            changed_fields = [*changed, "terms"] if added_terms else list(changed)
            if changed:
                updates.append({"id": match, **changed})
            if changed_fields:
                report.updated += 1
                report.changed_ids.append(match)
                provenance.append(ProvenanceEntry("organization", match, group.row, tuple(changed_fields)))
            else:
                report.unchanged += 1
        if inserts or updates or new_links:
            if batch_id is None:
                batch_id = catalog.start_batch(
                    kind="companies", source=source, file_name=file_name, file_sha256=file_sha256
                )
            ids = catalog.add_organizations(inserts)
            report.created += len(ids)
            for group, values, new_id in zip(insert_groups, inserts, ids, strict=True):
                report.changed_ids.append(new_id)
                set_fields = tuple(
                    name
                    for name, value in values.items()
                    if value is not None and name not in _UNTRACKED_FIELDS
                )
                provenance.append(ProvenanceEntry("organization", new_id, group.row, set_fields))
                new_links += [(new_id, term_ids[(str(t.facet), t.slug)]) for t in record_terms(group.record)]
                source_links += [(key, new_id) for key in group.source_keys]
            catalog.update_organizations(updates)
            catalog.link_terms(new_links)
            catalog.add_provenance(batch_id, provenance)
        catalog.add_source_keys(source, source_links)
        done += len(chunk)
        if progress is not None:
            progress("writing", done, total)
    if batch_id is None:
        return report
    report.batch_id = batch_id
    finish_batch(catalog, batch_id, report)
    catalog.after_bulk_load(report.created)
    return report


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
            uow.catalog, rows, source=source, file_name=file_name, file_sha256=file_sha256, progress=progress
        )
        uow.search_changes.record(report.changed_ids)  # every worker's index follows, see services.search
        uow.commit()
    return notify(report, after_commit)


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
        source=source or path.stem,
        file_name=table.file_name,
        file_sha256=table.sha256,
        progress=progress,
        after_commit=after_commit,
    )
    report.ignored_columns = columns.ignored
    return report
