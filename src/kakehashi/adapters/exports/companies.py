"""Write companies to CSV (UTF-8 with BOM, so Excel shows Japanese correctly), XLSX or JSONL by extension.

The column names are ones the importer recognises, so an exported file imports back unchanged. A text that a
spreadsheet would evaluate (`=...`, `+...`, `-...`, `@...`: a startup sets its own English name) is written as
text: quoted in XLSX, with a leading single quote in CSV/TSV (which the importer takes off again).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kakehashi.adapters.exports.cells import csv_cell, keep_as_text, xlsx_value
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import CompanyRecord

COLUMNS = (
    "name", "description", "name_ja", "name_kana", "name_en", "kind", "country", "city", "website", "founded", "employees",
    "status", "stage", "total_funding_usd", "sectors", "technologies", "tags", "description_en",
    "description_ja", "external_id", "address", "prefecture", "municipality", "corporate_number",
    "securities_code", "source_ids",
)  # fmt: skip
FORMATS = {".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def company_row(record: CompanyRecord) -> dict[str, Any]:
    """One record as export cells (lists joined with ', ', dates as 2017 / 2017-07 / 2017-07-01)."""
    return {
        "name": record.name,
        # One description column for people and tools that expect it; both languages follow separately.
        "description": record.description_en or record.description_ja,
        "name_ja": record.name_ja,
        "name_kana": record.name_kana,
        "name_en": record.name_en,
        "kind": str(record.kind),
        "country": record.country,
        "city": record.city,
        "website": record.website,
        "founded": str(record.founded) if record.founded else None,
        "employees": str(record.employees) if record.employees else None,
        "status": str(record.status) if record.status else None,
        "stage": str(record.stage) if record.stage else None,
        "total_funding_usd": record.total_funding_usd,
        "sectors": ", ".join(record.sectors) or None,
        "technologies": ", ".join(record.technologies) or None,
        "tags": ", ".join(record.tags) or None,
        "description_en": record.description_en,
        "description_ja": record.description_ja,
        "external_id": record.external_id,
        "address": record.address,
        "prefecture": record.prefecture,
        "municipality": record.municipality,
        "corporate_number": record.corporate_number,
        "securities_code": record.securities_code,
        # Every imported row merged into this organization, as 'source:id'.
        "source_ids": "; ".join(record.source_ids) or None,
    }


def export_format(path: Path) -> str:
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise InvalidInput(
            "cannot export to '{file_name}': use a .csv, .tsv, .xlsx or .jsonl file name", file_name=path.name
        )
    return file_format


def write_companies_file(path: Path, records: Iterable[CompanyRecord]) -> int:
    """Write records to `path` (format by extension) atomically; returns how many were written."""
    file_format = export_format(path)
    if path.parent and not path.parent.exists():
        raise InvalidInput(
            "cannot export to '{path}': folder '{folder}' does not exist",
            path=str(path),
            folder=str(path.parent),
        )
    # Write next to the target and rename, so a failed export never leaves half a file behind.
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(temp_name)
    try:
        if file_format == "xlsx":
            count = _write_xlsx(temp, records)
        elif file_format == "jsonl":
            count = _write_jsonl(temp, records)
        else:
            count = _write_csv(temp, records, delimiter="\t" if file_format == "tsv" else ",")
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count


def _write_csv(path: Path, records: Iterable[CompanyRecord], *, delimiter: str) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=delimiter)
        writer.writeheader()
        for record in records:
            writer.writerow({k: "" if v is None else csv_cell(v) for k, v in company_row(record).items()})
            count += 1
    return count


def _write_jsonl(path: Path, records: Iterable[CompanyRecord]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            row = {k: v for k, v in company_row(record).items() if v is not None}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_xlsx(path: Path, records: Iterable[CompanyRecord]) -> int:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("companies")
    sheet.append(list(COLUMNS))
    count = 0
    for record in records:
        sheet.append([_excel_cell(sheet, value) for value in company_row(record).values()])
        count += 1
    workbook.save(path)
    return count


def _excel_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if not isinstance(value, str):
        return value
    # Control characters make openpyxl refuse the cell; a text that reads as a formula must stay text.
    cell = WriteOnlyCell(sheet, xlsx_value(value))
    keep_as_text(cell)
    return cell
