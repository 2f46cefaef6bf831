"""Cell parsers: the forms people write money, dates, head counts, places and stages in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kakehashi.adapters.importers.cells import (
    detect_currency,
    is_japanese,
    parse_country,
    parse_currency,
    parse_date,
    parse_employees,
    parse_flag,
    parse_kind,
    parse_location,
    parse_money,
    parse_round_type,
    parse_stage,
    parse_status,
    parse_website,
)
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.gazetteer import Location
from kakehashi.domain.money import Money
from kakehashi.domain.organizations import (
    DateConfidence,
    EmployeeRange,
    OperatingStatus,
    OrganizationKind,
    Stage,
)
from kakehashi.entrypoints import messages

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$21.5M", Money(21_500_000, "USD")),
        ("1,200,000", Money(1_200_000, None)),
        ("21.5億円", Money(2_150_000_000, "JPY")),
        ("3億5000万円", Money(350_000_000, "JPY")),
        ("¥1.2B", Money(1_200_000_000, "JPY")),
        ("￥1.2B", Money(1_200_000_000, "JPY")),
        ("USD 5m", Money(5_000_000, "USD")),
        ("₪10M", Money(10_000_000, "ILS")),
        ("€3.5 million", Money(3_500_000, "EUR")),
        ("5 million USD", Money(5_000_000, "USD")),
        ("US$ 3M", Money(3_000_000, "USD")),
        ("10,000千円", Money(10_000_000, "JPY")),
        ("500万ドル", Money(5_000_000, "USD")),
        ("１２億円", Money(1_200_000_000, "JPY")),
        ("KRW 5,000,000,000", Money(5_000_000_000, "KRW")),
        ("1.5k", Money(1_500, None)),
    ],
)
def test_parse_money_written_forms(text: str, expected: Money) -> None:
    assert parse_money(text) == expected


def test_parse_money_header_multiplier_applies_to_bare_numbers() -> None:
    assert parse_money("350", default_currency="JPY", multiplier=1_000_000) == Money(350_000_000, "JPY")


@pytest.mark.parametrize("text", ["abc", "12 apples", "-5M", "thousand"])
def test_parse_money_rejects_non_amounts(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not an amount of money"):
        parse_money(text)


def test_detect_currency_in_headers() -> None:
    assert detect_currency("Total Funding Amount (in USD)") == "USD"
    assert detect_currency("資金調達額（円）") == "JPY"
    assert detect_currency("Employees") is None


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2017-07-01", date(2017, 7, 1), DateConfidence.DAY),
        ("7/2017", date(2017, 7, 1), DateConfidence.MONTH),
        ("2017/07", date(2017, 7, 1), DateConfidence.MONTH),
        ("2017年7月", date(2017, 7, 1), DateConfidence.MONTH),
        ("2017年7月15日", date(2017, 7, 15), DateConfidence.DAY),
        ("2017", date(2017, 1, 1), DateConfidence.YEAR),
        ("Jul 2017", date(2017, 7, 1), DateConfidence.MONTH),
        ("July 4, 2017", date(2017, 7, 4), DateConfidence.DAY),
        ("01-Jul-2017", date(2017, 7, 1), DateConfidence.DAY),
        ("13/07/2017", date(2017, 7, 13), DateConfidence.DAY),
        ("令和2年4月", date(2020, 4, 1), DateConfidence.MONTH),
        ("平成元年", date(1989, 1, 1), DateConfidence.YEAR),
        (2017, date(2017, 1, 1), DateConfidence.YEAR),
        (42917, date(2017, 7, 1), DateConfidence.DAY),
        (datetime(2017, 7, 1, 0, 0), date(2017, 7, 1), DateConfidence.DAY),
    ],
)
def test_parse_date_written_forms(value: object, expected: date, precision: DateConfidence) -> None:
    parsed = parse_date(value)  # type: ignore[arg-type]

    assert (parsed.value, parsed.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["32/13/2017", "2017-02-30", "next year", "1492"])
def test_parse_date_rejects_impossible_dates(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a date"):
        parse_date(text)


def test_parse_date_message_quotes_the_value() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("32/13/2017")

    assert str(caught.value) == "'32/13/2017' is not a date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("51-200", EmployeeRange(51, 200)),
        ("1,001-5,000", EmployeeRange(1001, 5000)),
        ("10000+", EmployeeRange(10000, None)),
        ("10,001+", EmployeeRange(10001, None)),
        ("51〜200人", EmployeeRange(51, 200)),
        ("約120名", EmployeeRange(120, 120)),
        ("1000人以上", EmployeeRange(1000, None)),
        (120, EmployeeRange(120, 120)),
    ],
)
def test_parse_employees_written_forms(text: object, expected: EmployeeRange) -> None:
    assert parse_employees(text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["many", "200-51", "-3"])
def test_parse_employees_rejects_nonsense(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a number of employees"):
        parse_employees(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel", Location("IL", None)),
        ("イスラエル", Location("IL", None)),
        ("Tel Aviv, Israel", Location("IL", "Tel Aviv")),
        ("Tel Aviv-Yafo, Tel Aviv, Israel", Location("IL", "Tel Aviv-Yafo")),
        ("San Francisco, California, United States", Location("US", "San Francisco")),
        ("東京都千代田区", Location("JP", "Tokyo")),
        ("大阪府大阪市北区梅田1-1", Location("JP", "Osaka")),
        ("神奈川県横浜市西区", Location("JP", "Yokohama")),
        ("〒100-0005 東京都千代田区丸の内", Location("JP", "Tokyo")),
        ("Haifa", Location(None, "Haifa")),
    ],
)
def test_parse_location_forms(text: str, expected: Location) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [("IL", "IL"), ("ISR", "IL"), ("USA", "US"), ("United Kingdom", "GB"), ("韓国", "KR"), ("中国", "CN"),
     ("South Korea", "KR"), ("ドイツ", "DE"), ("日本", "JP")],
)  # fmt: skip
def test_parse_country_names_and_codes(text: str, code: str) -> None:
    assert parse_country(text) == code


def test_parse_country_rejects_unknown_place() -> None:
    with pytest.raises(InvalidInput, match="is not a country"):
        parse_country("Atlantis")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seed", Stage.SEED),
        ("Pre-Seed", Stage.PRE_SEED),
        ("Series A", Stage.SERIES_A),
        ("Series B Round", Stage.SERIES_B),
        ("Series F", Stage.SERIES_D_PLUS),
        ("シリーズA", Stage.SERIES_A),
        ("シード", Stage.SEED),
        ("Post-IPO Equity", Stage.PUBLIC),
        ("Private Equity", Stage.GROWTH),
        ("Venture - Series Unknown", Stage.OTHER),
        ("Angel", Stage.SEED),
        ("series_d_plus", Stage.SERIES_D_PLUS),
    ],
)
def test_parse_stage_vocabularies(text: str, expected: Stage) -> None:
    assert parse_stage(text) == expected


def test_parse_round_type_keeps_non_equity_kinds() -> None:
    assert [
        parse_round_type(t) for t in ("Grant", "Debt Financing", "Convertible Note", "Corporate Round")
    ] == [
        "grant",
        "debt",
        "convertible_note",
        "corporate",
    ]


def test_parse_stage_rejects_unknown_words() -> None:
    with pytest.raises(InvalidInput, match="is not a funding stage"):
        parse_stage("lots of money")


def test_parse_status_english_and_japanese() -> None:
    assert [parse_status(t) for t in ("Active", "Closed", "Was Acquired", "IPO", "稼働中", "上場")] == [
        OperatingStatus.ACTIVE,
        OperatingStatus.CLOSED,
        OperatingStatus.ACQUIRED,
        OperatingStatus.IPO,
        OperatingStatus.ACTIVE,
        OperatingStatus.IPO,
    ]


def test_parse_kind_flag_and_website() -> None:
    assert parse_kind("事業会社") == OrganizationKind.CORPORATION
    assert parse_kind("VC") == OrganizationKind.INVESTOR
    assert (parse_flag("lead"), parse_flag("はい"), parse_flag("no")) == (True, True, False)
    assert parse_website("www.foo.io") == "https://www.foo.io"
    with pytest.raises(InvalidInput, match="is not a website"):
        parse_website("not a site")


def test_is_japanese_detects_script() -> None:
    assert (is_japanese("イスラエルのAIスタートアップ"), is_japanese("An Israeli AI startup")) == (
        True,
        False,
    )


def test_parse_currency_codes_symbols_and_words() -> None:
    assert [parse_currency(t) for t in ("usd", "円", "US Dollar", "₪", "CAD")] == [
        "USD",
        "JPY",
        "USD",
        "ILS",
        "CAD",
    ]
    with pytest.raises(InvalidInput, match="is not a currency"):
        parse_currency("Bitcoins please")


def test_parse_money_and_employees_refuse_absurd_sizes() -> None:
    with pytest.raises(InvalidInput, match="too large"):
        parse_money("999999999999999999999")
    with pytest.raises(InvalidInput, match="too large"):
        parse_employees("99999999999")


def test_hebrew_amounts_and_places() -> None:
    assert parse_money("5 מיליון דולר") == Money(5_000_000, "USD")
    assert parse_money('12 מיליון ש"ח') == Money(12_000_000, "ILS")
    assert parse_location("תל אביב, ישראל") == Location("IL", "Tel Aviv")
    assert parse_country("ישראל") == "IL"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 1, 10), EmployeeRange(1, 10)),
        (datetime(1950, 11, 1), EmployeeRange(11, 50)),
        ("10-Jan", EmployeeRange(1, 10)),
        ("Nov-50", EmployeeRange(11, 50)),
    ],
)
def test_parse_employees_recovers_ranges_excel_turned_into_dates(
    value: object, expected: EmployeeRange
) -> None:
    assert parse_employees(value) == expected  # type: ignore[arg-type]


def test_parse_employees_refuses_a_real_date() -> None:
    with pytest.raises(InvalidInput, match="is not a number of employees"):
        parse_employees(date(2020, 5, 5))


def test_a_refused_cell_names_its_value_in_english_and_in_japanese() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_date("32/13/2017")

    assert messages.error_text(refused.value, "en") == "'32/13/2017' is not a date."
    assert messages.error_text(refused.value, "ja") == "「32/13/2017」は日付として読み取れません。"
