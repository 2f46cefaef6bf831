"""Word-level translation of common company-name words (工業 -> industries / kogyo), as rules.

company_words.txt lists words companies put in their names with their English renderings; the romanised
reading of each word is added from SudachiPy, and JMdict (jamdict) glosses katakana loanwords that the list
lacks (エネルギー -> energy). Every rendering maps to one canonical English word, so 三菱電機, Mitsubishi
Denki and Mitsubishi Electric all become 'mitsubishi electric'. No particular company is ever listed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from kakehashi.adapters.identity.normalize import nfkc, words
from kakehashi.adapters.identity.readings import hepburn, loose, segment, skeleton

_DATA = Path(__file__).with_name("company_words.txt")
_KATAKANA_WORD = re.compile(r"^[\u30a0-\u30ff]{3,}$")


@lru_cache(maxsize=1)
def word_table() -> tuple[dict[str, str], dict[str, str], int]:
    """(Japanese word -> canonical English; loose form of any rendering -> canonical; longest word length)."""
    forward: dict[str, str] = {}
    reverse: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, glosses = line.split("\t", 1)
        renderings = [g.strip() for g in glosses.split("|") if g.strip()]
        canonical = loose(renderings[0])
        forward[nfkc(word)] = canonical
        for form in renderings:
            reverse.setdefault(loose(form), canonical)
        reading = "".join(r for _, r in segment(word))
        reverse.setdefault(loose(hepburn(reading)), canonical)
    return forward, reverse, max(len(w) for w in forward)


def canonical_latin(text: str) -> str:
    """A Latin name (legal forms already stripped) with known renderings replaced by their canonical word."""
    _, reverse, _ = word_table()
    tokens = [loose(w) for w in words(nfkc(text))]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else None
        if pair is not None and pair in reverse:
            out.append(reverse[pair])
            i += 2
            continue
        out.append(reverse.get(tokens[i], tokens[i]))
        i += 1
    return "".join(out)


_jamdict_handle: list[Any] = []


def _gloss(word: str) -> str | None:
    """The English word a katakana loanword spells, when JMdict glosses it with one (スマイル -> smile).

    Only a gloss that sounds like the reading is taken (its consonant skeleton is close to the romaji's):
    JMdict also explains words (テック: 'technical center'), and an explanation is not a spelling.
    """
    try:
        if not _jamdict_handle:
            from jamdict import Jamdict

            _jamdict_handle.append(Jamdict(memory_mode=False))
        result = _jamdict_handle[0].lookup(word, strict_lookup=True, lookup_chars=False, lookup_ne=False)
    except Exception:  # JMdict data missing: the romanised reading stands in
        _jamdict_handle.append(None)
        return None
    sound = skeleton(loose(hepburn(word)))
    best: tuple[float, str] = (0.0, "")
    for entry in result.entries[:3]:
        for sense in entry.senses:
            for gloss in sense.gloss:
                text = str(gloss).split("(")[0].strip()
                if not text or len(text.split()) > 2:
                    continue
                candidate = loose(text)
                similarity = Indel.normalized_similarity(skeleton(candidate), sound)
                if similarity > best[0]:
                    best = (similarity, candidate)
    return best[1] if best[0] >= 0.8 else None


@lru_cache(maxsize=65536)
def katakana_gloss(word: str) -> str | None:
    if not _KATAKANA_WORD.match(word) or (_jamdict_handle and _jamdict_handle[-1] is None):
        return None
    return _gloss(word)


def translate_japanese(text: str, *, glosses: bool = True) -> tuple[str, str]:
    """(translated key, romanised key) of a Japanese name with legal forms stripped, both loose and compact.

    Known words are replaced by their canonical English; other words are romanised from their reading
    (katakana loanwords glossed by JMdict when `glosses`).
    """
    forward, reverse, longest = word_table()
    translated: list[str] = []
    romaji: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            for surface, reading in segment("".join(pending)):
                spelled = loose(hepburn(reading)) if _has_kana(reading) else loose(surface)
                romaji.append(spelled)
                gloss = katakana_gloss(surface) if glosses else None
                translated.append(gloss or reverse.get(spelled, spelled))
            pending.clear()

    i = 0
    text = text.replace(" ", "")
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in forward:
                flush()
                translated.append(forward[word])
                romaji.append(loose(hepburn("".join(r for _, r in segment(word)))))
                i += size
                break
        else:
            pending.append(text[i])
            i += 1
    flush()
    return "".join(translated), "".join(romaji)


def _has_kana(text: str) -> bool:
    return any("\u30a0" <= ch <= "\u30ff" or "\u3040" <= ch <= "\u309f" for ch in text)


@lru_cache(maxsize=1)
def _generic() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching one generic company word (any loose rendering) at the start / at the end of a key."""
    _, reverse, _ = word_table()
    forms = sorted({f for f in set(reverse) | set(reverse.values()) if len(f) >= 3}, key=len, reverse=True)
    body = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"^(?:{body})(?=.)"), re.compile(rf"(?<=.)(?:{body})$")


@lru_cache(maxsize=262144)
def distinctive(key: str) -> str:
    """A loose compact key without the generic company words at its start or end ('sadakensetsu' -> 'sada').

    Two names that share only 'construction' or 'bank' are not alike; what is left must be alike too.
    """
    start, end = _generic()
    while True:
        shorter = start.sub("", end.sub("", key, count=1), count=1)
        if shorter == key:
            return key
        key = shorter
