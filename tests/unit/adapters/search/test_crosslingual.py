import pytest

from kakehashi.adapters.search.crosslingual import expand_en_to_ja, expand_ja_to_en

pytestmark = pytest.mark.unit


def test_expand_ja_to_en_translates_domain_phrase_from_glossary():
    phrases = {e.phrase for e in expand_ja_to_en("工場の予知保全", use_jmdict="none")}
    assert {"predictive maintenance", "factory"} <= phrases


def test_expand_ja_to_en_longest_key_wins_over_its_parts():
    phrases = {e.phrase for e in expand_ja_to_en("予知保全", use_jmdict="none")}
    assert "maintenance" not in phrases


def test_expand_ja_to_en_latin_key_only_matches_whole_words():
    phrases = {e.phrase for e in expand_ja_to_en("securityの強化", use_jmdict="none")}
    assert "e-commerce" not in phrases


def test_expand_ja_to_en_uses_jmdict_for_unknown_loanwords():
    phrases = {e.phrase.lower() for e in expand_ja_to_en("スマートウォッチ", use_jmdict="katakana")}
    assert any("watch" in p for p in phrases)


def test_expand_en_to_ja_finds_japanese_term():
    sources = {e.phrase for e in expand_en_to_ja("predictive maintenance for plants")}
    assert "予知保全" in sources
