"""The gazetteer read from package data: every spelling a file may use leads to a known country or city."""

from __future__ import annotations

import pytest

from kakehashi.domain.gazetteer import COUNTRY_NAMES, IL_CITY_SPELLINGS, country_code
from kakehashi.domain.reference_data import load

pytestmark = pytest.mark.unit


def test_every_country_alias_names_a_country_of_the_list() -> None:
    aliases = load("gazetteer.json")["country_aliases"]

    assert {alias: code for alias, code in aliases.items() if code not in COUNTRY_NAMES} == {}


@pytest.mark.parametrize(
    ("name", "code"),
    [("Israel", "IL"), ("イスラエル", "IL"), ("ISR", "IL"), ("il", "IL"), ("Trinidad and Tobago", "TT"),
     ("USA", "US"), ("韓国", "KR"), ("ישראל", "IL")],
)  # fmt: skip
def test_country_code_reads_names_codes_and_aliases_in_every_script(name: str, code: str) -> None:
    assert country_code(name) == code


def test_an_unknown_place_has_no_country_code() -> None:
    assert country_code("Atlantis") is None


def test_israeli_city_spellings_lead_to_english_names() -> None:
    assert (IL_CITY_SPELLINGS["テルアビブ"], IL_CITY_SPELLINGS["חיפה"]) == ("Tel Aviv", "Haifa")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Turkey", "TR"), ("Türkiye", "TR"), ("Turkiye", "TR"), ("Ivory Coast", "CI"), ("Cote d'Ivoire", "CI"),
     ("Côte d’Ivoire", "CI"), ("South Korea", "KR"), ("UK", "GB"), ("U.S.A.", "US"), ("Czech Republic", "CZ"),
     ("The Netherlands", "NL"), ("Bosnia and Herzegovina", "BA"), ("Burma", "MM"), ("Saint Lucia", "LC"),
     ("St Lucia", "LC"), ("Hong Kong", "HK"), ("East Timor", "TL"), ("Swaziland", "SZ"), ("トルコ", "TR"),
     ("トルコ共和国", "TR"), ("コートジボワール", "CI"), ("香港", "HK"), ("ミャンマー", "MM"), ("英国", "GB")],
)  # fmt: skip
def test_country_names_as_people_write_them_from_cldr_and_its_alternative_names(name: str, code: str) -> None:
    assert country_code(name) == code


def test_a_name_two_countries_share_places_neither() -> None:
    # 'Congo - Kinshasa' and 'Congo - Brazzaville' both fold to 'Congo': guessing would misplace half of them.
    assert (country_code("Congo"), country_code("Kinshasa"), country_code("Brazzaville")) == (
        None,
        "CD",
        "CG",
    )


def test_country_names_are_babels_cldr_names_in_english_and_japanese() -> None:
    from babel import Locale

    english, japanese = Locale("en").territories, Locale("ja").territories
    stale = {
        code: names
        for code, names in COUNTRY_NAMES.items()
        if code in english and code in japanese and names != (english[code], japanese[code])
    }
    assert stale == {}, "regenerate reference_data/countries.json from babel.Locale('en'/'ja').territories"
