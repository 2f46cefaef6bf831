"""Place cells: 'Tel Aviv, Israel', 'ISR', 'イスラエル', '東京都千代田区' -> Location, through the gazetteer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kakehashi.adapters.importers.cells.municipalities import official_municipality
from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.gazetteer import IL_CITY_SPELLINGS, JA_CITIES, PREFECTURES, Location, country_code


def parse_country(value: Cell) -> str:
    """'Israel', 'イスラエル', 'IL', 'ISR', 'USA', 'Tel Aviv, Israel' -> ISO alpha-2 code."""
    location = parse_location(value)
    if location.country is None:
        raise InvalidInput("'{value}' is not a country", value=shown(value))
    return location.country


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
        raise InvalidInput("'{value}' is not a place", value=shown(value))
    country = country_code(parts[-1])
    if country is not None:
        city = parts[0] if len(parts) > 1 else None
        return Location(country, IL_CITY_SPELLINGS.get(city, city) if city else None)
    whole = country_code(text)
    if whole is not None:
        return Location(whole, None)
    for ja_city, city in IL_CITY_SPELLINGS.items():
        if ja_city in text:
            return Location("IL", city)
    # A lone place name that is not a country: keep it as the city, country unknown.
    if len(parts) == 1 and not any(ch.isdigit() for ch in text):
        return Location(None, parts[0])
    raise InvalidInput("'{value}' is not a place", value=shown(value))


def _parse_japanese_address(text: str) -> Location | None:
    compact = text.replace(" ", "").replace("\u3000", "")
    compact = re.sub(r"^(〒?\d{3}-?\d{4})", "", compact).removeprefix("日本国").removeprefix("日本")
    compact = compact.lstrip("、,，・")
    if compact in PREFECTURES:
        return Location("JP", PREFECTURES[compact])
    if compact in JA_CITIES:
        return Location("JP", JA_CITIES[compact])
    address = parse_japanese_address(text)
    if address is None or (address.prefecture is None and address.municipality is None):
        return None
    return Location("JP", address.city)


@dataclass(frozen=True, slots=True)
class JapaneseAddress:
    """A Japanese address as written, with its prefecture and municipality: from the official list of
    municipalities (Japan Post's data) when the address starts with one, else by the official grammar."""

    text: str  # as written (spaces collapsed): street, building and notes included
    prefecture: str | None  # '東京都', '大阪府', '北海道', '長野県'
    municipality: str | None  # '千代田区', '大阪市中央区', '長野市', '北佐久郡軽井沢町'
    city: str | None  # the catalogue's city: 'Tokyo', 'Osaka' (romaji when known), else '長野市'


def _full_prefecture(short: str) -> str:
    if short == "北海道":
        return short
    return short + ("都" if short == "東京" else "府" if short in ("京都", "大阪") else "県")


_FULL_PREFECTURES = {_full_prefecture(short): short for short in PREFECTURES}
_PREFECTURE = re.compile("|".join(sorted(_FULL_PREFECTURES, key=len, reverse=True)))
_POSTCODE = re.compile(r"^〒?\s*\d{3}-?\d{4}")
_NOTES = re.compile(r"[(（【［\[〔][^)）】］\]〕]*[)）】］\]〕]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KANJI_OR_HIRAGANA = re.compile(r"[\u3040-\u309f\u3400-\u9fff]")
_DESIGNATED_WARD = re.compile(r"^(.+?市)(.+区)$")  # '大阪市中央区': a ward of a designated city
_NAME_WINDOW = (
    8  # a municipality name (before its suffix) is at most 7 characters: つくばみらい, いちき串木野
)


def _first(rest: str, suffixes: str) -> int | None:
    """Index of the first suffix character that ends a name of 1-7 characters with no digit in it."""
    for index, char in enumerate(rest[:_NAME_WINDOW]):
        if char.isdigit():
            return None
        if index >= 1 and char in suffixes:
            return index
    return None


def _municipality(rest: str) -> tuple[str, str | None] | None:
    """(municipality, its city when a ward of a designated city) at the start of `rest`, by the suffixes.

    The grammar of Japanese municipalities: X市, X区 (Tokyo's special wards), X郡Y町 / X郡Y村, X市Y区 (wards
    of the designated cities), and X町 / X村 where no district is written. The earliest 市, 区 or 郡 wins
    (新宿区市谷 is a ward, 東村山市 a city); a town or village is taken only when none of them appears.
    """
    found = [
        (i, rest[i]) for i in (_first(rest, "市"), _first(rest, "区"), _first(rest, "郡")) if i is not None
    ]
    if not found:
        index = _first(rest, "町村")
        return (rest[: index + 1], None) if index is not None else None
    index, suffix = min(found)
    if suffix == "郡":
        town = _first(rest[index + 1 :], "町村")
        return (rest[: index + town + 2], None) if town is not None else None
    while suffix == "市" and rest[index + 1 : index + 2] == "市":
        index += 1  # 四日市市, 廿日市市: the name itself ends in 市
    name = rest[: index + 1]
    if suffix == "市":
        after = rest[index + 1 :]
        ward = _first(after, "区")
        if ward is not None and ward <= 4 and "字" not in after[:ward]:
            return (name + after[: ward + 1], name)
    return (name, name if suffix == "市" else None)


def parse_japanese_address(value: Cell) -> JapaneseAddress | None:
    """'中央区日本橋本町１丁目５番４号', '〒100-0005 東京都千代田区丸の内1-1 ABCビル（本社）' -> parts; None if not Japanese.

    Full-width digits, building names and bracketed notes are kept in the text and ignored by the parse.
    Without a prefecture, a bare ward (X区) is one of Tokyo's special wards (the only wards that belong to no
    city), and a city named like its prefecture (長野市, 大阪市) gives that prefecture.
    """
    text = " ".join(clean_text(value).split())
    if not text or not _JAPANESE.search(text):
        return None
    compact = unicodedata.normalize("NFKC", _NOTES.sub("", text)).replace(" ", "")
    compact = _POSTCODE.sub("", compact).removeprefix("日本国").removeprefix("日本").lstrip("、,・:")
    prefecture: str | None = None
    match = _PREFECTURE.match(compact)
    if match is not None:
        prefecture = match[0]
        compact = compact[match.end() :]
    official = official_municipality(compact, prefecture)
    if official is not None:
        name, prefectures = official
        if prefecture is None and len(prefectures) == 1:
            [prefecture] = prefectures
        designated = _DESIGNATED_WARD.match(name)
        found: tuple[str, str | None] | None = (
            name,
            designated[1] if designated else (name if name.endswith("市") else None),
        )
    else:
        found = _municipality(compact)
    if found is not None and prefecture is None and not _KANJI_OR_HIRAGANA.search(found[0][:-1]):
        found = None  # 'テルアビブ市': a foreign city in katakana, not a Japanese municipality
    municipality, city_name = found if found else (None, None)
    if prefecture is None and municipality is not None:
        if city_name is None and municipality.endswith("区"):
            prefecture = "東京都"
        elif city_name is not None and city_name[:-1] in PREFECTURES:
            prefecture = _full_prefecture(city_name[:-1])
    return JapaneseAddress(text, prefecture, municipality, _city(prefecture, municipality, city_name))


def _city(prefecture: str | None, municipality: str | None, city_name: str | None) -> str | None:
    if prefecture == "東京都" and (municipality is None or municipality.endswith("区")):
        return "Tokyo"
    if city_name is not None:
        return JA_CITIES.get(city_name[:-1], city_name)
    if municipality is not None:
        return municipality.split("郡")[-1]
    return PREFECTURES[_FULL_PREFECTURES[prefecture]] if prefecture else None
