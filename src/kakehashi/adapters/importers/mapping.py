"""Which column holds which field: header aliases for Crunchbase, plain English and Japanese layouts.

Headers are compared after NFKC (full-width to half-width), case folding and removing spaces, punctuation
and bracketed units; a unit in brackets ('(in USD)', '（百万円）') is kept as a hint for the money parser.
An explicit mapping file (JSON {"Column in file": "field"}) overrides the guess column by column.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kakehashi.adapters.importers.cells import detect_currency
from kakehashi.domain.errors import InvalidInput

IGNORE = "ignore"

COMPANY_FIELDS: dict[str, tuple[str, ...]] = {
    # Crunchbase first, then plain English, then Japanese; earlier aliases win when two columns compete.
    "name": (
        "Organization Name",
        "Company Name",
        "Company",
        "name",
        "Organization",
        "Startup",
        "Startup Name",
        "企業名",
        "会社名",
        "社名",
        "法人名",
        "名称",
        "スタートアップ名",
        "組織名",
        "שם החברה",
        "שם חברה",
        "חברה",
    ),
    "name_en": (
        "name_en",
        "English Name",
        "Name (English)",
        "Name EN",
        "英文社名",
        "英語名",
        "会社名（英語）",
        "企業名（英語）",
        "社名（英語）",
        "英文名",
        "英文商号",
        "企業名英語",
        "社名英語",
    ),
    "name_ja": (
        "name_ja",
        "Japanese Name",
        "Name (Japanese)",
        "Name JA",
        "和文社名",
        "日本語名",
        "企業名日本語",
        "Legal Name (Japanese)",
        "Legal Name",  # Crunchbase-style lists: the registered (often Japanese) name; Latin ones go to name_en
    ),
    "name_kana": (
        "name_kana",
        "Kana",
        "Reading",
        "Name Kana",
        "フリガナ",
        "ふりがな",
        "ヨミ",
        "よみ",
        "カナ",
        "会社名フリガナ",
        "会社名ヨミ",
        "企業名フリガナ",
        "社名フリガナ",
        "提出者名ヨミ",
        "読み",
        "よみがな",
        "企業名カナ",
        "会社名カナ",
        "社名カナ",
    ),
    "external_id": (
        "Organization Name URL",
        "UUID",
        "Permalink",
        "Crunchbase URL",
        "external_id",
        "id",
        "Company ID",
        "Source ID",
        "企業ID",
        "ID",
    ),
    "source_id": (
        "Organization UUID",
        "source_id",
        "Record ID",
        "Row ID",
        "管理番号",
        "整理番号",
        "社内管理番号",
        "登録番号",
        "レコードID",
    ),
    "corporate_number": (
        "corporate_number",
        "Corporate Number",
        "Japan Corporate Number",
        "法人番号",
        "会社法人番号",
    ),
    "securities_code": (
        "securities_code",
        "Securities Code",
        "Stock Code",
        "証券コード",
        "銘柄コード",
    ),
    "address": ("address_full", "Street Address", "Full Address", "所在地住所", "本店住所", "本社住所"),
    "kind": (
        "kind",
        "type",
        "Organization Type",
        "Company Kind",
        "Category Type",
        "種別",
        "区分",
        "企業区分",
    ),
    "full_description": (
        "Full Description",
        "description_en",
        "Long Description",
        "Description (English)",
        "Description EN",
        "英語説明",
        "英文説明",
    ),
    "description": (
        "Description",
        "description",
        "About",
        "Summary",
        "Overview",
        "Short Description",
        "Company Description",
        "Business Description",
        "Business",
        "事業内容",
        "説明",
        "概要",
        "事業概要",
        "会社概要",
        "企業概要",
        "紹介",
        "説明文",
        "事業説明",
        "サービス概要",
        "תיאור",
        "תיאור החברה",
    ),
    "description_ja": (
        "description_ja",
        "Description (Japanese)",
        "Description JA",
        "日本語説明",
        "説明日本語",
    ),
    "sectors": (
        "Industries",
        "Industry Groups",
        "sectors",
        "sector",
        "Industry",
        "Category",
        "Categories",
        "Vertical",
        "Market",
        "業種",
        "分野",
        "業界",
        "領域",
        "事業領域",
        "セクター",
        "産業",
        "業種分類",
        "תחום",
        "תחומים",
        "סקטור",
    ),
    "technologies": ("Technologies", "Technology", "Tech", "技術", "技術分野", "テクノロジー", "コア技術"),
    "tags": ("Tags", "tag", "Keywords", "Keyword", "Labels", "タグ", "キーワード"),
    "founded": (
        "Founded Date",
        "founded",
        "Founded Year",
        "Year Founded",
        "Founding Year",
        "Founding Date",
        "Established",
        "Founded On",
        "Since",
        "設立",
        "設立日",
        "設立年",
        "設立年月",
        "設立年月日",
        "創業",
        "創業年",
        "創業日",
        "שנת הקמה",
        "תאריך הקמה",
        "הוקמה",
    ),
    "founded_precision": ("Founded Date Precision", "founded_precision", "Founded Precision"),
    "location": (
        "Headquarters Location",
        "location",
        "Headquarters",
        "HQ",
        "HQ Location",
        "Address",
        "所在地",
        "本社所在地",
        "本社",
        "住所",
        "本店所在地",
        "מיקום",
        "כתובת",
    ),
    "country": (
        "Country",
        "HQ Country",
        "Country Code",
        "Headquarters Country",
        "国",
        "国名",
        "国・地域",
        "国地域",
        "所在国",
        "מדינה",
    ),
    "city": (
        "City",
        "HQ City",
        "Headquarters City",
        "都市",
        "市区町村",
        "所在都市",
        "עיר",
    ),
    "total_funding": (
        "Total Funding Amount (in USD)",
        "Total Funding Amount",
        "funding",
        "Total Funding",
        "Total Raised",
        "Raised",
        "Funding Amount",
        "Funding (USD)",
        "Total Funding USD",
        "資金調達額",
        "調達額",
        "累計調達額",
        "資金調達総額",
        "累計資金調達額",
        "調達総額",
        "סך גיוסים",
        "גיוס",
        "סכום גיוס",
    ),
    "funding_currency": ("Total Funding Amount Currency", "Funding Currency", "Currency", "通貨"),
    "stage": (
        "Last Funding Type",
        "stage",
        "Funding Stage",
        "Last Round",
        "Round",
        "Latest Round",
        "Stage of Company",
        "ステージ",
        "資金調達ステージ",
        "ラウンド",
        "直近ラウンド",
        "最新ラウンド",
        "調達ステージ",
        "שלב",
    ),
    "employees": (
        "Number of Employees",
        "employees",
        "Employee Count",
        "Headcount",
        "Employees Count",
        "Team Size",
        "Company Size",
        "Size",
        "従業員数",
        "社員数",
        "従業員",
        "従業員規模",
        "מספר עובדים",
        "עובדים",
    ),
    "status": (
        "Operating Status",
        "status",
        "Company Status",
        "状態",
        "ステータス",
        "事業状況",
        "営業状況",
        "סטטוס",
    ),
    "website": (
        "Website",
        "url",
        "Homepage",
        "Web",
        "Web Site",
        "Domain",
        "Site",
        "ウェブサイト",
        "ホームページ",
        "HP",
        "サイト",
        "WebサイトURL",
        "Webサイト",
        "URL",
        "企業URL",
        "公式サイト",
        "אתר",
        "אתר אינטרנט",
    ),
}

ROUND_FIELDS: dict[str, tuple[str, ...]] = {
    "company": (
        "Organization Name",
        "company",
        "Company Name",
        "Organization",
        "Startup",
        "name",
        "企業名",
        "会社名",
        "社名",
        "調達企業",
    ),
    "company_website": (
        "Organization Website",
        "Website",
        "company_website",
        "Domain",
        "URL",
        "ウェブサイト",
        "ホームページ",
    ),
    "date": (
        "Announced Date",
        "date",
        "Announced On",
        "Round Date",
        "Closed On",
        "Funding Date",
        "announced",
        "調達日",
        "発表日",
        "日付",
        "実施日",
        "調達時期",
    ),
    "type": (
        "Funding Type",
        "type",
        "Round",
        "Round Type",
        "Stage",
        "Series",
        "round_type",
        "ラウンド",
        "種類",
        "調達種別",
        "ステージ",
        "ラウンド種別",
    ),
    "amount_usd": ("Money Raised (in USD)", "Amount (USD)", "amount_usd", "調達額ドル"),
    "amount": (
        "Money Raised",
        "amount",
        "Amount",
        "Raised",
        "Round Size",
        "調達額",
        "金額",
        "調達金額",
        "資金調達額",
    ),
    "currency": ("Money Raised Currency", "currency", "Currency", "通貨"),
    "investors": (
        "Investor Names",
        "investors",
        "Investors",
        "All Investors",
        "Participants",
        "投資家",
        "引受先",
        "出資者",
        "投資家名",
        "引受先企業",
    ),
    "lead_investors": ("Lead Investors", "lead_investors", "Lead Investor", "Lead", "リード投資家", "リード"),
    "investor_countries": (
        "Investor Countries",
        "investor_countries",
        "Investor Country",
        "Investors Country",
        "投資家の国",
        "投資家国籍",
        "投資家の国籍",
        "投資家所在国",
    ),
}

_BRACKETS = re.compile(r"[(\[（【〔](.*?)[)\]）】〕]")


def header_key(header: str) -> str:
    """Comparable form of a header: NFKC, case-folded, without spaces, punctuation or bracketed units."""
    text = unicodedata.normalize("NFKC", header).casefold()
    text = _BRACKETS.sub(lambda m: "" if _is_unit(m.group(1)) else m.group(1), text)
    return re.sub(r"[\W_]+", "", text)


def _is_unit(inner: str) -> bool:
    return _unit_of(inner) is not None


_UNIT_WORDS = {
    "千円": ("JPY", 10**3),
    "万円": ("JPY", 10**4),
    "百万円": ("JPY", 10**6),
    "億円": ("JPY", 10**8),
}


def _unit_of(inner: str) -> tuple[str | None, int] | None:
    text = unicodedata.normalize("NFKC", inner).strip().casefold().removeprefix("in ").strip()
    text = text.replace("単位:", "").replace("単位", "").strip()
    if text in _UNIT_WORDS:
        return _UNIT_WORDS[text]
    if text in ("m", "mm", "millions", "million", "musd", "usdm", "$m", "m$", "usd m", "usd millions"):
        return ("USD", 10**6)
    if text in ("k", "thousands", "000s", "$k", "k$", "usd k"):
        return ("USD" if "$" in text or "usd" in text else None, 10**3)
    currency = detect_currency(text)
    if currency and len(text) <= 8:
        return (currency, 1)
    return None


@dataclass(frozen=True, slots=True)
class ColumnUnit:
    currency: str | None
    multiplier: int


@dataclass
class ColumnMap:
    """Field -> column index, plus the header text of every column (for error messages) and unit hints."""

    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    units: dict[str, ColumnUnit] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def column(self, name: str) -> str:
        index = self.fields.get(name)
        return self.headers[index] if index is not None else name


def full_key(header: str) -> str:
    """Like header_key but keeping what is in brackets: tells 'Money Raised (in USD)' from 'Money Raised'."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", header).casefold())


def _alias_index(aliases: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for name, names in aliases.items():
        for rank, alias in enumerate(names):
            # An alias with a unit in brackets only matches headers that carry that unit.
            keys = [full_key(alias)] if _BRACKETS.search(alias) else [header_key(alias), full_key(alias)]
            for key in keys:
                index.setdefault(key, (name, rank))
    return index


def _lookup(index: dict[str, tuple[str, int]], header: str) -> tuple[str, int] | None:
    return index.get(full_key(header)) or index.get(header_key(header))


_COMPANY_INDEX = _alias_index(COMPANY_FIELDS)
_ROUND_INDEX = _alias_index(ROUND_FIELDS)


def _index_for(kind: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, int]]]:
    if kind == "rounds":
        return ROUND_FIELDS, _ROUND_INDEX
    return COMPANY_FIELDS, _COMPANY_INDEX


def load_mapping_file(path: Path, *, kind: str = "companies") -> dict[str, str]:
    """Read {"Column in file": "field"}; a field of "ignore" drops the column. Unknown fields are an error."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise InvalidInput("mapping file not found: {path}", path=str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput("mapping file '{file}' is not valid JSON", file=path.name) from exc
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise InvalidInput(
            'mapping file \'{file}\' must be a JSON object {{"Column in file": "field"}}', file=path.name
        )
    known, _ = _index_for(kind)
    for column, target in raw.items():
        if target != IGNORE and target not in known:
            raise InvalidInput(
                "mapping file '{file}': '{target}' (for column '{column}') is not a field; "
                "fields are {fields} or 'ignore'",
                file=path.name,
                target=target,
                column=column,
                fields=", ".join(known),
            )
    return raw


def header_score(
    headers: list[str], *, kind: str = "companies", explicit: dict[str, str] | None = None
) -> int:
    """How many cells of a row look like known column headers (used to find the header row)."""
    _, index = _index_for(kind)
    explicit_keys = {header_key(h) for h in (explicit or {})}
    score = 0
    for header in headers:
        key = header_key(header)
        if key and (key in explicit_keys or _lookup(index, header) is not None):
            score += 1
    return score


def map_columns(
    headers: list[str], *, kind: str = "companies", explicit: dict[str, str] | None = None
) -> ColumnMap:
    """Guess each column's field from its header; the explicit mapping wins for the columns it names."""
    _, index = _index_for(kind)
    explicit_by_key = {header_key(column): target for column, target in (explicit or {}).items()}
    result = ColumnMap(headers=headers)
    ranks: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        if key in explicit_by_key:
            target = explicit_by_key[key]
            if target == IGNORE:
                result.ignored.append(header)
                continue
            rank = -1  # explicit beats every guess
        elif (found := _lookup(index, header)) is not None:
            target, rank = found
        else:
            result.ignored.append(header)
            continue
        if target in result.fields and ranks[target] == rank and rank >= 0:
            # Same alias twice ("Total Funding Amount" and "... (in USD)"): the one with a unit is clearer.
            if _header_unit(header) is None or _header_unit(headers[result.fields[target]]) is not None:
                result.ignored.append(header)
                continue
        elif target in result.fields and ranks[target] <= rank:
            result.ignored.append(header)
            continue
        if target in result.fields:
            result.ignored.append(headers[result.fields[target]])
        result.fields[target] = position
        ranks[target] = rank
    for name, position in result.fields.items():
        unit = _header_unit(headers[position])
        if unit is not None:
            result.units[name] = unit
    return result


def _header_unit(header: str) -> ColumnUnit | None:
    normalized = unicodedata.normalize("NFKC", header)
    for match in _BRACKETS.finditer(normalized):
        unit = _unit_of(match.group(1))
        if unit is not None:
            return ColumnUnit(*unit)
    return None
