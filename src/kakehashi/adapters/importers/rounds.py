"""Table rows -> RoundRecords: company, date, type, amount, currency, investors and their countries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from kakehashi.adapters.importers.cells import (
    Cell,
    parse_country,
    parse_currency,
    parse_date,
    parse_money,
    parse_round_type,
    parse_website,
)
from kakehashi.adapters.importers.companies import MAX_NAME, MAX_URL, ParsedRow, RowReader, fit_column
from kakehashi.adapters.importers.mapping import ColumnMap
from kakehashi.adapters.importers.reading import Table
from kakehashi.adapters.money import EcbRates, UsdRate, ecb_rates
from kakehashi.domain.errors import InvalidInput, Msg
from kakehashi.domain.organizations import InvestorRef, RoundRecord, RoundType

_TRAILING_COUNTRY = re.compile(r"^(.*?)\s*[(\[（【]([^()\[\]（）【】]+)[)\]）】]\s*$")


def split_names(text: str) -> list[str]:
    """'A; B', 'A, B', 'A、B' or one name per line -> names (semicolons win when present)."""
    separator = r"[;；\n]" if re.search(r"[;；\n]", text) else r"[,、，]"
    names: list[str] = []
    for part in re.split(separator, text):
        cleaned = " ".join(part.split())
        if cleaned and cleaned not in names:
            names.append(cleaned)
    return names


def _investor(text: str) -> tuple[str, str | None]:
    """'SoftBank (JP)', 'Pitango [Israel]', 'ソニー（日本）' -> name and country; other brackets stay in the name."""
    match = _TRAILING_COUNTRY.match(text)
    if match:
        try:
            return match[1].strip()[:MAX_NAME], parse_country(match[2])
        except InvalidInput:
            pass
    return text[:MAX_NAME], None


def parse_round_row(
    columns: ColumnMap, row: int, cells: list[Cell], rates: EcbRates | None = None
) -> ParsedRow[RoundRecord]:
    """One row as a RoundRecord. The USD amount is the file's USD column when given, else the amount
    converted at the ECB rate of the announcement day (or the nearest earlier day with a rate); a round
    whose amount cannot be converted is kept without a USD amount, with a warning."""
    reader = RowReader(columns, row, cells)
    company = reader.text("company", MAX_NAME)
    if company is None:
        return reader.rejected("company", Msg("the company name is empty"))
    round_type = reader.parsed("type", parse_round_type) or RoundType.UNKNOWN
    announced = reader.parsed("date", parse_date)
    website = reader.parsed("company_website", parse_website)

    amount = currency = amount_usd = None
    unit = columns.units.get("amount")
    currency_cell = reader.parsed("currency", parse_currency)
    default_currency = currency_cell or (unit.currency if unit else None) or "USD"
    value = reader.raw("amount")
    if value is not None:
        try:
            money = parse_money(
                value, default_currency=default_currency, multiplier=unit.multiplier if unit else 1
            )
            amount, currency = money.amount, money.currency or default_currency
        except InvalidInput as exc:
            reader.warn("amount", value, exc.msgid, **exc.params)
    usd_value = reader.raw("amount_usd")
    if usd_value is not None:
        try:
            usd_money = parse_money(usd_value, default_currency="USD")
            amount_usd = usd_money.amount
            if amount is None:
                amount, currency = usd_money.amount, "USD"
        except InvalidInput as exc:
            reader.warn("amount_usd", usd_value, exc.msgid, **exc.params)
    usd_source: str | None = None
    conversion: UsdRate | None = None
    if amount_usd is not None:
        usd_source = "given"
    elif amount is not None and currency == "USD":
        amount_usd, usd_source = amount, "given"
    elif amount is not None and currency is not None:
        conversion = _ecb_rate(reader, value, currency, announced.value if announced else None, rates)
        if conversion is not None:
            amount_usd, usd_source = conversion.convert(amount), "ecb"

    investors = _investors(reader)
    record = RoundRecord(
        company_name=company,
        round_type=round_type,
        company_website=fit_column(reader, "company_website", website, MAX_URL),
        announced=announced,
        amount=amount,
        currency=currency,
        amount_usd=amount_usd,
        investors=investors,
        usd_source=usd_source,
        usd_rate=conversion.rate if conversion is not None else None,
        rate_on=conversion.on if conversion is not None else None,
    )
    return ParsedRow(row, record, [], reader.warnings)


def _ecb_rate(
    reader: RowReader, value: Cell, currency: str, announced: date | None, rates: EcbRates | None
) -> UsdRate | None:
    """The ECB rate that converts a non-USD amount the file gives no USD amount for; warns when none."""
    if announced is None:
        reader.warn(
            "amount",
            value,
            Msg("no announcement date to take the {currency} rate of; the round adds no capital"),
            currency=currency,
        )
        return None
    rate = (rates or ecb_rates()).usd_rate(currency, announced)
    if rate is None:
        reader.warn(
            "amount",
            value,
            Msg("no ECB reference rate for {currency} on or before {date}; the round adds no capital"),
            currency=currency,
            date=announced.isoformat(),
        )
    return rate


def _investors(reader: RowReader) -> list[InvestorRef]:
    entries = [_investor(name) for name in split_names(reader.text("investors") or "")]
    leads = [_investor(name) for name in split_names(reader.text("lead_investors") or "")]
    lead_names = {name.casefold() for name, _ in leads}
    known = {name.casefold() for name, _ in entries}
    entries += [(name, country) for name, country in leads if name.casefold() not in known]

    countries_text = reader.text("investor_countries")
    if countries_text:
        codes: list[str | None] = []
        for part in split_names(countries_text):
            try:
                codes.append(parse_country(part))
            except InvalidInput as exc:
                reader.warn("investor_countries", part, exc.msgid, **exc.params)
                codes.append(None)  # that investor's country stays unknown; the others keep theirs
        if len(codes) == 1:
            entries = [(name, country or codes[0]) for name, country in entries]
        elif len(codes) == len(entries):
            entries = [(name, country or code) for (name, country), code in zip(entries, codes, strict=True)]
        else:
            reader.warn(
                "investor_countries",
                countries_text,
                Msg(
                    "{countries} countries for {investors} investors; give one country per investor, in order"
                ),
                countries=len(codes),
                investors=len(entries),
            )
    return [InvestorRef(name, country, name.casefold() in lead_names) for name, country in entries]


def parse_rounds(
    table: Table, columns: ColumnMap, rates: EcbRates | None = None
) -> Iterator[ParsedRow[RoundRecord]]:
    """Every data row as a ParsedRow; raises InvalidInput when no column names the company."""
    if "company" not in columns.fields:
        raise InvalidInput(
            "'{file}' has no company column (found {found}); "
            "name it 'company', 'Organization Name' or '企業名', or pass --mapping",
            file=table.file_name,
            found=", ".join(repr(h) for h in table.headers[:8]),
        )
    for row, cells in table.rows:
        yield parse_round_row(columns, row, cells, rates)
