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


def test_jmdict_answers_in_every_thread():
    """Web requests run in a pool of threads: the dictionary must answer in each (SQLite connections are
    per thread), not only in the first one that used it."""
    import threading

    from kakehashi.adapters.search.translate import _dictionary_glosses

    first = _dictionary_glosses("土壌")
    answers: dict[str, object] = {}

    def other_thread() -> None:
        try:
            answers["glosses"] = _dictionary_glosses("処理")
        except Exception as exc:  # the failure this test guards against
            answers["error"] = repr(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert "soil" in first
    assert "error" not in answers
    assert "processing" in answers["glosses"] or "treatment" in answers["glosses"]
