"""Table rows -> DealRecords (kakehashi import deals) and SeriesRecords (kakehashi import series).

Deals: `date`, `kind` (acquisition, investment, partnership, R&D centre, branch, agreement; English or
Japanese words), one column per role (`acquirer`, `target`, `investor`, `partner`, `host`: names separated
by ';' or ',', each optionally followed by its country, 'Sony (JP)') or a `parties` column of 'role: name'
items, `amount` and `currency` (or `amount_usd`), `title`, `description`, `country` (where an R&D centre or
branch opens). A row without any party is rejected; an unreadable value is left out with a warning.

Series: `period` (a year 2018, or a month 2018-03), `indicator`, `value`, `unit`, `source`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime

from kakehashi.adapters.importers.cells import Cell, parse_country, parse_currency, parse_date, parse_money
from kakehashi.adapters.importers.companies import MAX_NAME, ParsedRow, RowReader
from kakehashi.adapters.importers.mapping import ColumnMap, header_key
from kakehashi.adapters.importers.reading import Table
from kakehashi.adapters.importers.rounds import split_names
from kakehashi.adapters.money import EcbRates, ecb_rates
from kakehashi.domain.errors import InvalidInput, Msg
from kakehashi.domain.insights import DEAL_ROLES, DealKind, DealPartyRef, DealRecord, SeriesRecord

DEAL_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "Announced Date", "announced_on", "Announced On", "日付", "発表日"),
    "kind": ("kind", "type", "Deal Type", "Deal Kind", "種類", "種別"),
    "title": ("title", "Transaction Name", "name", "件名", "タイトル"),
    "description": ("description", "summary", "概要", "説明"),
    "amount": ("amount", "Price", "Money Raised", "金額"),
    "currency": ("currency", "Price Currency", "Money Raised Currency", "通貨"),
    "amount_usd": ("amount_usd", "Amount (USD)", "Price (in USD)", "Money Raised (in USD)", "金額ドル"),
    "country": ("country", "place", "location", "国", "場所"),
    "parties": ("parties", "当事者"),
    "acquirer": ("acquirer", "acquirers", "Acquirer Name", "買収企業"),
    "target": ("target", "acquiree", "Acquiree Name", "対象企業"),
    "investor": ("investor", "investors", "出資企業", "投資家"),
    "partner": ("partner", "partners", "提携先"),
    "host": ("host", "opened by", "開設企業"),
}
SERIES_FIELDS: dict[str, tuple[str, ...]] = {
    "period": ("period", "year", "month", "date", "期間", "年", "年月"),
    "indicator": ("indicator", "series", "name", "指標", "系列"),
    "value": ("value", "amount", "値", "金額"),
    "unit": ("unit", "units", "単位"),
    "source": ("source", "出典", "出所"),
}
_KINDS: dict[str, DealKind] = {
    "acquisition": DealKind.ACQUISITION,
    "acquired": DealKind.ACQUISITION,
    "merger": DealKind.ACQUISITION,
    "ma": DealKind.ACQUISITION,
    "買収": DealKind.ACQUISITION,
    "investment": DealKind.INVESTMENT,
    "出資": DealKind.INVESTMENT,
    "投資": DealKind.INVESTMENT,
    "partnership": DealKind.PARTNERSHIP,
    "poc": DealKind.PARTNERSHIP,
    "提携": DealKind.PARTNERSHIP,
    "業務提携": DealKind.PARTNERSHIP,
    "rdcenter": DealKind.RD_CENTER,
    "rdcentre": DealKind.RD_CENTER,
    "researchcenter": DealKind.RD_CENTER,
    "researchcentre": DealKind.RD_CENTER,
    "研究開発拠点": DealKind.RD_CENTER,
    "研究所": DealKind.RD_CENTER,
    "branch": DealKind.BRANCH,
    "branchopening": DealKind.BRANCH,
    "office": DealKind.BRANCH,
    "支社": DealKind.BRANCH,
    "支店": DealKind.BRANCH,
    "拠点": DealKind.BRANCH,
    "agreement": DealKind.AGREEMENT,
    "mou": DealKind.AGREEMENT,
    "覚書": DealKind.AGREEMENT,
    "契約": DealKind.AGREEMENT,
}
_NAME_WITH_COUNTRY = re.compile(r"^(.*?)\s*[(\[（]([^()\[\]（）]+)[)\]）]\s*$")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?)?$")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def column_map(headers: list[str], fields: dict[str, tuple[str, ...]]) -> ColumnMap:
    """Each field to the first column whose header is one of its names; other columns are ignored."""
    index = {header_key(alias): name for name, aliases in fields.items() for alias in (name, *aliases)}
    columns = ColumnMap(headers=headers)
    for position, header in enumerate(headers):
        name = index.get(header_key(header))
        if name is not None and name not in columns.fields:
            columns.fields[name] = position
        else:
            columns.ignored.append(header)
    return columns


def parse_deal_kind(value: Cell) -> DealKind:
    kind = _KINDS.get(_key(str(value)))
    if kind is None:
        raise InvalidInput(
            "unknown deal kind '{value}'; use acquisition, investment, partnership, rd_center, branch or agreement",
            value=str(value),
        )
    return kind


def _party(text: str, role: str) -> DealPartyRef:
    match = _NAME_WITH_COUNTRY.match(text)
    if match:
        try:
            return DealPartyRef(match[1].strip()[:MAX_NAME], parse_country(match[2]), role)
        except InvalidInput:
            pass
    return DealPartyRef(text[:MAX_NAME], None, role)


def _parties(reader: RowReader) -> list[DealPartyRef]:
    parties: list[DealPartyRef] = []
    for role in DEAL_ROLES:
        parties += [_party(name, role) for name in split_names(reader.text(role) or "")]
    for item in split_names(reader.text("parties") or ""):
        role, _, name = item.partition(":")
        if name.strip() and _key(role) in DEAL_ROLES:
            parties.append(_party(name.strip(), _key(role)))
        else:
            reader.warn(
                "parties",
                item,
                Msg("write each party as 'role: name' with a role among {roles}"),
                roles=", ".join(DEAL_ROLES),
            )
    return parties


def parse_deal_row(
    columns: ColumnMap, row: int, cells: list[Cell], rates: EcbRates | None = None
) -> ParsedRow[DealRecord]:
    reader = RowReader(columns, row, cells)
    parties = _parties(reader)
    if not parties:
        return reader.rejected("acquirer", Msg("the deal names no party"))
    kind = reader.parsed("kind", parse_deal_kind)
    if kind is None:
        return reader.rejected("kind", Msg("the deal kind is missing or unknown"))
    announced = reader.parsed("date", parse_date)
    day = announced.value if announced else None
    record = DealRecord(
        kind=kind,
        announced=day,
        parties=parties,
        title=reader.text("title", 300),
        description=reader.text("description"),
        country=reader.parsed("country", parse_country),
    )
    value = reader.raw("amount")
    currency = reader.parsed("currency", parse_currency) or "USD"
    if value is not None:
        try:
            money = parse_money(value, default_currency=currency)
            record.amount, record.currency = money.amount, money.currency or currency
        except InvalidInput as exc:
            reader.warn("amount", value, exc.msgid, **exc.params)
    usd_value = reader.raw("amount_usd")
    if usd_value is not None:
        try:
            record.amount_usd = parse_money(usd_value, default_currency="USD").amount
        except InvalidInput as exc:
            reader.warn("amount_usd", usd_value, exc.msgid, **exc.params)
    if record.amount_usd is None and record.amount is not None and record.currency:
        rate = (rates or ecb_rates()).usd_rate(record.currency, day) if day else None
        if rate is None:
            reader.warn(
                "amount",
                value,
                Msg("no ECB reference rate for {currency} on or before {date}; the deal adds no amount"),
                currency=record.currency,
                date=day.isoformat() if day else "?",
            )
        else:
            record.amount_usd = rate.convert(record.amount)
            if rate.currency != "USD":
                record.usd_rate, record.rate_on = rate.rate, rate.on
    return ParsedRow(row, record, [], reader.warnings)


def parse_deals(
    table: Table, rates: EcbRates | None = None
) -> tuple[ColumnMap, Iterator[ParsedRow[DealRecord]]]:
    columns = column_map(table.headers, DEAL_FIELDS)
    if not set(DEAL_ROLES) & set(columns.fields) and "parties" not in columns.fields:
        raise InvalidInput(
            "'{file}' has no party column (found {found}); name one 'acquirer', 'target', 'investor', "
            "'partner', 'host' or 'parties'",
            file=table.file_name,
            found=", ".join(repr(h) for h in table.headers[:8]),
        )
    return columns, (parse_deal_row(columns, row, cells, rates) for row, cells in table.rows)


def parse_period(value: Cell) -> tuple[int, int | None]:
    """2018, '2018', '2018-03', '2018/3', '2018年3月' or a date cell -> (year, month or None)."""
    if isinstance(value, datetime | date):
        return value.year, value.month
    if isinstance(value, int | float) and float(value).is_integer():
        value = str(int(value))
    match = _MONTH.match(unicodedata.normalize("NFKC", str(value)).strip())
    if match and 1000 <= int(match[1]) <= 9999 and (match[2] is None or 1 <= int(match[2]) <= 12):
        return int(match[1]), int(match[2]) if match[2] else None
    raise InvalidInput("'{value}' is not a year (2018) or a month (2018-03)", value=str(value))


def parse_number(value: Cell) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "")
    try:
        return float(text)
    except ValueError as exc:
        raise InvalidInput("'{value}' is not a number", value=str(value)) from exc


def parse_series_row(columns: ColumnMap, row: int, cells: list[Cell]) -> ParsedRow[SeriesRecord]:
    reader = RowReader(columns, row, cells)
    indicator = reader.text("indicator", 200)
    if indicator is None:
        return reader.rejected("indicator", Msg("the indicator name is empty"))
    period = reader.parsed("period", parse_period)
    if period is None:
        return reader.rejected("period", Msg("the period is missing or unreadable"))
    value = reader.parsed("value", parse_number)
    if value is None:
        return reader.rejected("value", Msg("the value is missing or unreadable"))
    record = SeriesRecord(
        indicator=indicator,
        year=period[0],
        month=period[1],
        value=value,
        unit=reader.text("unit", 40) or "",
        source=reader.text("source", 300),
    )
    return ParsedRow(row, record, [], reader.warnings)


def parse_series(table: Table) -> tuple[ColumnMap, Iterator[ParsedRow[SeriesRecord]]]:
    columns = column_map(table.headers, SERIES_FIELDS)
    missing = [name for name in ("period", "indicator", "value") if name not in columns.fields]
    if missing:
        raise InvalidInput(
            "'{file}' has no {columns} column (found {found})",
            file=table.file_name,
            columns=", ".join(missing),
            found=", ".join(repr(h) for h in table.headers[:8]),
        )
    return columns, (parse_series_row(columns, row, cells) for row, cells in table.rows)


def header_score(fields: dict[str, tuple[str, ...]]) -> Callable[[list[str]], int]:
    """How many headers of a candidate header row name one of `fields` (read_table picks the best row)."""
    known = {header_key(alias) for name, aliases in fields.items() for alias in (name, *aliases)}
    return lambda headers: sum(1 for header in headers if header_key(str(header)) in known)
