"""Table rows -> CompanyRecords, with every unusable cell reported by row number and header text."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kakehashi.adapters.importers.cells import (
    Cell,
    clean_text,
    is_japanese,
    parse_country,
    parse_currency,
    parse_date,
    parse_employees,
    parse_kind,
    parse_location,
    parse_money,
    parse_reading,
    parse_stage,
    parse_status,
    parse_website,
)
from kakehashi.adapters.importers.company_fields import identity_fields, place_fields
from kakehashi.adapters.importers.mapping import ColumnMap
from kakehashi.adapters.importers.reading import Table
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.imports import RowError, RowWarning
from kakehashi.domain.money import to_usd
from kakehashi.domain.organizations import CompanyRecord, DateConfidence, OrganizationKind, PartialDate
from kakehashi.domain.taxonomy import split_labels

T = TypeVar("T")

# Cells that mean "no value" in real spreadsheets; they are treated as empty, not as errors.
NULL_TOKENS = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "none", "null", "nan", "unknown", "undisclosed", "不明", "非公開",
     "なし", "無し", "未定", "ー", "－", "―", "#n/a"}
)  # fmt: skip

MAX_NAME, MAX_CITY, MAX_URL = 300, 120, 500


@dataclass
class ParsedRow(Generic[T]):
    """One data row: its record when every cell was usable, else the reasons it was rejected."""

    row: int
    record: T | None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)


class RowReader:
    """Cell access by field name for one row, collecting per-cell errors instead of stopping at the first."""

    def __init__(self, columns: ColumnMap, row: int, cells: list[Cell]) -> None:
        self.columns = columns
        self.row = row
        self.cells = cells
        self.errors: list[RowError] = []
        self.warnings: list[RowWarning] = []

    def raw(self, name: str) -> Cell:
        index = self.columns.fields.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        if isinstance(value, str):
            value = value.strip()
            if value.casefold() in NULL_TOKENS:
                return None
        return value

    def text(self, name: str, limit: int | None = None) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        text = " ".join(clean_text(value).split()) if limit else clean_text(value)
        if not text:
            return None
        return text[:limit] if limit else text

    def parsed(self, name: str, parser: Callable[[Cell], T]) -> T | None:
        value = self.raw(name)
        if value is None:
            return None
        try:
            return parser(value)
        except InvalidInput as exc:
            self.error(name, str(exc))
            return None

    def error(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.row, self.columns.column(name), message))

    def warn(self, name: str, value: Cell, message: str) -> None:
        """A value that is not used while its row is kept."""
        text = "" if value is None else str(value)
        self.warnings.append(RowWarning(self.row, self.columns.column(name), text[:200], message))


def _labels(reader: RowReader, name: str) -> list[str]:
    text = reader.text(name)
    return split_labels(text) if text else []


def parse_company_row(
    columns: ColumnMap, row: int, cells: list[Cell], *, default_kind: OrganizationKind
) -> ParsedRow[CompanyRecord]:
    reader = RowReader(columns, row, cells)
    name = reader.text("name", MAX_NAME)
    if name is None:
        reader.error("name", "the company name is empty")
    kind = reader.parsed("kind", parse_kind) or default_kind
    founded = reader.parsed("founded", parse_date)
    precision = reader.text("founded_precision")
    if founded is not None and precision:
        founded = _with_precision(founded, precision)
    employees = reader.parsed("employees", parse_employees)
    status = reader.parsed("status", parse_status)
    stage = reader.parsed("stage", parse_stage)
    website = reader.parsed("website", parse_website)
    country: str | None = None
    city: str | None = None
    place, placed = place_fields(reader.raw("location"), reader.raw("address"))
    country, city = place.pop("country", None), place.pop("city", None)
    location = None if placed else reader.parsed("location", parse_location)
    if location is not None:
        country, city = location.country, location.city
    explicit_country = reader.parsed("country", parse_country)
    country = explicit_country or country
    city = reader.text("city", MAX_CITY) or city
    funding_usd = _funding_usd(reader)

    description_en = description_ja = None
    for source in ("full_description", "description"):
        text = reader.text(source)
        if text is None:
            continue
        if is_japanese(text):
            description_ja = description_ja or text
        else:
            description_en = description_en or text
    description_ja = reader.text("description_ja") or description_ja

    name_ja = reader.text("name_ja", MAX_NAME)
    name_en = reader.text("name_en", MAX_NAME)
    if name_ja is not None and not is_japanese(name_ja):
        name_en, name_ja = name_en or name_ja, None  # a legal name in Latin letters is not a Japanese name
    if name is not None and name_ja is None and is_japanese(name):
        name_ja = name
    identities = identity_fields(reader.raw, reader.warn)
    if reader.errors or name is None:
        return ParsedRow(row, None, reader.errors, reader.warnings)
    record = CompanyRecord(
        name=name,
        kind=kind,
        name_ja=name_ja,
        name_kana=reader.parsed("name_kana", parse_reading),
        name_en=name_en,
        country=country,
        city=city[:MAX_CITY] if city else None,
        website=website[:MAX_URL] if website else None,
        founded=founded,
        employees=employees,
        status=status,
        stage=stage,
        total_funding_usd=funding_usd,
        description_en=description_en,
        description_ja=description_ja,
        sectors=_labels(reader, "sectors"),
        technologies=_labels(reader, "technologies"),
        tags=_labels(reader, "tags"),
        **place,
        **identities,
    )
    return ParsedRow(row, record, [], reader.warnings)


_PRECISIONS = {"year": DateConfidence.YEAR, "month": DateConfidence.MONTH, "day": DateConfidence.DAY}


def _with_precision(founded: PartialDate, precision: str) -> PartialDate:
    """Crunchbase writes 2017-01-01 with 'Founded Date Precision' = year: keep only what is known."""
    level = _PRECISIONS.get(precision.strip().casefold())
    if level is None or level == founded.precision:
        return founded
    value = founded.value
    if level is DateConfidence.YEAR:
        return PartialDate(value.replace(month=1, day=1), level)
    if level is DateConfidence.MONTH:
        return PartialDate(value.replace(day=1), level)
    return founded  # a coarser date cannot become more precise


def _funding_usd(reader: RowReader) -> int | None:
    value = reader.raw("total_funding")
    if value is None:
        return None
    unit = reader.columns.units.get("total_funding")
    currency_cell = (
        None if unit is not None and unit.currency else reader.parsed("funding_currency", parse_currency)
    )
    default_currency = (unit.currency if unit else None) or currency_cell or "USD"
    try:
        money = parse_money(
            value, default_currency=default_currency, multiplier=unit.multiplier if unit else 1
        )
    except InvalidInput as exc:
        reader.error("total_funding", str(exc))
        return None
    currency = money.currency or default_currency
    usd = to_usd(money.amount, currency)
    if usd is None:
        reader.error("total_funding", f"no reference rate for currency '{currency}'; give the amount in USD")
    return usd


def parse_companies(
    table: Table,
    columns: ColumnMap,
    *,
    default_kind: OrganizationKind = OrganizationKind.STARTUP,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[ParsedRow[CompanyRecord]]:
    """Every data row of the table as a ParsedRow; raises InvalidInput when no column holds the name."""
    if "name" not in columns.fields:
        raise InvalidInput(
            "'{file}' has no company name column (found {found}); "
            "name it 'name', 'Organization Name' or '企業名', or pass --mapping",
            file=table.file_name,
            found=", ".join(repr(h) for h in table.headers[:8]),
        )
    # Hand the rows over one by one so each raw row is freed once parsed (large files stay affordable).
    rows, table.rows = table.rows, []
    pending = deque(rows) if isinstance(rows, list) else rows
    del rows
    total = table.row_count or 0
    done = 0
    for row, cells in _drain(pending):
        yield parse_company_row(columns, row, cells, default_kind=default_kind)
        done += 1
        if progress is not None and done % 2000 == 0:
            progress(done, max(total, done))
    if progress is not None:
        progress(done, done)


def _drain(rows: Iterable[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    """Iterate, dropping each row from a deque as it goes (streamed rows are dropped anyway)."""
    if isinstance(rows, deque):
        while rows:
            yield rows.popleft()
    else:
        yield from rows
