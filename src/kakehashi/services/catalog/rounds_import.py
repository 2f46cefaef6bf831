"""Import funding rounds: find or add their companies and investors, upsert rounds and investor links.

A round is identified by (company, announced date, round type); rows describing the same round are folded
together, and a re-import of the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.adapters.importers.mapping import header_score as mapping_header_score
from kakehashi.adapters.importers.mapping import load_mapping_file, map_columns
from kakehashi.adapters.importers.reading import read_table
from kakehashi.adapters.importers.rounds import parse_rounds
from kakehashi.adapters.money import ecb_rates
from kakehashi.domain.organizations import CompanyRecord, OrganizationKind, RoundRecord
from kakehashi.services.catalog.organization_values import name_key, organization_values
from kakehashi.services.catalog.report import (
    AfterCommit,
    ImportReport,
    as_parsed,
    collect,
    finish_batch,
    notify,
)
from kakehashi.services.repositories.catalog import CatalogRepository, ProvenanceEntry, StoredRound
from kakehashi.services.unit_of_work import UnitOfWork

RoundKey = tuple[int, date | None, str]  # (organization id, announced on, round type)
_MONEY_FIELDS = ("amount", "currency", "amount_usd", "usd_source", "usd_rate", "rate_on")


def find_or_create_organizations(
    catalog: CatalogRepository,
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
    by_key: dict[str, tuple[str, str | None, str | None]] = {}
    for name, website, country in wanted:
        by_key.setdefault(name_key(name), (name, website, country))
    found: dict[str, tuple[int, str, str | None]] = {}
    keys = sorted(by_key)
    for row in catalog.organizations_with_name_keys(keys):
        previous = found.get(row.name_key)
        better = previous is None or (prefer_kind and row.kind == kind and previous[1] != kind)
        if better or (previous is not None and previous[1] == row.kind and row.id < previous[0]):
            found[row.name_key] = (row.id, row.kind, row.country)
    domains: dict[str, str] = {}
    for key, (name, website, _country) in by_key.items():
        if key not in found and website:
            record = CompanyRecord(name=name, website=website)
            if record.domain:
                domains[record.domain] = key
    for row in catalog.organizations_with_domains(sorted(domains)):
        if row.domain is not None:
            found.setdefault(domains[row.domain], (row.id, row.kind, row.country))
    catalog.update_organizations(
        [
            {"id": found[key][0], "country": by_key[key][2]}
            for key in found
            if by_key[key][2] and not found[key][2]
        ]
    )
    missing = [key for key in keys if key not in found]
    if missing:
        values: list[dict[str, Any]] = []
        for key in missing:
            name, website, country = by_key[key]
            record = CompanyRecord(name=name, kind=kind, website=website, country=country, is_demo=is_demo)
            values.append(organization_values(record))
        ids = catalog.add_organizations(values)
        report.organizations_created += len(ids)
        report.changed_ids.extend(ids)
        for key, new_id in zip(missing, ids, strict=True):
            found[key] = (new_id, str(kind), by_key[key][2])
    return {key: value[0] for key, value in found.items()}


def _fold_rounds(
    good: list[tuple[int, RoundRecord]], companies: dict[str, int], report: ImportReport
) -> dict[RoundKey, tuple[int, RoundRecord]]:
    """Fold rows describing the same round (company, date, type) together: investors joined, first amount kept."""
    merged: dict[RoundKey, tuple[int, RoundRecord]] = {}
    for row, record in good:
        key = (companies[name_key(record.company_name)], record.announced.value if record.announced else None,
               record.round_type)  # fmt: skip
        if key in merged:
            report.duplicates += 1
            first = merged[key][1]
            names = {name_key(i.name) for i in first.investors}
            first.investors += [i for i in record.investors if name_key(i.name) not in names]
            if first.amount_usd is None and record.amount_usd is not None:  # keep the first amount in USD
                for money_field in _MONEY_FIELDS:
                    setattr(first, money_field, getattr(record, money_field))
        else:
            merged[key] = (row, record)
    return merged


def write_rounds(
    catalog: CatalogRepository,
    parsed: Iterable[ParsedRow[RoundRecord] | RoundRecord],
    *,
    source: str,
    file_name: str,
    file_sha256: str,
    is_demo: bool = False,
) -> ImportReport:
    """Upsert funding rounds (key: company, date, type) with their investors, inside the caller's unit of work."""
    report = ImportReport()
    good: list[tuple[int, RoundRecord]] = []
    for item in as_parsed(parsed, RoundRecord):
        record = collect(report, item)
        if record is not None:
            good.append((item.row, record))
    if not good:
        return report
    companies = find_or_create_organizations(
        catalog,
        [(r.company_name, r.company_website, None) for _, r in good],
        kind=OrganizationKind.STARTUP,
        prefer_kind=True,
        report=report,
        is_demo=is_demo,
    )
    investors = find_or_create_organizations(
        catalog,
        [(i.name, None, i.country) for _, r in good for i in r.investors],
        kind=OrganizationKind.INVESTOR,
        prefer_kind=True,
        report=report,
        is_demo=is_demo,
    )
    merged = _fold_rounds(good, companies, report)

    existing: dict[RoundKey, StoredRound] = {
        (found.organization_id, found.announced_on, found.round_type): found
        for found in catalog.rounds_of(sorted({key[0] for key in merged}))
    }
    links = catalog.round_investors([found.id for found in existing.values()])

    inserts: list[tuple[int, RoundRecord, dict[str, Any]]] = []
    updates: list[dict[str, Any]] = []
    new_links: list[tuple[int, int, bool]] = []
    lead_updates: list[tuple[int, int]] = []
    provenance: list[ProvenanceEntry] = []
    touched_orgs: set[int] = set()
    for key, (row, record) in merged.items():
        wanted = {investors[name_key(i.name)]: i.is_lead for i in record.investors}
        values = {name: getattr(record, name) for name in _MONEY_FIELDS}
        values["usd_rate"] = float(record.usd_rate) if record.usd_rate is not None else None
        if key not in existing:
            inserts.append((row, record, {"organization_id": key[0], "announced_on": key[1],
                                          "round_type": key[2], **values}))  # fmt: skip
            continue
        current = existing[key]
        changed = {k: v for k, v in values.items() if v is not None and v != getattr(current, k)}
        have = links.get(current.id, {})
        added = {inv: lead for inv, lead in wanted.items() if inv not in have}
        promoted = [inv for inv, lead in wanted.items() if lead and inv in have and not have[inv]]
        if changed:
            updates.append({"id": current.id, **changed})
        new_links += [(current.id, inv, lead) for inv, lead in added.items()]
        lead_updates += [(current.id, inv) for inv in promoted]
        if changed or added or promoted:
            report.updated += 1
            touched_orgs.add(key[0])
            fields = (*changed, *(["investors"] if added or promoted else []))
            provenance.append(ProvenanceEntry("funding_round", current.id, row, fields))
        else:
            report.unchanged += 1
    report.created = len(inserts)
    if not (inserts or updates or new_links or lead_updates or report.organizations_created):
        return report
    batch_id = catalog.start_batch(kind="rounds", source=source, file_name=file_name, file_sha256=file_sha256)
    report.batch_id = batch_id
    ids = catalog.add_rounds([values for _, _, values in inserts])
    for (row, record, round_values), new_id in zip(inserts, ids, strict=True):
        touched_orgs.add(round_values["organization_id"])
        set_fields = tuple(k for k, v in round_values.items() if v is not None)
        provenance.append(ProvenanceEntry("funding_round", new_id, row, set_fields))
        seen: set[int] = set()
        for investor in record.investors:
            investor_id = investors[name_key(investor.name)]
            if investor_id not in seen:
                seen.add(investor_id)
                new_links.append((new_id, investor_id, investor.is_lead))
    catalog.update_rounds(updates)
    catalog.link_investors(new_links)
    catalog.mark_leads(lead_updates)
    catalog.add_provenance(batch_id, provenance)
    report.changed_ids = sorted(set(report.changed_ids) | touched_orgs)
    finish_batch(catalog, batch_id, report)
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
        report = write_rounds(uow.catalog, rows, source=source, file_name=file_name, file_sha256=file_sha256)
        uow.search_changes.record(report.changed_ids)
        uow.commit()
    return notify(report, after_commit)


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
    parsed = list(parse_rounds(table, columns, ecb_rates()))
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
