"""Word-level translation rules of company-name words."""

from __future__ import annotations

from kakehashi.adapters.identity.translate import canonical_latin, translate_japanese


def test_common_words_translate_and_keep_their_romaji() -> None:
    translated, romaji = translate_japanese("三菱電機")
    assert translated == "mitsubishielectric"
    assert romaji == "mitsubishidenki"


def test_english_renderings_and_romaji_meet_the_same_canonical_word() -> None:
    assert canonical_latin("Kyoritsu Kogyo") == canonical_latin("Kyoritsu Industries") == "kyoritsuindustries"
    assert canonical_latin("Mitsubishi Denki") == canonical_latin("Mitsubishi Electric")
    assert canonical_latin("Nippon Steel") == canonical_latin("Japan Steel")
    assert translate_japanese("大和工業")[0] == "yamatoindustries"
    assert translate_japanese("東邦銀行")[0] == canonical_latin("Toho Bank")
    assert translate_japanese("中外製薬")[0].endswith("pharmaceutical")


def test_longest_word_wins() -> None:
    assert translate_japanese("三菱重工業")[0] == "mitsubishiheavyindustries"
