"""What an import did (ImportReport) and the helpers the company and round imports share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.domain.errors import render
from kakehashi.domain.imports import RowError
from kakehashi.domain.insights import DealRecord, SeriesRecord
from kakehashi.domain.organizations import CompanyRecord, RoundRecord
from kakehashi.services.repositories.catalog import CatalogRepository

ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)
AfterCommit = Callable[[Sequence[int]], None]
R = TypeVar("R", CompanyRecord, RoundRecord, DealRecord, SeriesRecord)
MessageText = Callable[[str, Mapping[str, Any]], str]  # (message id, params) -> text in the reader's language
MAX_STORED_ERRORS = 1000
INDEX_ATTEMPTS = 2  # a failed index update after the commit is tried once more before it is reported


def english(msgid: str, params: Mapping[str, Any]) -> str:
    return render(msgid, params)


@dataclass
class ImportReport:
    """What an import did, in the shape the CLI prints with --json."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)  # rejected rows (no usable name)
    warnings: list[RowError] = field(default_factory=list)  # values left empty or cut; their rows were kept
    duplicates: int = 0  # rows folded into an earlier row of the same company
    rows: int = 0
    batch_id: int | None = None
    organizations_created: int = 0  # rounds import: companies and investors it had to add
    ignored_columns: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    index_error: str | None = (
        None  # why the search index could not follow the committed rows, if it could not
    )

    @property
    def clean(self) -> bool:
        """Nothing to report: no row rejected, every value understood, the index in step."""
        return not (self.rejected or self.errors or self.warnings or self.index_error)

    def to_dict(self, text: MessageText = english) -> dict[str, Any]:
        """The report as JSON; `text` renders each message id in the reader's language (English by default)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [
                {"row": e.row, "column": e.column, "message": text(e.msgid, e.params), "message_id": e.msgid}
                for e in self.errors
            ],
            "warnings": [
                {
                    "row": w.row,
                    "column": w.column,
                    "value": w.value,
                    "message": text(w.msgid, w.params),
                    "message_id": w.msgid,
                }
                for w in self.warnings
            ],
            "index_updated": self.index_error is None,
            "duplicates": self.duplicates,
            "rows": self.rows,
            "batch_id": self.batch_id,
            "organizations_created": self.organizations_created,
            "ignored_columns": self.ignored_columns,
        }


def as_parsed(items: Iterable[ParsedRow[R] | R], record_type: type[R]) -> Iterator[ParsedRow[R]]:
    """Bare records (from code, not from a file) count as rows 2, 3, ... like a sheet under its header."""
    for position, item in enumerate(items, start=2):
        yield ParsedRow(position, item, []) if isinstance(item, record_type) else item  # type: ignore[misc]


def finish_batch(catalog: CatalogRepository, batch_id: int, report: ImportReport) -> None:
    """Record the import's counts (and its first rejections and warnings) on its batch row."""
    catalog.finish_batch(
        batch_id,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        errors=(report.errors + report.warnings[: MAX_STORED_ERRORS - len(report.errors)])[
            :MAX_STORED_ERRORS
        ],
    )


def collect(report: ImportReport, item: ParsedRow[R]) -> R | None:
    """Count one parsed row into the report: its warnings, and its rejection when it has no record."""
    report.rows += 1
    report.warnings.extend(item.warnings)
    if item.record is None:
        report.rejected += 1
        report.errors.extend(item.errors)
    return item.record


def notify(report: ImportReport, after_commit: AfterCommit | None) -> ImportReport:
    """After the commit: problems in file order, and derived data told which organizations changed.

    The rows are committed whatever happens here, so a failing index update is tried again and, if it still
    fails, recorded on the report (the caller says so and exits non-zero) instead of being lost.
    """
    report.errors.sort(key=lambda e: e.row)
    report.warnings.sort(key=lambda w: w.row)
    if after_commit is None or not report.changed_ids:
        return report
    for attempt in range(INDEX_ATTEMPTS):
        try:
            after_commit(report.changed_ids)
        except Exception as exc:  # any failure of derived data: the database is already committed
            if attempt == INDEX_ATTEMPTS - 1:
                report.index_error = str(exc) or type(exc).__name__
        else:
            break
    return report
