"""Rows to company and round records: values as written, and rejections with row number and column."""

from __future__ import annotations

from datetime import date

import pytest

from kakehashi.adapters.importers.companies import parse_companies, parse_company_row
from kakehashi.adapters.importers.mapping import map_columns
from kakehashi.adapters.importers.reading import Table
from kakehashi.adapters.importers.rounds import parse_round_row
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.imports import RowError
from kakehashi.domain.organizations import EmployeeRange, InvestorRef, OrganizationKind, Stage

pytestmark = pytest.mark.unit

HEADERS = ["Organization Name", "Full Description", "Industries", "Founded Date", "Headquarters Location",
           "Total Funding Amount (in USD)", "Last Funding Type", "Number of Employees", "Website"]  # fmt: skip


def parse(cells: list[object], headers: list[str] = HEADERS, row: int = 2):  # type: ignore[no-untyped-def]
    return parse_company_row(map_columns(headers), row, cells, default_kind=OrganizationKind.STARTUP)  # type: ignore[arg-type]


def test_parse_company_row_crunchbase_values() -> None:
    parsed = parse(["Nova Labs", "Edge AI for factories", "Artificial Intelligence (AI), Manufacturing",
                    "2017-07-01", "Tel Aviv-Yafo, Tel Aviv, Israel", "$21.5M", "Series A", "51-200",
                    "www.novalabs.io"])  # fmt: skip

    record = parsed.record
    assert parsed.errors == []
    assert record is not None
    assert (record.name, record.country, record.city, record.total_funding_usd) == (
        "Nova Labs",
        "IL",
        "Tel Aviv-Yafo",
        21_500_000,
    )
    assert (record.founded.value if record.founded else None, record.stage, record.employees) == (
        date(2017, 7, 1),
        Stage.SERIES_A,
        EmployeeRange(51, 200),
    )
    assert record.sectors == ["Artificial Intelligence (AI)", "Manufacturing"]
    assert (record.website, record.domain, record.description_en) == (
        "https://www.novalabs.io",
        "novalabs.io",
        "Edge AI for factories",
    )


def test_parse_company_row_japanese_values_in_yen() -> None:
    headers = ["会社名", "説明", "設立", "所在地", "資金調達額", "従業員数"]

    parsed = parse(["株式会社さくらロボティクス", "工場向けの協働ロボットを開発", "2017年7月", "東京都千代田区", "21.5億円",
                    "51〜200人"], headers)  # fmt: skip

    record = parsed.record
    assert record is not None
    assert (record.name_ja, record.description_ja, record.description_en) == (
        "株式会社さくらロボティクス",
        "工場向けの協働ロボットを開発",
        None,
    )
    assert (record.country, record.city, record.total_funding_usd) == ("JP", "Tokyo", 14_405_000)


def test_parse_company_row_bad_cells_keep_company_and_warn_with_column_and_value() -> None:
    # Issue 12 changed the rule: a value that cannot be read is left empty and reported; the company stays.
    parsed = parse(["Bad Co", "", "", "32/13/2017", "", "lots", "", "", ""], row=7)

    assert parsed.record is not None
    assert (parsed.record.name, parsed.record.founded, parsed.record.total_funding_usd) == (
        "Bad Co",
        None,
        None,
    )
    assert parsed.errors == []
    assert parsed.warnings == [
        RowError(7, "Founded Date", "'{value}' is not a date", {"value": "32/13/2017"}, "32/13/2017"),
        RowError(7, "Total Funding Amount (in USD)", "'{value}' is not an amount of money", {"value": "lots"},
                 "lots"),
    ]  # fmt: skip
    assert str(parsed.warnings[0]) == "row 7, column 'Founded Date': '32/13/2017' is not a date"


def test_parse_company_row_empty_name_and_null_tokens() -> None:
    parsed = parse(["", "n/a", "", "-", "", "undisclosed", "", "", ""], row=3)

    assert parsed.errors == [RowError(3, "Organization Name", "the company name is empty")]


def test_parse_companies_without_name_column_is_unusable() -> None:
    table = Table("x.csv", "0" * 64, "csv", "utf-8", ["country", "website"], [(2, ["IL", "a.io"])])

    with pytest.raises(InvalidInput, match="no company name column"):
        list(parse_companies(table, map_columns(table.headers)))


def test_parse_round_row_investors_with_countries_and_leads() -> None:
    headers = ["company", "date", "type", "amount", "currency", "investors", "lead investors"]
    columns = map_columns(headers, kind="rounds")

    parsed = parse_round_row(
        columns,
        2,
        [
            "Nova Labs",
            "2019-03-01",
            "Series A",
            "1,500,000,000",
            "JPY",
            "SoftBank (Japan); Pitango [IL]; Samsung Next",
            "Samsung Next (KR)",
        ],  # fmt: skip
    )

    record = parsed.record
    assert record is not None
    assert (record.round_type, record.amount, record.currency, record.amount_usd) == (
        "series_a",
        1_500_000_000,
        "JPY",
        13_407_538,  # 1.5 billion yen at the ECB rate of 2019-03-01: 1 JPY = 0.0089383589 USD
    )
    assert (record.usd_source, str(record.usd_rate), record.rate_on) == (
        "ecb",
        "0.0089383589",
        date(2019, 3, 1),
    )
    assert record.investors == [
        InvestorRef("SoftBank", "JP", False),
        InvestorRef("Pitango", "IL", False),
        InvestorRef("Samsung Next", None, True),
    ]


def test_parse_round_row_parallel_country_column() -> None:
    columns = map_columns(["企業名", "調達日", "ラウンド", "調達額", "投資家", "投資家の国"], kind="rounds")

    parsed = parse_round_row(
        columns, 5, ["ノヴァ", "2020年4月", "シリーズB", "10億円", "さくらVC、ソウル投資", "日本、韓国"]
    )

    assert parsed.record is not None
    assert [(i.name, i.country) for i in parsed.record.investors] == [
        ("さくらVC", "JP"),
        ("ソウル投資", "KR"),
    ]
    assert parsed.record.round_type == "series_b"


def test_parse_round_row_country_count_mismatch_keeps_investors_and_warns() -> None:
    # Issue 12 changed the rule: the round and its investors are kept, their countries left unknown.
    columns = map_columns(["company", "investors", "investor countries"], kind="rounds")

    parsed = parse_round_row(columns, 4, ["Nova", "A; B; C", "JP; IL"])

    assert parsed.record is not None
    assert [(i.name, i.country) for i in parsed.record.investors] == [("A", None), ("B", None), ("C", None)]
    assert [str(w) for w in parsed.warnings] == [
        "row 4, column 'investor countries': 2 countries for 3 investors; give one country per investor, in order"
    ]
    assert parsed.warnings[0].value == "JP; IL"


def test_parse_company_row_crunchbase_founded_precision() -> None:
    headers = ["Organization Name", "Founded Date", "Founded Date Precision"]

    parsed = parse(["Nova", "2017-01-01", "year"], headers)

    assert parsed.record is not None
    assert str(parsed.record.founded) == "2017"


def test_parse_company_row_cuts_long_values_to_their_columns_with_warnings() -> None:
    headers = ["name", "description", "tags"]
    long_name = "N" * 400
    tags = ", ".join(f"tag{n}" for n in range(250))

    parsed = parse([long_name, "d" * 150_000, tags], headers, row=9)

    record = parsed.record
    assert record is not None
    assert (len(record.name), len(record.description_en or ""), len(record.tags)) == (300, 100_000, 200)
    assert [(w.row, w.column, w.message) for w in parsed.warnings] == [
        (9, "name", "the value is 400 characters long; only the first 300 were kept"),
        (9, "description", "the value is 150000 characters long; only the first 100000 were kept"),
        (9, "tags", "250 labels in one cell; only the first 200 were kept"),
    ]
