"""Japanese query -> English search terms, chosen by the catalogue's own vocabulary.

The glossary translates the phrases scouts use; what it does not cover goes word by word through JMdict
(Sudachi segmentation; katakana loanwords and kanji compounds alike). A word has several senses and
glosses (処理: processing, treatment, disposal ...): the catalogue decides. Glosses whose words do not
occur in the English index are dropped, and adjacent query words (水 + 処理) are translated as a phrase
when the index holds that phrase (water treatment: yes; water disposal: no), so that the English
side searches what real descriptions say.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kakehashi.adapters.search.analyzers import analyze_en, ja_tokens
from kakehashi.adapters.search.crosslingual import Expansion, _jam_lock, _jamdict, glossary

_JA_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff々ー]")
_NOUNISH = {"名詞", "接頭辞"}
MAX_GLOSS_WORDS = 3
SENSES = 3  # the first senses of the first entry: later ones are rare uses
PER_WORD = 1  # translations kept per Japanese word


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """How often the catalogue's English text uses a stemmed term, and a stemmed phrase."""

    doc_freq: Callable[[str], int]
    phrase_freq: Callable[[tuple[str, ...]], int]


def _clean_gloss(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text)
    text = re.sub(r"^to ", "", text.strip())
    return " ".join(text.split())


def dictionary_glosses(word: str) -> tuple[str, ...]:
    """Short English glosses of `word`, most common sense first (JMdict)."""
    try:
        return _dictionary_glosses(word)
    except Exception:  # a missing or broken dictionary must never break a search (and is not remembered)
        return ()


@lru_cache(maxsize=20000)
def _dictionary_glosses(word: str) -> tuple[str, ...]:
    with _jam_lock:
        result = _jamdict().lookup(word, strict_lookup=True, lookup_chars=False, lookup_ne=False)
    out: list[str] = []
    for entry in result.entries[:1]:
        for sense in entry.senses[:SENSES]:
            for gloss in sense.gloss:
                text = _clean_gloss(gloss.text)
                if text and len(text.split()) <= MAX_GLOSS_WORDS and text.lower() not in out:
                    out.append(text.lower())
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Word:
    surface: str
    normalized: str
    pos: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    """Content words of `text` with their character spans (Sudachi, split mode C)."""
    out: list[_Word] = []
    cursor = 0
    for token in ja_tokens(text, fine=False):
        start = text.find(token.surface, cursor)
        if start < 0:
            continue
        cursor = start + len(token.surface)
        out.append(_Word(token.surface, token.normalized, token.pos, start, cursor))
    return out


def _candidates(word: _Word, vocabulary: Vocabulary | None) -> list[tuple[str, tuple[str, ...], float]]:
    """(gloss, its stems, score) for a word, the catalogue's likeliest first; glosses absent from it dropped."""
    glosses = glossary().get(word.surface) or (
        dictionary_glosses(word.surface) or dictionary_glosses(word.normalized)
    )
    scored: list[tuple[str, tuple[str, ...], float]] = []
    for rank, gloss in enumerate(glosses):
        stems = tuple(analyze_en(gloss))
        if not stems:
            continue
        prior = 1.0 / (1 + 0.5 * rank)  # JMdict lists the usual sense first
        if vocabulary is None:
            scored.append((gloss, stems, prior))
            continue
        freqs = [vocabulary.doc_freq(s) for s in stems]
        if min(freqs) == 0 or (len(stems) > 1 and vocabulary.phrase_freq(stems) == 0):
            continue  # the catalogue never says it this way (birth and growth, seeds and seedlings)
        scored.append((gloss, stems, prior * (1.0 + math.log1p(min(freqs)) / 10)))
    scored.sort(key=lambda c: -c[2])
    return scored


def translate_ja_to_en(query: str, vocabulary: Vocabulary | None = None) -> list[Expansion]:
    """English phrases for a Japanese query: glossary phrases, then dictionary words and compounds.

    Each Expansion's source is the Japanese text it translates (shown to the scout as 水処理 → water
    treatment); weight 1.0 for glossary phrases and catalogue-confirmed compounds, less for single words.
    """
    text = unicodedata.normalize("NFKC", query).lower()
    out: list[Expansion] = []
    covered = text
    whole_words = {w.surface for w in _words(text)}
    for key in sorted(glossary(), key=len, reverse=True):
        if len(key) < 2 or key in whole_words:
            # A single word (土壌) is translated with its neighbours below, so that 土壌 + 処理 can
            # become soil treatment; 水 inside 水質 (water quality) must not hide its compound.
            continue
        if key.isascii():
            if not re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", covered):
                continue
        elif key not in covered:
            continue
        out.extend(Expansion(phrase, key, 1.0) for phrase in glossary()[key])
        covered = covered.replace(key, " " * len(key))
    seen = {e.phrase for e in out}

    def emit(phrase: str, source: str, weight: float) -> None:
        if phrase not in seen:
            seen.add(phrase)
            out.append(Expansion(phrase, source, weight))

    words = [w for w in _words(covered) if _JA_WORD.search(w.surface)]
    options = {i: _candidates(w, vocabulary) for i, w in enumerate(words)}
    in_phrase: set[int] = set()
    if vocabulary is not None:
        for i in range(len(words) - 1):
            left, right = words[i], words[i + 1]
            if left.end != right.start or not ({left.pos, right.pos} <= _NOUNISH):
                continue  # only adjacent nouns form a compound (水処理, not 水の処理)
            compound = _Word(left.surface + right.surface, left.surface + right.surface, "名詞", 0, 0)
            known = _candidates(compound, vocabulary)
            if known:  # the dictionary knows the compound (品種改良: breeding), as the catalogue says it
                for gloss, _stems, _score in known[:PER_WORD]:
                    emit(gloss, compound.surface, 1.0)
                in_phrase.update((i, i + 1))
                continue
            best = _best_phrase(options[i][:3], options[i + 1][:3], vocabulary)
            if best is not None:
                emit(best, left.surface + right.surface, 1.0)
                in_phrase.update((i, i + 1))
    for i, word in enumerate(words):
        for phrase in glossary().get(word.surface, ()):
            emit(phrase, word.surface, 0.5 if i in in_phrase else 1.0)
        if word.surface in glossary():
            continue
        if word.pos not in _NOUNISH or (len(word.surface) < 2 and i not in in_phrase):
            continue  # verbs (使う: use) and lone characters (金: money, metal) are noise as search terms
        weight = 0.5 if i in in_phrase else 0.7
        for gloss, _stems, _score in options[i][:PER_WORD]:
            emit(gloss, word.surface, weight)
    return out


def _best_phrase(
    left: Sequence[tuple[str, tuple[str, ...], float]],
    right: Sequence[tuple[str, tuple[str, ...], float]],
    vocabulary: Vocabulary,
) -> str | None:
    best: tuple[int, str] | None = None
    for l_gloss, l_stems, _ in left:
        for r_gloss, r_stems, _ in right:
            count = vocabulary.phrase_freq(l_stems + r_stems)
            if count > 0 and (best is None or count > best[0]):
                best = (count, f"{l_gloss} {r_gloss}")
    return None if best is None else best[1]
