"""Export the catalogue to a file the importer reads back."""

from __future__ import annotations

from pathlib import Path

from kakehashi.adapters.exports.companies import write_companies_file
from kakehashi.services.unit_of_work import UnitOfWork


def export_companies(uow: UnitOfWork, *, path: Path, kind: str | None = None) -> int:
    """Write the catalogue to CSV (UTF-8 with BOM), XLSX or JSONL by the file's extension; returns the count."""
    with uow:
        return write_companies_file(path, uow.catalog.company_records(kind=kind))
