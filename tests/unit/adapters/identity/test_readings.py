"""Readings and romaji: Hepburn spelling and the variants people write (ou/oo/ō)."""

from __future__ import annotations

import pytest

from kakehashi.adapters.identity.readings import hepburn, kanji_reading, loose, romaji_variants, skeleton


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("ミツビシデンキ", "mitsubishidenki"),
        ("キョウリツ", "kyouritsu"),
        ("シャッター", "shattaa"),
        ("マッチャ", "matcha"),
        ("センイ", "seni"),
        ("ジェイ", "jei"),
        ("ファイン", "fain"),
        ("とうきょう", "toukyou"),
    ],
)
def test_hepburn(kana: str, romaji: str) -> None:
    assert hepburn(kana) == romaji


def test_long_vowel_spellings_meet() -> None:
    assert loose("Kyōritsu") == loose("Kyouritsu") == loose("Kyoritsu") == loose("Kyohritsu") == "kyoritsu"
    assert loose("Ōhashi") == loose("Oohashi") == loose("Ohashi")
    assert loose("Shimbun") == loose("Shinbun")
    assert "tokyo" in romaji_variants("トウキョウ")


def test_loanword_and_its_english_spelling_share_a_skeleton() -> None:
    assert skeleton(loose(hepburn("ザッパラス"))) == skeleton("zappallas")
    assert skeleton("shinseido") != skeleton("shiseido")


def test_kanji_name_without_reading_gets_one() -> None:
    assert kanji_reading("三菱電機") == "ミツビシデンキ"
