"""Readings of Japanese names and their romanisation (modified Hepburn), with long-vowel variants unified.

jaconv brings any kana to full-width katakana; a small Hepburn rule set spells it; SudachiPy gives the
reading of a kanji name that came without one. `loose` folds the spellings people use for the same sound
(ou/oo/oh/ō -> o, uu/ū -> u, m/n before b/m/p, doubled consonants kept) so Kyōritsu, Kyouritsu, Kyoritsu and
Kyohritsu compare equal.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from kakehashi.adapters.identity.normalize import nfkc, to_katakana

_BASE = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
}  # fmt: skip
_SMALL = {"ャ": "a", "ュ": "u", "ョ": "o", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_Y_SMALL = {"ャ", "ュ", "ョ"}


def hepburn(reading: str) -> str:
    """Katakana/hiragana (any width) in modified Hepburn without macrons ('キョウリツデンキ' -> 'kyouritsudenki')."""
    kana = to_katakana(nfkc(reading))
    out: list[str] = []
    i, n = 0, len(kana)
    double = False
    while i < n:
        ch = kana[i]
        nxt = kana[i + 1] if i + 1 < n else ""
        if ch == "ッ":
            double = True
            i += 1
            continue
        if ch == "ー":
            if out and out[-1] and out[-1][-1] in "aeiou":
                out.append(out[-1][-1])
            i += 1
            continue
        syllable = _BASE.get(ch)
        if syllable is None:
            out.append(ch if ch.isalnum() else " ")
            i += 1
            double = False
            continue
        if nxt in _SMALL and ch not in _SMALL:
            if nxt in _Y_SMALL and syllable.endswith("i") and ch != "イ":
                stem = syllable[:-1]
                syllable = (stem if stem in ("sh", "ch", "j") else stem + "y") + _SMALL[nxt]
            elif nxt not in _Y_SMALL:
                syllable = (syllable[:-1] if len(syllable) > 1 else syllable) + _SMALL[nxt]
                if ch == "フ":
                    syllable = "f" + _SMALL[nxt]
            i += 1
        if ch == "ン" and nxt and _BASE.get(nxt, "x")[0] in "aeiouy":
            syllable = "n'"
        if double and syllable[0] not in "aeiou":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        out.append(syllable)
        i += 1
    return "".join(out).replace("'", "")


_MACRONS = str.maketrans({"ā": "a", "ī": "i", "ū": "uu", "ē": "e", "ō": "o", "â": "a", "û": "uu", "ô": "o"})
_FOLDS = (
    (re.compile(r"o[ouh](?=[^aeiouy]|$)"), "o"),
    (re.compile(r"uu"), "u"),
    (re.compile(r"m(?=[bmp])"), "n"),
    (re.compile(r"(?<=[aeiou])h(?=[^aeiouy]|$)"), ""),
    (re.compile(r"ii"), "i"),
    (re.compile(r"[^0-9a-z\u0590-\u05ff\u3040-\u9fff]+"), ""),
)


def loose(text: str) -> str:
    """A spelling-insensitive key of romaji or English text: ō/ou/oo/oh -> o, uu -> u, mb -> nb, no spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_MACRONS)
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def romaji_variants(reading: str) -> set[str]:
    """The spellings of a reading people write: strict Hepburn, long vowels doubled, and the loose key."""
    strict = hepburn(reading).replace(" ", "")
    return {strict, strict.replace("ou", "o").replace("uu", "u"), loose(strict)}


_local = threading.local()


def _tokenizer() -> Any:
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import Dictionary

        tokenizer = _local.tokenizer = Dictionary(dict="core").tokenizer()
    return tokenizer


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[tuple[str, str], ...]:
    """(surface, katakana reading) of each word of a Japanese name (Sudachi, split mode A: short words)."""
    from sudachipy import SplitMode

    return tuple(
        (m.surface(), m.reading_form() or m.surface())
        for m in _tokenizer().tokenize(text, SplitMode.A)
        if m.surface().strip()
    )


def kanji_reading(text: str) -> str:
    """The reading of a kanji name that came without one (Sudachi), in katakana."""
    return "".join(reading for _, reading in segment(text))


_SKELETON = (
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[cgkpst])h"), ""),
    (re.compile(r"ts"), "t"),
    (re.compile(r"l"), "r"),
    (re.compile(r"v"), "b"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"[aeiouyw]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=262144)
def skeleton(key: str) -> str:
    """The consonant skeleton of a loose key, where katakana loanwords and their English spelling meet.

    'zapparasu' (ザッパラス) and 'zappallas' both give 'zprs'; 'rikentekunosu' and 'rikentechnos' 'rkntkns'.
    """
    text = key
    for pattern, repl in _SKELETON:
        text = pattern.sub(repl, text)
    return text
