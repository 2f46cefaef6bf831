"""Import deals (kakehashi import deals) and time series (kakehashi import series) in one transaction each.

Deal parties link to organizations by the identity rules the rounds importer uses (normalized name, then
website domain); a name that matches none becomes an organization of kind corporation, country as the file
says or unknown. A deal is identified by its date, kind and parties with their roles: the same deal twice
(in one file or across imports) is stored once. A series point is identified by (indicator, period): a new
value for it replaces the old one.
"""

from __future__ import annotations

from pathlib import Path

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.adapters.importers.events import (
    DEAL_FIELDS,
    SERIES_FIELDS,
    header_score,
    parse_deals,
    parse_series,
)
from kakehashi.adapters.importers.reading import read_table
from kakehashi.adapters.money import ecb_rates
from kakehashi.domain.insights import DealRecord, SeriesRecord
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services.catalog.organization_values import name_key
from kakehashi.services.catalog.report import AfterCommit, ImportReport, collect, finish_batch, notify
from kakehashi.services.catalog.rounds_import import find_or_create_organizations
from kakehashi.services.repositories.catalog import NewDeal, ProvenanceEntry
from kakehashi.services.repositories.insights import NewSeriesPoint
from kakehashi.services.unit_of_work import UnitOfWork

DealKey = tuple[str, object, frozenset[tuple[int, str]]]


def _deal_key(kind: str, day: object, parties: frozenset[tuple[int, str]]) -> DealKey:
    return (kind, day, parties)


def import_deals(
    uow: UnitOfWork,
    *,
    rows: list[ParsedRow[DealRecord]],
    source: str,
    file_name: str = "",
    file_sha256: str = "",
    after_commit: AfterCommit | None = None,
) -> ImportReport:
    report = ImportReport()
    good = [(item.row, record) for item in rows if (record := collect(report, item)) is not None]
    with uow:
        catalog = uow.catalog
        ids = find_or_create_organizations(
            catalog,
            [(p.name, None, p.country) for _, r in good for p in r.parties],
            kind=OrganizationKind.CORPORATION,
            prefer_kind=False,
            report=report,
        )
        stored = {
            _deal_key(d.kind, d.announced_on, d.parties)
            for d in uow.insights.deals_on([r.announced for _, r in good])
        }
        seen: set[DealKey] = set()
        new: list[tuple[int, NewDeal]] = []
        for row, record in good:
            roles: dict[int, str] = {}
            for party in record.parties:
                roles.setdefault(ids[name_key(party.name)], party.role)  # one role per organization
            key = _deal_key(str(record.kind), record.announced, frozenset(roles.items()))
            if key in seen:
                report.duplicates += 1
                continue
            seen.add(key)
            if key in stored:
                report.unchanged += 1
                continue
            names = " / ".join(p.name for p in record.parties)
            new.append(
                (
                    row,
                    NewDeal(
                        kind=str(record.kind),
                        announced_on=record.announced,
                        amount_usd=record.amount_usd,
                        title=record.title or f"{record.kind}: {names}"[:300],
                        description=record.description,
                        parties=tuple(sorted(roles.items())),
                        amount=record.amount,
                        currency=record.currency,
                        usd_rate=float(record.usd_rate) if record.usd_rate is not None else None,
                        rate_on=record.rate_on,
                        country=record.country,
                    ),
                )
            )
        report.created = len(new)
        if new or report.organizations_created:
            batch_id = catalog.start_batch(
                kind="deals", source=source, file_name=file_name, file_sha256=file_sha256
            )
            report.batch_id = batch_id
            deal_ids = catalog.add_deals([deal for _, deal in new])
            catalog.add_provenance(
                batch_id,
                [
                    ProvenanceEntry("deal", deal_id, row, tuple(k for k, v in vars(deal).items() if v))
                    for (row, deal), deal_id in zip(new, deal_ids, strict=True)
                ],
            )
            finish_batch(catalog, batch_id, report)
        uow.search_changes.record(report.changed_ids)  # parties it had to add: every worker's index follows
        uow.commit()
    return notify(report, after_commit)


def import_deals_file(
    uow: UnitOfWork, *, path: Path, source: str | None = None, after_commit: AfterCommit | None = None
) -> ImportReport:
    """Read a file of deals and import it; InvalidInput (nothing written) if unreadable."""
    table = read_table(path, header_score=header_score(DEAL_FIELDS))
    columns, parsed = parse_deals(table, ecb_rates())
    report = import_deals(
        uow,
        rows=list(parsed),
        source=source or table.file_name,
        file_name=table.file_name,
        file_sha256=table.sha256,
        after_commit=after_commit,
    )
    report.ignored_columns = columns.ignored
    return report


def import_series(
    uow: UnitOfWork,
    *,
    rows: list[ParsedRow[SeriesRecord]],
    source: str,
    file_name: str = "",
    file_sha256: str = "",
) -> ImportReport:
    report = ImportReport()
    points: dict[tuple[str, str], tuple[int, NewSeriesPoint]] = {}
    for item in rows:
        record = collect(report, item)
        if record is None:
            continue
        key = (record.indicator, record.period)
        if key in points:
            report.duplicates += 1  # the later row of the file wins
        points[key] = (
            item.row,
            NewSeriesPoint(
                record.indicator,
                record.period,
                record.year,
                record.month,
                record.value,
                record.unit,
                record.source,
            ),
        )
    with uow:
        stored = uow.insights.series_points(sorted(points))
        added: list[NewSeriesPoint] = []
        changed: list[tuple[int, NewSeriesPoint]] = []
        for key, (_row, point) in points.items():
            before = stored.get(key)
            if before is None:
                added.append(point)
            elif before[1:] != (point.value, point.unit, point.source):
                changed.append((before[0], point))
            else:
                report.unchanged += 1
        report.created, report.updated = len(added), len(changed)
        if added or changed:
            catalog = uow.catalog
            batch_id = catalog.start_batch(
                kind="series", source=source, file_name=file_name, file_sha256=file_sha256
            )
            report.batch_id = batch_id
            uow.insights.add_series_points(added, batch_id)
            uow.insights.update_series_points(changed)
            finish_batch(catalog, batch_id, report)
            uow.commit()
    return notify(report, None)


def import_series_file(uow: UnitOfWork, *, path: Path, source: str | None = None) -> ImportReport:
    """Read a file of series values (period, indicator, value, unit, source) and import it."""
    table = read_table(path, header_score=header_score(SERIES_FIELDS))
    columns, parsed = parse_series(table)
    report = import_series(
        uow,
        rows=list(parsed),
        source=source or table.file_name,
        file_name=table.file_name,
        file_sha256=table.sha256,
    )
    report.ignored_columns = columns.ignored
    return report
