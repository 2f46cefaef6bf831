"""What an import did (ImportReport) and the helpers the company and round imports share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.domain.imports import RowError, RowWarning
from kakehashi.domain.organizations import CompanyRecord, RoundRecord
from kakehashi.services.repositories.catalog import CatalogRepository

ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)
AfterCommit = Callable[[Sequence[int]], None]
R = TypeVar("R", CompanyRecord, RoundRecord)
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
    warnings: list[RowWarning] = field(default_factory=list)  # values not used in rows that were kept

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
            "warnings": [
                {"row": w.row, "column": w.column, "value": w.value, "message": w.message}
                for w in self.warnings
            ],
        }


def as_parsed(items: Iterable[ParsedRow[R] | R], record_type: type[R]) -> Iterator[ParsedRow[R]]:
    """Bare records (from code, not from a file) count as rows 2, 3, ... like a sheet under its header."""
    for position, item in enumerate(items, start=2):
        yield ParsedRow(position, item, []) if isinstance(item, record_type) else item  # type: ignore[misc]


def finish_batch(catalog: CatalogRepository, batch_id: int, report: ImportReport) -> None:
    """Record the import's counts (and its first errors) on its batch row."""
    catalog.finish_batch(
        batch_id,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        errors=report.errors[:MAX_STORED_ERRORS],
    )


def notify(report: ImportReport, after_commit: AfterCommit | None) -> ImportReport:
    """After the commit: rejected rows in file order, and derived data told which organizations changed."""
    report.errors.sort(key=lambda e: e.row)
    report.warnings.sort(key=lambda w: w.row)
    if after_commit is not None and report.changed_ids:
        after_commit(report.changed_ids)
    return report
