"""Japanese query words to English search terms, the catalogue deciding among the dictionary's glosses."""

import pytest

from kakehashi.adapters.search.analyzers import analyze_en
from kakehashi.adapters.search.translate import Vocabulary, translate_ja_to_en

pytestmark = pytest.mark.unit


def catalogue_vocabulary(*descriptions: str) -> Vocabulary:
    """The vocabulary of a catalogue of English descriptions (what the tantivy index answers)."""
    docs = [analyze_en(d) for d in descriptions]

    def doc_freq(term: str) -> int:
        return sum(term in words for words in docs)

    def phrase_freq(terms: tuple[str, ...]) -> int:
        n = len(terms)
        return sum(any(tuple(w[i : i + n]) == terms for i in range(len(w) - n + 1)) for w in docs)

    return Vocabulary(doc_freq=doc_freq, phrase_freq=phrase_freq)


CATALOGUE = catalogue_vocabulary(
    "Microbial soil treatment restores contaminated farmland.",
    "Soil improvement with biochar for higher crop yield.",
    "Medical treatment planning for oncology clinics.",
)


def test_adjacent_nouns_become_the_phrase_the_catalogue_uses() -> None:
    found = {(e.source, e.phrase) for e in translate_ja_to_en("土壌処理の技術", CATALOGUE)}

    assert ("土壌処理", "soil treatment") in found
    assert all(phrase != "soil processing" for _, phrase in found)


def test_a_word_with_several_senses_takes_the_one_the_catalogue_has() -> None:
    # 処理: processing (first sense), dealing with, treatment ... the catalogue only says "treatment".
    phrases = {e.phrase for e in translate_ja_to_en("処理", CATALOGUE)}

    assert phrases == {"treatment"}


def test_a_compound_the_dictionary_knows_keeps_the_gloss_the_catalogue_uses() -> None:
    # 土壌改良: soil amelioration | soil improvement; only the second occurs in the catalogue.
    found = {(e.source, e.phrase) for e in translate_ja_to_en("土壌改良", CATALOGUE)}

    assert ("土壌改良", "soil improvement") in found
    assert all(phrase != "soil amelioration" for _, phrase in found)


def test_verbs_and_glosses_absent_from_the_catalogue_are_not_searched() -> None:
    phrases = {e.phrase for e in translate_ja_to_en("土壌を使った処理", CATALOGUE)}

    assert "use" not in phrases and "make use of" not in phrases
    assert {"soil", "treatment"} <= phrases


def test_glossary_phrases_come_first_and_a_single_kanji_does_not_hide_its_compound() -> None:
    # 水 is a glossary key; inside 水質 it must not stop 水質 from being read as water quality.
    phrases = [e.phrase for e in translate_ja_to_en("水質の予知保全")]

    assert phrases[0] == "predictive maintenance"
    assert "water quality" in phrases


def test_without_a_catalogue_the_dictionary_order_decides() -> None:
    phrases = {e.phrase for e in translate_ja_to_en("土壌")}

    assert "soil" in phrases
