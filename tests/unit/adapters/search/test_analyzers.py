import pytest

from kakehashi.adapters.search.analyzers import (
    MAX_QUERY_CHARS,
    analyze_en,
    analyze_ja,
    clean_query,
    detect_language,
)

pytestmark = pytest.mark.unit


def test_detect_language_japanese_with_latin_acronym_is_japanese():
    assert detect_language("工場の予知保全のためのAI") == "ja"


def test_detect_language_english_is_english():
    assert detect_language("cyber threat detection for factories") == "en"


def test_analyze_en_drops_stop_words_and_stems():
    assert analyze_en("Detecting the threats in factories") == ["detect", "threat", "factori"]


def test_analyze_ja_uses_normalized_forms_and_skips_particles():
    terms = analyze_ja("工場のセキュリティ")
    assert terms == ["工場", "セキュリティー"]


def test_analyze_ja_sends_latin_words_through_english_path():
    assert "sensor" in analyze_ja("IoTのsensors")


def test_clean_query_caps_length_and_says_so():
    text, notice = clean_query("a" * 10_000)
    assert (len(text), notice is not None) == (MAX_QUERY_CHARS, True)


def test_clean_query_removes_control_characters_and_collapses_spaces():
    assert clean_query("  ai\x00\tsecurity \n ") == ("ai security", None)


def test_japanese_analysis_gives_the_same_terms_in_many_threads_at_once():
    """Web worker threads share one Sudachi dictionary; each analyses with its own tokenizer, concurrently."""
    from concurrent.futures import ThreadPoolExecutor

    text = "工場の予知保全のためのAIと産業用セキュリティ"
    expected = analyze_ja(text)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _i: analyze_ja(text), range(60)))
    assert expected != []
    assert all(result == expected for result in results)
