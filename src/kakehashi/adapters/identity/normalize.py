"""Names before comparison: NFKC, width, case, legal forms stripped (from legal_forms.txt), kana unified.

Functions here are pure and cached where they are called once per record on large catalogues.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jaconv

_DATA = Path(__file__).with_name("legal_forms.txt")
# Words that are not a legal form but that a company adds or drops over the years (a rename to
# "... Holdings"): a second key is made without them and scored a little lower.
WEAK_WORDS = ("holdings", "holding", "hd", "group", "ホールディングス", "ホールディング", "グループ", "hd")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_LATIN_SPLIT = re.compile(r"[^0-9a-z\u00c0-\u024f\u0590-\u05ff\u3040-\u30ff\u3400-\u9fff]+")


def nfkc(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII, half-width kana to full-width), casefolded, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace("\u3000", " ").split())


def is_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


def to_katakana(text: str) -> str:
    """Hiragana and half-width kana as full-width katakana (jaconv), other characters unchanged."""
    return jaconv.hira2kata(jaconv.h2z(text, kana=True, ascii=False, digit=False))


@lru_cache(maxsize=1)
def legal_forms() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """(Japanese forms, longest first; a regex matching the Latin/Hebrew forms as whole words)."""
    japanese: list[str] = []
    latin: list[str] = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        form = line.split("#", 1)[0].strip() if not line.startswith("#") else ""
        if not form:
            continue
        form = nfkc(form)
        (japanese if is_japanese(form) else latin).append(form)
    japanese.sort(key=len, reverse=True)
    latin.sort(key=len, reverse=True)
    body = "|".join(re.escape(form) for form in latin)
    pattern = re.compile(rf"(?<![\w\u0590-\u05ff])(?:{body})(?![\w\u0590-\u05ff])")
    return tuple(japanese), pattern


def strip_legal_forms(text: str) -> str:
    """The name without its legal form(s), normalised by nfkc ('株式会社アイチ' -> 'アイチ', 'Toho Bank, Ltd.' -> 'toho bank')."""
    text = nfkc(text)
    japanese, latin = legal_forms()
    for form in japanese:
        if form in text:
            text = text.replace(form, " ")
    text = text.replace("(", " ").replace(")", " ")
    text = latin.sub(" ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.replace("&", " and ").split()).strip(" ,.-・")


def words(text: str) -> list[str]:
    """Latin (and kana/kanji) words of a stripped name; punctuation and the middle dot split them."""
    return [w for w in _LATIN_SPLIT.split(text) if w]


def drop_weak(tokens: list[str]) -> list[str]:
    kept = [t for t in tokens if t not in WEAK_WORDS]
    return kept or tokens


def name_key(text: str) -> str:
    """The exact-comparison key of a name: legal forms stripped, only letters and digits, no spaces."""
    return "".join(words(strip_legal_forms(text)))


def strip_kana_legal(reading: str) -> str:
    """A katakana reading without the reading of its legal form ('カブシキガイシャアイチ' -> 'アイチ')."""
    text = to_katakana(nfkc(reading)).replace(" ", "").replace("・", "")
    japanese, _ = legal_forms()
    for form in japanese:
        if form in text:
            text = text.replace(form, "")
    return text
