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
