"""Japanese addresses, kana readings and identifiers as real corporate lists write them."""

from __future__ import annotations

import pytest

from kakehashi.adapters.importers.cells.identifiers import (
    crunchbase_id,
    parse_corporate_number,
    parse_securities_code,
)
from kakehashi.adapters.importers.cells.places import parse_japanese_address
from kakehashi.adapters.importers.cells.readings import parse_reading
from kakehashi.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "prefecture", "municipality", "city"),
    [
        ("中央区日本橋本町１丁目５番４号", "東京都", "中央区", "Tokyo"),
        ("新宿区市谷本村町1-1", "東京都", "新宿区", "Tokyo"),
        ("大阪市中央区瓦町三丁目１番９号", "大阪府", "大阪市中央区", "Osaka"),
        ("長野市大字鶴賀字苗間平１６０５番地１４", "長野県", "長野市", "長野市"),
        ("長野県北佐久郡軽井沢町大字長倉", "長野県", "北佐久郡軽井沢町", "軽井沢町"),
        ("東京都東村山市本町", "東京都", "東村山市", "東村山市"),
        ("三重県四日市市諏訪町", "三重県", "四日市市", "四日市市"),
        ("〒100-0005 東京都千代田区丸の内1-1 ABCビル（本社）", "東京都", "千代田区", "Tokyo"),
        (
            "上尾市領家１１５２",
            "埼玉県",
            "上尾市",
            "上尾市",
        ),  # no prefecture written: the official list knows it
        (
            "軽井沢町長倉２０００",
            "長野県",
            "北佐久郡軽井沢町",
            "軽井沢町",
        ),  # a town written without its district
        ("府中市宮西町２丁目", None, "府中市", "府中市"),  # Tokyo and Hiroshima both have one: not guessed
    ],
)
def test_japanese_address_parts(text: str, prefecture: str | None, municipality: str, city: str) -> None:
    address = parse_japanese_address(text)
    assert address is not None
    assert (address.prefecture, address.municipality, address.city) == (prefecture, municipality, city)


def test_foreign_city_in_katakana_is_not_a_japanese_municipality() -> None:
    assert parse_japanese_address("テルアビブ市") is not None
    assert parse_japanese_address("テルアビブ市").municipality is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾂﾋﾞｼ", "カブシキガイシャ ミツビシ"),
        ("みつびしでんき", "ミツビシデンキ"),
        ("Mitsubishi", "Mitsubishi"),
    ],
)
def test_readings_become_full_width_katakana(text: str, reading: str) -> None:
    assert parse_reading(text) == reading


def test_corporate_number_check_digit_and_excel_damage() -> None:
    assert parse_corporate_number("５０７０００１０００７１５") == "5070001000715"
    assert parse_corporate_number(5070001000715.0) == "5070001000715"
    with pytest.raises(InvalidInput, match="check digit"):
        parse_corporate_number("4070001000715")
    with pytest.raises(InvalidInput, match="spreadsheet"):
        parse_corporate_number("5.07E+12")


def test_securities_code_and_crunchbase_ids() -> None:
    assert parse_securities_code("7203.T") == "7203"
    assert parse_securities_code("130A") == "130A"
    with pytest.raises(InvalidInput):
        parse_securities_code("ABCDE")
    assert crunchbase_id("https://www.crunchbase.com/organization/nova-labs") == "nova-labs"
    assert crunchbase_id("0A1B2C3D-0000-4000-8000-00000000ABCD") == "0a1b2c3d-0000-4000-8000-00000000abcd"
    assert crunchbase_id("JD-00001") is None
