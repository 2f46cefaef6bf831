"""Export the catalogue to a file, and the counts a curator checks after an import."""

from __future__ import annotations

from pathlib import Path

from kakehashi.adapters.exports.companies import write_companies_file
from kakehashi.services.repositories.catalog import CatalogStats
from kakehashi.services.unit_of_work import UnitOfWork


def export_companies(uow: UnitOfWork, *, path: Path, kind: str | None = None) -> int:
    """Write the catalogue to CSV (UTF-8 with BOM), XLSX or JSONL by the file's extension; returns the count."""
    with uow:
        return write_companies_file(path, uow.catalog.company_records(kind=kind))


def catalog_stats(uow: UnitOfWork) -> CatalogStats:
    """Counts a curator checks after an import: organizations by kind, country and sector, rounds, deals."""
    with uow:
        return uow.catalog.stats()
