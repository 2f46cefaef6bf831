"""Parsers for values as people write them in spreadsheets: money, dates, head counts, places, stages.

Each parser accepts the forms found in real exports (Crunchbase, Japanese Excel sheets, hand-made lists)
and raises InvalidInput with a message a user understands ("'32/13/2017' is not a date").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from kakehashi.domain.countries import COUNTRY_NAMES
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import (
    DateConfidence,
    EmployeeRange,
    OperatingStatus,
    OrganizationKind,
    PartialDate,
    Stage,
)

Cell = str | int | float | date | datetime | None


# Control characters (NUL above all) cannot be stored in PostgreSQL text and are never meant in a cell.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def clean_text(value: Cell) -> str:
    """Cell as text: NFKC (full-width digits and letters become ASCII), control characters and outer spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).translate(_CONTROL).strip()


def _quote(value: Cell) -> str:
    text = str(value).strip() if value is not None else ""
    return f"'{text[:60]}'"


# ---------------------------------------------------------------------------------------------------- money

RATES_TO_USD: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "JPY": Decimal("0.0067"),  # about 150 yen per dollar
    "ILS": Decimal("0.27"),  # about 3.7 shekels per dollar
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "KRW": Decimal("0.00073"),  # about 1,370 won per dollar
    "CNY": Decimal("0.14"),  # about 7.2 yuan per dollar
    "CAD": Decimal("0.73"),
    "CHF": Decimal("1.13"),
    "AUD": Decimal("0.66"),
    "SGD": Decimal("0.74"),
    "HKD": Decimal("0.128"),
    "INR": Decimal("0.012"),
    "TWD": Decimal("0.031"),
}
"""Approximate reference rates (2024-2025 averages), fixed so that imports are reproducible.

They are good enough to compare funding across currencies in search filters and statistics, not for
accounting; the original amount and currency are always kept next to the USD figure.
"""


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # whole units of `currency`
    currency: str | None  # ISO 4217, None when the text named none

    def in_usd(self, default_currency: str = "USD") -> int | None:
        return to_usd(self.amount, self.currency or default_currency)


def to_usd(amount: int, currency: str) -> int | None:
    """Convert with the fixed reference table; None for a currency the table does not know."""
    rate = RATES_TO_USD.get(currency.upper())
    if rate is None:
        return None
    return int((Decimal(amount) * rate).to_integral_value())


# Longest markers first so that "US$" wins over "$" and "CN¥" over "¥".
_CURRENCY_MARKERS: tuple[tuple[str, str], ...] = (
    ("us$", "USD"),
    ("usd", "USD"),
    ("cn¥", "CNY"),
    ("rmb", "CNY"),
    ("cny", "CNY"),
    ("人民元", "CNY"),
    ("jpy", "JPY"),
    ("ils", "ILS"),
    ("nis", "ILS"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("krw", "KRW"),
    ("ウォン", "KRW"),
    ("ユーロ", "EUR"),
    ("シェケル", "ILS"),
    ("ポンド", "GBP"),
    ("米ドル", "USD"),
    ("ドル", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("shekels", "ILS"),
    ("yen", "JPY"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("won", "KRW"),
    ("yuan", "CNY"),
    ("円", "JPY"),
    ("元", "CNY"),
    ("$", "USD"),
    ("¥", "JPY"),
    ("₪", "ILS"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₩", "KRW"),
    ('ש"ח', "ILS"),
    ("שקלים", "ILS"),
    ("שקל", "ILS"),
    ("דולר", "USD"),
    ("אירו", "EUR"),
)
_CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")
_EN_MULTIPLIERS: dict[str, int] = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "t": 10**12,
    "tn": 10**12,
    "trillion": 10**12,
    "אלף": 10**3,  # Hebrew: thousand, million, billion
    "מיליון": 10**6,
    "מיליארד": 10**9,
}
_JA_UNITS: dict[str, int] = {"兆": 10**12, "億": 10**8, "百万": 10**6, "万": 10**4, "千": 10**3}
_JA_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(兆|億|百万|万|千)")
_EN_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*([a-z\u05d0-\u05ea]+)?$")


def _marker_pattern(marker: str) -> str:
    escaped = re.escape(marker)
    # Word markers ("usd", "yen") must not match inside other words ("thousand", "wonder").
    return rf"(?<![a-z]){escaped}(?![a-z])" if marker.isascii() and marker.isalpha() else escaped


_MARKER_CODES = dict(_CURRENCY_MARKERS)
_MARKERS = re.compile("|".join(_marker_pattern(marker) for marker, _ in _CURRENCY_MARKERS))
_OTHER_CODE = re.compile(r"\b(?!MIL\b|MLN\b)[A-Z]{3}\b")  # CAD, CHF...: upper case in the cell
_PLAIN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def detect_currency(text: str) -> str | None:
    """Currency named in a cell or a header ('$21.5M', '21.5億円', 'Funding (in USD)'), if any."""
    normalized = unicodedata.normalize("NFKC", text)
    match = _MARKERS.search(normalized.casefold())
    if match:
        return _MARKER_CODES[match.group(0)]
    code = _CURRENCY_CODE.search(normalized)
    return code.group(1) if code else None


def _strip_currency(text: str) -> str:
    return _MARKERS.sub(" ", _OTHER_CODE.sub(" ", text).casefold()).strip()


MAX_AMOUNT = 10**15  # beyond any funding round in any currency; larger means a typo or a wrong column


def parse_currency(value: Cell) -> str:
    """'USD', 'jpy', '円', 'US Dollar', '₪' -> ISO 4217 code."""
    text = clean_text(value)
    code = detect_currency(text)
    if code is None and re.fullmatch(r"[A-Za-z]{3}", text):
        code = text.upper()
    if code is None:
        raise InvalidInput(f"{_quote(value)} is not a currency (e.g. USD, JPY, ILS)")
    return code


def parse_money(value: Cell, *, default_currency: str | None = None, multiplier: int = 1) -> Money:
    """'$21.5M', '1,200,000', '21.5億円', '3億5000万円', '¥1.2B', 'USD 5m', '₪10M' -> Money.

    `multiplier` applies to bare numbers whose unit is in the header ('資金調達額（百万円）').
    """
    money = _parse_money(value, default_currency=default_currency, multiplier=multiplier)
    if money.amount > MAX_AMOUNT:
        raise InvalidInput(f"{_quote(value)} is too large to be an amount of money")
    return money


def _parse_money(value: Cell, *, default_currency: str | None, multiplier: int) -> Money:
    if isinstance(value, (bool, date, datetime)):
        raise InvalidInput(f"{_quote(value)} is not an amount of money")
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidInput(f"{_quote(value)} is not an amount of money (negative)")
        return Money(int(Decimal(str(value)) * multiplier), default_currency)
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty amount")
    if _PLAIN_NUMBER.fullmatch(text):  # the common case, without currency or unit
        return Money(int(Decimal(text.replace(",", "")) * multiplier), default_currency)
    currency = detect_currency(text) or default_currency
    body = _strip_currency(text)
    body = body.replace(",", "").replace("_", "").replace(" ", "")
    body = body.removesuffix("以上").removeprefix("約").removesuffix("+")
    if body.startswith("-"):
        raise InvalidInput(f"{_quote(value)} is not an amount of money (negative)")
    try:
        if any(unit in body for unit in _JA_UNITS):
            parts = _JA_PART.findall(body)
            rest = _JA_PART.sub("", body)
            if not parts or (rest and not re.fullmatch(r"\d+", rest)):
                raise InvalidInput(f"{_quote(value)} is not an amount of money")
            total = sum(Decimal(number) * _JA_UNITS[unit] for number, unit in parts)
            total += Decimal(rest or 0)
            return Money(int(total), currency)
        match = _EN_AMOUNT.match(body)
        if not match:
            raise InvalidInput(f"{_quote(value)} is not an amount of money")
        number, unit = match.groups()
        factor = multiplier
        if unit:
            if unit not in _EN_MULTIPLIERS:
                raise InvalidInput(f"{_quote(value)} is not an amount of money (unknown unit '{unit}')")
            factor = _EN_MULTIPLIERS[unit]
        return Money(int(Decimal(number) * factor), currency)
    except InvalidOperation as exc:
        raise InvalidInput(f"{_quote(value)} is not an amount of money") from exc


# ---------------------------------------------------------------------------------------------------- dates

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "r": 2018, "h": 1988, "s": 1925}
_EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1800, 2100


def _make(year: int, month: int, day: int, precision: DateConfidence, original: Cell) -> PartialDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"{_quote(original)} is not a date (year out of range)")
    try:
        return PartialDate(date(year, month, day), precision)
    except ValueError as exc:
        raise InvalidInput(f"{_quote(original)} is not a date") from exc


def parse_date(value: Cell) -> PartialDate:
    """'2017-07-01', '7/2017', '2017/07', '2017年7月', '令和2年', '2017', 'Jul 2017', Excel cells -> PartialDate.

    Slash dates with three parts are read month first (US exports) unless the first part exceeds 12.
    """
    if isinstance(value, datetime):
        return PartialDate(value.date(), DateConfidence.DAY)
    if isinstance(value, date):
        return PartialDate(value, DateConfidence.DAY)
    if isinstance(value, bool):
        raise InvalidInput(f"{_quote(value)} is not a date")
    if isinstance(value, (int, float)):
        number = int(value)
        if MIN_YEAR <= number <= MAX_YEAR and number == value:
            return PartialDate(date(number, 1, 1), DateConfidence.YEAR)
        if 1 <= number <= 80_000:  # an Excel serial day number that lost its date format
            return PartialDate(_EXCEL_EPOCH + timedelta(days=number), DateConfidence.DAY)
        raise InvalidInput(f"{_quote(value)} is not a date")
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty date")
    lowered = text.casefold().rstrip(".")
    lowered = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", lowered)
    if re.fullmatch(r"\d{4}(\.0)?", lowered):
        return _make(int(lowered[:4]), 1, 1, DateConfidence.YEAR, value)
    if re.fullmatch(r"\d+(\.0)?", lowered) and 20_000 <= float(lowered) <= 80_000:
        return parse_date(int(float(lowered)))
    match = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?z?)?", lowered
    )
    if match:
        year, month, day = map(int, match.groups()[:3])
        return _make(year, month, day, DateConfidence.DAY, value)
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", lowered)
    if match:
        return _make(int(match[1]), int(match[2]), 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", lowered)
    if match:
        return _make(int(match[2]), int(match[1]), 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})", lowered)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 2000 if year <= 50 else 1900
        month, day = (second, first) if first > 12 else (first, second)
        return _make(year, month, day, DateConfidence.DAY, value)
    match = re.fullmatch(
        r"(令和|平成|昭和|[rhs])\s*(\d{1,2}|元)\s*年?(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", lowered
    )
    if match:
        era_year = 1 if match[2] == "元" else int(match[2])
        year = _ERAS[match[1]] + era_year
        return _japanese_date(year, match[3], match[4], value)
    match = re.fullmatch(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", lowered)
    if match:
        return _japanese_date(int(match[1]), match[2], match[3], value)
    match = re.fullmatch(r"([a-z]+)\s+(?:(\d{1,2}),?\s+)?(\d{4})", lowered)  # Jul 2017, July 1, 2017
    if match and match[1] in _MONTHS:
        if match[2]:
            return _make(int(match[3]), _MONTHS[match[1]], int(match[2]), DateConfidence.DAY, value)
        return _make(int(match[3]), _MONTHS[match[1]], 1, DateConfidence.MONTH, value)
    match = re.fullmatch(r"(\d{1,2})[\s-]+([a-z]+)[\s,-]+(\d{4})", lowered)  # 1 July 2017, 01-Jul-2017
    if match and match[2] in _MONTHS:
        return _make(int(match[3]), _MONTHS[match[2]], int(match[1]), DateConfidence.DAY, value)
    match = re.fullmatch(r"([a-z]+)[-\s](\d{4})", lowered)  # Jul-2017
    if match and match[1] in _MONTHS:
        return _make(int(match[2]), _MONTHS[match[1]], 1, DateConfidence.MONTH, value)
    raise InvalidInput(f"{_quote(value)} is not a date")


def _japanese_date(year: int, month: str | None, day: str | None, original: Cell) -> PartialDate:
    if month is None:
        return _make(year, 1, 1, DateConfidence.YEAR, original)
    if day is None:
        return _make(year, int(month), 1, DateConfidence.MONTH, original)
    return _make(year, int(month), int(day), DateConfidence.DAY, original)


# ---------------------------------------------------------------------------------------------- employees


MAX_EMPLOYEES = 10_000_000


def parse_employees(value: Cell) -> EmployeeRange:
    """'51-200', '1,001-5,000', '10000+', '51〜200人', '約120名', 120 -> EmployeeRange."""
    result = _parse_employees(value)
    if max(result.minimum or 0, result.maximum or 0) > MAX_EMPLOYEES:
        raise InvalidInput(f"{_quote(value)} is not a number of employees (too large)")
    return result


# Head-count buckets that Excel turns into dates when a CSV is opened and saved ("1-10" -> 10-Jan,
# "11-50" -> Nov-50): only these are recovered, so a real date in the wrong column is still refused.
_EXCEL_MANGLED_BUCKETS = {
    (1, 10),
    (11, 50),
    (51, 100),
    (51, 200),
    (101, 250),
    (201, 500),
    (251, 500),
    (501, 1000),
}


def _unmangle_excel_range(value: Cell) -> EmployeeRange | None:
    candidates: list[tuple[int, int]] = []
    if isinstance(value, (date, datetime)):
        candidates = [(value.month, value.day), (value.month, value.year % 100)]
    elif isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})-([a-z]{3})|([a-z]{3})-(\d{1,2})", value.strip().casefold())
        if match and (match[2] or match[3]) in _MONTHS:
            number = int(match[1] or match[4])
            candidates = [(_MONTHS[match[2] or match[3]], number)]
    for low, high in candidates:
        if (low, high) in _EXCEL_MANGLED_BUCKETS:
            return EmployeeRange(low, high)
    return None


def _parse_employees(value: Cell) -> EmployeeRange:
    unmangled = _unmangle_excel_range(value)
    if unmangled is not None:
        return unmangled
    if isinstance(value, (bool, date, datetime)):
        raise InvalidInput(f"{_quote(value)} is not a number of employees")
    if isinstance(value, (int, float)):
        if value < 0:
            raise InvalidInput(f"{_quote(value)} is not a number of employees")
        return EmployeeRange(int(value), int(value))
    text = clean_text(value).casefold()
    if not text:
        raise InvalidInput("empty number of employees")
    text = text.replace(",", "").replace(" ", "")
    text = re.sub(r"(人|名|employees?|people|staff|程度|ほど)", "", text)
    text = text.removeprefix("約").removeprefix("approx.").removeprefix("approx").removeprefix("~")
    text = text.removeprefix("about").removeprefix("c.")
    if re.fullmatch(r"\d+", text):
        return EmployeeRange(int(text), int(text))
    match = re.fullmatch(r"(\d+)(?:-|〜|~|～|–|—|to|から)(\d+)", text)
    if match:
        low, high = int(match[1]), int(match[2])
        if low > high:
            raise InvalidInput(f"{_quote(value)} is not a number of employees (range reversed)")
        return EmployeeRange(low, high)
    match = re.fullmatch(r"(\d+)(?:\+|以上|ormore|andmore|超)", text) or re.fullmatch(
        r"(?:over|morethan|>)(\d+)", text
    )
    if match:
        return EmployeeRange(int(match[1]), None)
    match = re.fullmatch(r"(?:lessthan|under|<|fewerthan)(\d+)", text) or re.fullmatch(
        r"(\d+)(?:未満|以下)", text
    )
    if match:
        return EmployeeRange(1, max(1, int(match[1]) - (0 if "以下" in text else 1)))
    raise InvalidInput(f"{_quote(value)} is not a number of employees")


# ---------------------------------------------------------------------------------------------- countries

_COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "米国": "US",
    "アメリカ": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "great britain": "GB",
    "britain": "GB",
    "scotland": "GB",
    "英国": "GB",
    "korea": "KR",
    "republic of korea": "KR",
    "korea, republic of": "KR",
    "south korea": "KR",
    "大韓民国": "KR",
    "韓国": "KR",
    "prc": "CN",
    "china": "CN",
    "people's republic of china": "CN",
    "中華人民共和国": "CN",
    "hong kong": "HK",
    "香港": "HK",
    "taiwan": "TW",
    "uae": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "russia": "RU",
    "czech republic": "CZ",
    "israel": "IL",
    "イスラエル国": "IL",
    "japan": "JP",
    "日本国": "JP",
    "ドイツ連邦共和国": "DE",
    "フランス共和国": "FR",
    "シンガポール共和国": "SG",
    "インド共和国": "IN",
    "isr": "IL",
    "ישראל": "IL",
    "יפן": "JP",
    'ארה"ב': "US",
    "ארצות הברית": "US",
    "קוריאה הדרומית": "KR",
    "סין": "CN",
    "גרמניה": "DE",
    "בריטניה": "GB",
    "צרפת": "FR",
    "jpn": "JP",
    "gbr": "GB",
    "deu": "DE",
    "fra": "FR",
    "kor": "KR",
    "chn": "CN",
    "sgp": "SG",
    "ind": "IN",
    "can": "CA",
    "aus": "AU",
    "che": "CH",
    "nld": "NL",
    "swe": "SE",
    "ita": "IT",
    "esp": "ES",
    "twn": "TW",
    "hkg": "HK",
    "are": "AE",
}


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, (english, japanese) in COUNTRY_NAMES.items():
        index[code.casefold()] = code
        index[english.casefold()] = code
        index[english.casefold().replace("&", "and")] = code
        index[japanese] = code
    index.update(_COUNTRY_ALIASES)
    return index


_COUNTRIES = _country_index()

# Israeli cities in Japanese text and common Japanese municipalities, for "東京都千代田区" -> Tokyo.
_PREFECTURES: dict[str, str] = {
    "北海道": "Hokkaido",
    "青森": "Aomori",
    "岩手": "Iwate",
    "宮城": "Miyagi",
    "秋田": "Akita",
    "山形": "Yamagata",
    "福島": "Fukushima",
    "茨城": "Ibaraki",
    "栃木": "Tochigi",
    "群馬": "Gunma",
    "埼玉": "Saitama",
    "千葉": "Chiba",
    "東京": "Tokyo",
    "神奈川": "Kanagawa",
    "新潟": "Niigata",
    "富山": "Toyama",
    "石川": "Ishikawa",
    "福井": "Fukui",
    "山梨": "Yamanashi",
    "長野": "Nagano",
    "岐阜": "Gifu",
    "静岡": "Shizuoka",
    "愛知": "Aichi",
    "三重": "Mie",
    "滋賀": "Shiga",
    "京都": "Kyoto",
    "大阪": "Osaka",
    "兵庫": "Hyogo",
    "奈良": "Nara",
    "和歌山": "Wakayama",
    "鳥取": "Tottori",
    "島根": "Shimane",
    "岡山": "Okayama",
    "広島": "Hiroshima",
    "山口": "Yamaguchi",
    "徳島": "Tokushima",
    "香川": "Kagawa",
    "愛媛": "Ehime",
    "高知": "Kochi",
    "福岡": "Fukuoka",
    "佐賀": "Saga",
    "長崎": "Nagasaki",
    "熊本": "Kumamoto",
    "大分": "Oita",
    "宮崎": "Miyazaki",
    "鹿児島": "Kagoshima",
    "沖縄": "Okinawa",
}
_JA_CITIES: dict[str, str] = {
    "横浜": "Yokohama",
    "川崎": "Kawasaki",
    "名古屋": "Nagoya",
    "京都": "Kyoto",
    "神戸": "Kobe",
    "福岡": "Fukuoka",
    "札幌": "Sapporo",
    "仙台": "Sendai",
    "さいたま": "Saitama",
    "千葉": "Chiba",
    "広島": "Hiroshima",
    "つくば": "Tsukuba",
    "浜松": "Hamamatsu",
    "大阪": "Osaka",
    "豊田": "Toyota",
    "刈谷": "Kariya",
    "門真": "Kadoma",
    "堺": "Sakai",
    "北九州": "Kitakyushu",
    "静岡": "Shizuoka",
    "新潟": "Niigata",
    "岡山": "Okayama",
    "熊本": "Kumamoto",
    "金沢": "Kanazawa",
    "藤沢": "Fujisawa",
    "日立": "Hitachi",
    "相模原": "Sagamihara",
    "厚木": "Atsugi",
    "柏": "Kashiwa",
    "八王子": "Hachioji",
    "武蔵野": "Musashino",
    "三鷹": "Mitaka",
    "浦安": "Urayasu",
    "大津": "Otsu",
    "姫路": "Himeji",
    "尼崎": "Amagasaki",
    "吹田": "Suita",
    "豊中": "Toyonaka",
    "茨木": "Ibaraki",
    "鎌倉": "Kamakura",
    "磐田": "Iwata",
}
_IL_CITIES_JA: dict[str, str] = {
    "テルアビブ": "Tel Aviv",
    "エルサレム": "Jerusalem",
    "ハイファ": "Haifa",
    "ヘルツリーヤ": "Herzliya",
    "ベエルシェバ": "Be'er Sheva",
    "ラマトガン": "Ramat Gan",
    "ラマト・ガン": "Ramat Gan",
    "ネタニヤ": "Netanya",
    "ペタフティクヴァ": "Petah Tikva",
    "ペタフ・ティクヴァ": "Petah Tikva",
    "レホヴォト": "Rehovot",
    "ヨクネアム": "Yokneam",
    "ラアナナ": "Ra'anana",
    # Hebrew spellings of the main Israeli tech cities
    "תל אביב": "Tel Aviv",
    "תל אביב-יפו": "Tel Aviv-Yafo",
    "ירושלים": "Jerusalem",
    "חיפה": "Haifa",
    "הרצליה": "Herzliya",
    "באר שבע": "Be'er Sheva",
    "רמת גן": "Ramat Gan",
    "פתח תקווה": "Petah Tikva",
    "נתניה": "Netanya",
    "רחובות": "Rehovot",
    "יקנעם": "Yokneam",
    "רעננה": "Ra'anana",
    "כפר סבא": "Kfar Saba",
    "הוד השרון": "Hod Hasharon",
}


@dataclass(frozen=True, slots=True)
class Location:
    country: str | None  # ISO 3166-1 alpha-2
    city: str | None


def parse_country(value: Cell) -> str:
    """'Israel', 'イスラエル', 'IL', 'ISR', 'USA', 'Tel Aviv, Israel' -> ISO alpha-2 code."""
    location = parse_location(value)
    if location.country is None:
        raise InvalidInput(f"{_quote(value)} is not a country")
    return location.country


def _lookup_country(text: str) -> str | None:
    key = text.strip().strip(".").casefold()
    return _COUNTRIES.get(key) or _COUNTRIES.get(key.replace("&", "and"))


def parse_location(value: Cell) -> Location:
    """'Tel Aviv-Yafo, Tel Aviv, Israel' (Crunchbase City, Region, Country), 'Haifa, IL', '東京都千代田区'."""
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty location")
    japanese = _parse_japanese_address(text)
    if japanese is not None:
        return japanese
    parts = [part.strip() for part in re.split(r"[,，、/|]", text) if part.strip()]
    if not parts:
        raise InvalidInput(f"{_quote(value)} is not a place")
    country = _lookup_country(parts[-1])
    if country is not None:
        city = parts[0] if len(parts) > 1 else None
        return Location(country, _IL_CITIES_JA.get(city, city) if city else None)
    whole = _lookup_country(text)
    if whole is not None:
        return Location(whole, None)
    for ja_city, city in _IL_CITIES_JA.items():
        if ja_city in text:
            return Location("IL", city)
    # A lone place name that is not a country: keep it as the city, country unknown.
    if len(parts) == 1 and not any(ch.isdigit() for ch in text):
        return Location(None, parts[0])
    raise InvalidInput(f"{_quote(value)} is not a place")


def _parse_japanese_address(text: str) -> Location | None:
    compact = text.replace(" ", "").replace("\u3000", "")
    compact = re.sub(r"^(〒?\d{3}-?\d{4})", "", compact).removeprefix("日本国").removeprefix("日本")
    compact = compact.lstrip("、,，・")
    if compact in _PREFECTURES:
        return Location("JP", _PREFECTURES[compact])
    if compact in _JA_CITIES:
        return Location("JP", _JA_CITIES[compact])
    match = re.match(r"(北海道|東京都|(?:京都|大阪)府|[^\d]{2,3}?県)", compact)
    if match is None:
        if compact.endswith(("市", "区")) and compact[:-1] in _JA_CITIES:
            return Location("JP", _JA_CITIES[compact[:-1]])
        return None
    prefecture = match[1].removesuffix("都").removesuffix("府").removesuffix("県")
    if prefecture not in _PREFECTURES:
        return None
    if prefecture == "東京":
        return Location("JP", "Tokyo")
    rest = compact[match.end() :]
    city_match = re.match(r"(.+?)市", rest)
    if city_match:
        city = city_match[1]
        return Location("JP", _JA_CITIES.get(city, city + "市"))
    return Location("JP", _PREFECTURES[prefecture])


# ------------------------------------------------------------------------------------ status and stages

_STATUS: dict[str, OperatingStatus] = {
    "active": OperatingStatus.ACTIVE,
    "operating": OperatingStatus.ACTIVE,
    "open": OperatingStatus.ACTIVE,
    "live": OperatingStatus.ACTIVE,
    "稼働中": OperatingStatus.ACTIVE,
    "営業中": OperatingStatus.ACTIVE,
    "活動中": OperatingStatus.ACTIVE,
    "事業中": OperatingStatus.ACTIVE,
    "運営中": OperatingStatus.ACTIVE,
    "closed": OperatingStatus.CLOSED,
    "inactive": OperatingStatus.CLOSED,
    "defunct": OperatingStatus.CLOSED,
    "shut down": OperatingStatus.CLOSED,
    "dissolved": OperatingStatus.CLOSED,
    "閉鎖": OperatingStatus.CLOSED,
    "廃業": OperatingStatus.CLOSED,
    "解散": OperatingStatus.CLOSED,
    "清算": OperatingStatus.CLOSED,
    "acquired": OperatingStatus.ACQUIRED,
    "was acquired": OperatingStatus.ACQUIRED,
    "merged": OperatingStatus.ACQUIRED,
    "買収": OperatingStatus.ACQUIRED,
    "買収済み": OperatingStatus.ACQUIRED,
    "被買収": OperatingStatus.ACQUIRED,
    "ipo": OperatingStatus.IPO,
    "public": OperatingStatus.IPO,
    "listed": OperatingStatus.IPO,
    "上場": OperatingStatus.IPO,
    "上場済み": OperatingStatus.IPO,
}


def parse_status(value: Cell) -> OperatingStatus:
    """Operating status: Crunchbase 'Active'/'Closed', 'Acquired', 'IPO', '稼働中', '上場' ..."""
    key = clean_text(value).casefold()
    status = _STATUS.get(key)
    if status is None:
        raise InvalidInput(f"{_quote(value)} is not an operating status (active, closed, acquired or ipo)")
    return status


class RoundType:
    """Funding round types as stored (FundingRound.round_type); stage values plus the non-equity kinds."""

    ANGEL = "angel"
    GRANT = "grant"
    DEBT = "debt"
    CONVERTIBLE_NOTE = "convertible_note"
    CORPORATE = "corporate"
    PRIVATE_EQUITY = "private_equity"
    POST_IPO = "post_ipo"
    SECONDARY = "secondary"
    CROWDFUNDING = "crowdfunding"
    ICO = "ico"
    UNKNOWN = "series_unknown"


_ROUND_WORDS: dict[str, str] = {
    "preseed": Stage.PRE_SEED,
    "seed": Stage.SEED,
    "angel": RoundType.ANGEL,
    "grant": RoundType.GRANT,
    "debtfinancing": RoundType.DEBT,
    "debt": RoundType.DEBT,
    "loan": RoundType.DEBT,
    "convertiblenote": RoundType.CONVERTIBLE_NOTE,
    "convertible": RoundType.CONVERTIBLE_NOTE,
    "safe": RoundType.CONVERTIBLE_NOTE,
    "corporateround": RoundType.CORPORATE,
    "corporate": RoundType.CORPORATE,
    "strategic": RoundType.CORPORATE,
    "privateequity": RoundType.PRIVATE_EQUITY,
    "pe": RoundType.PRIVATE_EQUITY,
    "growth": Stage.GROWTH,
    "growthequity": Stage.GROWTH,
    "latestage": Stage.GROWTH,
    "postipoequity": RoundType.POST_IPO,
    "postipodebt": RoundType.POST_IPO,
    "postiposecondary": RoundType.POST_IPO,
    "ipo": Stage.PUBLIC,
    "public": Stage.PUBLIC,
    "secondarymarket": RoundType.SECONDARY,
    "secondary": RoundType.SECONDARY,
    "equitycrowdfunding": RoundType.CROWDFUNDING,
    "productcrowdfunding": RoundType.CROWDFUNDING,
    "crowdfunding": RoundType.CROWDFUNDING,
    "initialcoinoffering": RoundType.ICO,
    "ico": RoundType.ICO,
    "nonequityassistance": RoundType.GRANT,
    "venture": RoundType.UNKNOWN,
    "venturesseriesunknown": RoundType.UNKNOWN,
    "seriesdplus": Stage.SERIES_D_PLUS,
    "postipo": RoundType.POST_IPO,
    "seriesd+": Stage.SERIES_D_PLUS,
    "lateventure": Stage.GROWTH,
    "ventureseriesunknown": RoundType.UNKNOWN,
    "seriesunknown": RoundType.UNKNOWN,
    "fundinground": RoundType.UNKNOWN,
    "undisclosed": RoundType.UNKNOWN,
    "acquired": Stage.ACQUIRED,
    "acquisition": Stage.ACQUIRED,
    "m&a": Stage.ACQUIRED,
    "ma": Stage.ACQUIRED,
    "exit": Stage.ACQUIRED,
    "プレシード": Stage.PRE_SEED,
    "シード": Stage.SEED,
    "エンジェル": RoundType.ANGEL,
    "助成金": RoundType.GRANT,
    "補助金": RoundType.GRANT,
    "融資": RoundType.DEBT,
    "借入": RoundType.DEBT,
    "デット": RoundType.DEBT,
    "jkiss": RoundType.CONVERTIBLE_NOTE,
    "jkiss型新株予約権": RoundType.CONVERTIBLE_NOTE,
    "転換社債": RoundType.CONVERTIBLE_NOTE,
    "事業会社": RoundType.CORPORATE,
    "cvc": RoundType.CORPORATE,
    "上場": Stage.PUBLIC,
    "上場済み": Stage.PUBLIC,
    "買収": Stage.ACQUIRED,
    "買収済み": Stage.ACQUIRED,
    "レイター": Stage.GROWTH,
    "レイターステージ": Stage.GROWTH,
    "グロース": Stage.GROWTH,
    "ミドル": Stage.SERIES_B,
    "アーリー": Stage.SERIES_A,
    "その他": Stage.OTHER,
    "other": Stage.OTHER,
}
_SERIES = re.compile(r"^(?:series|シリーズ|round)([a-k])(\d*)\+?$")
_SERIES_STAGES = {"a": Stage.SERIES_A, "b": Stage.SERIES_B, "c": Stage.SERIES_C}


def _round_key(value: Cell) -> str:
    return re.sub(r"[\s\-_/()・]+", "", clean_text(value).casefold())


def parse_round_type(value: Cell) -> str:
    """Crunchbase 'Last Funding Type' / round type ('Series A', 'Seed', 'シリーズA', 'Grant') -> stored type."""
    full = _round_key(value)
    if not full:
        raise InvalidInput("empty funding type")
    key = re.sub(r"(ラウンド|round|funding|financing)$", "", full) or full
    for candidate in (full, key):
        if candidate in _ROUND_WORDS:
            return str(_ROUND_WORDS[candidate])
    match = _SERIES.match(key) or _SERIES.match("series" + key)
    if match:
        return str(_SERIES_STAGES.get(match[1], Stage.SERIES_D_PLUS))
    raise InvalidInput(f"{_quote(value)} is not a funding stage (e.g. Seed, Series A, シリーズB)")


def stage_for_round(round_type: str) -> Stage:
    """The company stage a round implies ('angel' -> seed, 'post_ipo' -> public, 'grant' -> other)."""
    if round_type in Stage.__members__.values():
        return Stage(round_type)
    return {
        RoundType.ANGEL: Stage.SEED,
        RoundType.PRIVATE_EQUITY: Stage.GROWTH,
        RoundType.POST_IPO: Stage.PUBLIC,
    }.get(round_type, Stage.OTHER)


def parse_stage(value: Cell) -> Stage:
    """Company stage from a stage or round-type cell ('Series B', 'シード', 'Post-IPO Equity', 'Public')."""
    return stage_for_round(parse_round_type(value))


# ------------------------------------------------------------------------------------------------- others

_KINDS: dict[str, OrganizationKind] = {
    "startup": OrganizationKind.STARTUP,
    "start-up": OrganizationKind.STARTUP,
    "venture": OrganizationKind.STARTUP,
    "スタートアップ": OrganizationKind.STARTUP,
    "ベンチャー": OrganizationKind.STARTUP,
    "corporation": OrganizationKind.CORPORATION,
    "corporate": OrganizationKind.CORPORATION,
    "company": OrganizationKind.CORPORATION,
    "enterprise": OrganizationKind.CORPORATION,
    "事業会社": OrganizationKind.CORPORATION,
    "大企業": OrganizationKind.CORPORATION,
    "企業": OrganizationKind.CORPORATION,
    "investor": OrganizationKind.INVESTOR,
    "vc": OrganizationKind.INVESTOR,
    "venture capital": OrganizationKind.INVESTOR,
    "cvc": OrganizationKind.INVESTOR,
    "投資家": OrganizationKind.INVESTOR,
    "ベンチャーキャピタル": OrganizationKind.INVESTOR,
    "institution": OrganizationKind.INSTITUTION,
    "university": OrganizationKind.INSTITUTION,
    "research institute": OrganizationKind.INSTITUTION,
    "government": OrganizationKind.INSTITUTION,
    "大学": OrganizationKind.INSTITUTION,
    "研究機関": OrganizationKind.INSTITUTION,
    "政府機関": OrganizationKind.INSTITUTION,
    "organizer": OrganizationKind.ORGANIZER,
    "主催者": OrganizationKind.ORGANIZER,
}


def parse_kind(value: Cell) -> OrganizationKind:
    """Kind of organization: 'startup', 'corporation', 'investor', 'institution', 'スタートアップ', '事業会社' ..."""
    kind = _KINDS.get(clean_text(value).casefold())
    if kind is None:
        raise InvalidInput(
            f"{_quote(value)} is not a kind of organization (startup, corporation, investor, ...)"
        )
    return kind


def is_japanese(text: str) -> bool:
    """True when a text is mostly Japanese (kana or kanji), used to file descriptions under the right language."""
    if text.isascii():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    japanese = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    return japanese / len(letters) >= 0.2


_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "lead", "はい", "○", "◯", "リード", "主幹事"}
_FALSE = {"no", "n", "false", "0", "", "いいえ", "×", "-"}


def parse_flag(value: Cell) -> bool:
    """Yes/no cells: 'yes', 'lead', '✓', 'はい', '○' are true; 'no', '', '×' are false."""
    key = clean_text(value).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidInput(f"{_quote(value)} is not yes or no")


def parse_website(value: Cell) -> str:
    """A website as a URL with scheme ('www.foo.io' -> 'https://www.foo.io')."""
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty website")
    if " " in text or "." not in text or "@" in text.split("/")[0]:
        raise InvalidInput(f"{_quote(value)} is not a website")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text
    return text


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one cell (or row) of a file was rejected, in the words and numbers the user sees."""

    row: int  # spreadsheet row: header is row 1, first data row 2
    column: str  # header text as written in the file
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"
