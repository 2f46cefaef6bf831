"""Table rows -> CompanyRecords, with every unusable cell reported by row number and header text."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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
from kakehashi.adapters.importers.cells.text import shown
from kakehashi.adapters.importers.company_fields import identity_fields, place_fields
from kakehashi.adapters.importers.mapping import ColumnMap
from kakehashi.adapters.importers.reading import Table
from kakehashi.domain.errors import InvalidInput, Msg
from kakehashi.domain.imports import RowError
from kakehashi.domain.money import to_usd
from kakehashi.domain.organizations import CompanyRecord, DateConfidence, OrganizationKind, PartialDate
from kakehashi.domain.taxonomy import split_labels

T = TypeVar("T")

# Cells that mean "no value" in real spreadsheets; they are treated as empty, not as errors.
NULL_TOKENS = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "none", "null", "nan", "unknown", "undisclosed", "不明", "非公開",
     "なし", "無し", "未定", "ー", "－", "―", "#n/a"}
)  # fmt: skip

MAX_NAME, MAX_CITY, MAX_URL, MAX_ID = 300, 120, 500, 300  # the organization columns' sizes
MAX_DESCRIPTION = 100_000  # characters: a long company profile fits; a pasted document is cut
MAX_LABEL, MAX_LABELS = 200, 200  # a sector/tag label (the term column's size) and labels per cell
FIELD_LIMITS: dict[str, int] = {
    "name": MAX_NAME, "name_ja": MAX_NAME, "name_en": MAX_NAME, "name_kana": MAX_NAME, "company": MAX_NAME,
    "external_id": MAX_ID, "city": MAX_CITY, "website": MAX_URL, "company_website": MAX_URL,
    "full_description": MAX_DESCRIPTION, "description": MAX_DESCRIPTION, "description_ja": MAX_DESCRIPTION,
}  # fmt: skip
"""Longest value kept per field, in characters; a longer cell is cut and reported. Other fields (dates,
amounts, labels) are parsed from at most MAX_CELL characters."""
MAX_CELL = 2 * MAX_DESCRIPTION  # what any parser sees of one cell: a 5 MB cell is never copied whole


@dataclass
class ParsedRow(Generic[T]):
    """One data row: its record unless the row has no usable name, the reasons it was rejected, and the
    values that could not be read (left empty in the record and reported as warnings)."""

    row: int
    record: T | None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


class RowReader:
    """Cell access by field name for one row: a value that cannot be read becomes a warning, not a refusal."""

    def __init__(self, columns: ColumnMap, row: int, cells: list[Cell]) -> None:
        self.columns = columns
        self.row = row
        self.cells = cells
        self.warnings: list[RowError] = []
        self._cut: set[str] = set()  # fields already reported as cut

    def raw(self, name: str) -> Cell:
        index = self.columns.fields.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        if isinstance(value, str):
            if len(value) > MAX_CELL:
                self.cut(name, value, len(value), FIELD_LIMITS.get(name, MAX_CELL))
                value = value[:MAX_CELL]
            value = value.strip()
            if value.casefold() in NULL_TOKENS:
                return None
        return value

    def text(self, name: str, limit: int | None = None) -> str | None:
        raw = self.raw(name)
        if raw is None:
            return None
        text = " ".join(clean_text(raw).split()) if limit else clean_text(raw)
        if not text:
            return None
        limit = limit or FIELD_LIMITS.get(name)
        if limit is not None and len(text) > limit:
            self.cut(name, raw, len(text), limit)
            text = text[:limit].rstrip()
        return text

    def parsed(self, name: str, parser: Callable[[Cell], T]) -> T | None:
        value = self.raw(name)
        if value is None:
            return None
        try:
            return parser(value)
        except InvalidInput as exc:
            self.warn(name, value, exc.msgid, **exc.params)
            return None

    def warn(self, name: str, cell: Cell, msgid: str, /, **params: Any) -> None:
        """Report a value that was left out (or cut): row, column as headed in the file, the value as written."""
        self.warnings.append(RowError(self.row, self.columns.column(name), msgid, params, shown(cell)))

    def cut(self, name: str, value: Cell, length: int, limit: int) -> None:
        """Report a value cut to its column's size (once per field: the raw cell's length is the one shown)."""
        if name in self._cut:
            return
        self._cut.add(name)
        self.warn(
            name,
            value,
            Msg("the value is {length} characters long; only the first {limit} were kept"),
            length=length,
            limit=limit,
        )

    def rejected(self, name: str, msgid: str) -> ParsedRow[Any]:
        """The row as rejected for want of `name`: the one reason a company (or round) is lost."""
        return ParsedRow(
            self.row, None, [RowError(self.row, self.columns.column(name), msgid)], self.warnings
        )


def _labels(reader: RowReader, name: str) -> list[str]:
    text = reader.text(name)
    if not text:
        return []
    labels = split_labels(text)
    if len(labels) > MAX_LABELS:
        reader.warn(name, text, Msg("{count} labels in one cell; only the first {limit} were kept"),
                    count=len(labels), limit=MAX_LABELS)  # fmt: skip
        labels = labels[:MAX_LABELS]
    kept: list[str] = []
    for label in labels:
        if len(label) > MAX_LABEL:
            reader.cut(name, label, len(label), MAX_LABEL)
            label = label[:MAX_LABEL].rstrip()
        kept.append(label)
    return kept


def parse_company_row(
    columns: ColumnMap, row: int, cells: list[Cell], *, default_kind: OrganizationKind
) -> ParsedRow[CompanyRecord]:
    reader = RowReader(columns, row, cells)
    name = reader.text("name", MAX_NAME)
    if name is None:
        return reader.rejected("name", Msg("the company name is empty"))
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
    record = CompanyRecord(
        name=name,
        kind=kind,
        name_ja=name_ja,
        name_kana=reader.parsed("name_kana", parse_reading),
        name_en=name_en,
        country=country,
        city=fit_column(reader, "city", city, MAX_CITY),
        website=fit_column(reader, "website", website, MAX_URL),
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


def fit_column(reader: RowReader, name: str, value: str | None, limit: int) -> str | None:
    """A value derived from a cell (a website given a scheme, a city read from a location) cut to its column."""
    if value is not None and len(value) > limit:
        reader.cut(name, value, len(value), limit)
        return value[:limit]
    return value


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
        reader.warn("total_funding", value, exc.msgid, **exc.params)
        return None
    currency = money.currency or default_currency
    usd = to_usd(money.amount, currency)
    if usd is None:
        reader.warn(
            "total_funding",
            value,
            Msg("no reference rate for currency '{currency}'; give the amount in USD"),
            currency=currency,
        )
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
