"""Text analysis for both languages: Sudachi for Japanese, stemming and stop words for English.

The same functions analyse documents at index time and queries at search time, so terms always meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import tantivy

EN_ANALYZER = "kk_en"  # registered on the tantivy index under this name
JA_ANALYZER = "kk_ws"  # pre-tokenised Japanese: whitespace split + lowercase

_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ヵヶ]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")
# Parts of speech that carry meaning for search; particles, auxiliaries and symbols do not.
_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "接頭辞", "副詞"}
_JA_STOP = {
    "為",
    "事",
    "物",
    "こと",
    "もの",
    "よう",
    "為る",
    "成る",
    "居る",
    "有る",
    "在る",
    "出来る",
    "する",
    "ある",
    "いる",
    "なる",
    "できる",
    "等",
    "など",
    "向け",
    "的",
    "方",
    "用",
    "型",
    "化",
}
MAX_QUERY_CHARS = 1000


def en_text_analyzer() -> Any:
    """Lowercase, drop English stop words, Snowball-stem: the analyzer of every English field."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stopword("english"))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def ws_text_analyzer() -> Any:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


_local = threading.local()


def _en() -> Any:
    analyzer = getattr(_local, "en", None)
    if analyzer is None:
        analyzer = _local.en = en_text_analyzer()
    return analyzer


def analyze_en(text: str) -> list[str]:
    """English terms as the index stores them (stemmed, no stop words)."""
    if not text:
        return []
    return [t for t in _en().analyze(unicodedata.normalize("NFKC", text)) if t]


_dictionary_lock = threading.Lock()


@lru_cache(maxsize=1)
def _sudachi_dictionary() -> Any:
    """The Sudachi dictionary, loaded once per process (~60-90 ms of CPU and its memory each time)."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def _sudachi() -> Any:
    """A tokenizer for this thread (one may not be used by two threads at once), made from the process's
    one dictionary: web worker threads come and go, and each used to load its own dictionary."""
    tokenizer = getattr(_local, "sudachi", None)
    if tokenizer is None:
        with _dictionary_lock:
            tokenizer = _local.sudachi = _sudachi_dictionary().tokenizer()
    return tokenizer


def _split_modes() -> tuple[Any, Any]:
    from sudachipy import SplitMode

    return SplitMode.C, SplitMode.A


@dataclass(frozen=True, slots=True)
class JaToken:
    surface: str
    normalized: str
    pos: str


def ja_tokens(text: str, *, fine: bool = True) -> list[JaToken]:
    """Content words of Japanese text: normalized forms in split mode C, plus mode A parts for recall."""
    if not text:
        return []
    mode_c, mode_a = _split_modes()
    out: list[JaToken] = []
    # Sudachi refuses inputs over ~49 KB; descriptions are far shorter but never trust input sizes.
    for chunk in _chunks(unicodedata.normalize("NFKC", text), 4000):
        for morpheme in _sudachi().tokenize(chunk, mode_c):
            pos = morpheme.part_of_speech()[0]
            if pos not in _CONTENT_POS:
                continue
            norm = morpheme.normalized_form().lower()
            if norm in _JA_STOP or not norm.strip():
                continue
            out.append(JaToken(morpheme.surface(), norm, pos))
            if fine and len(morpheme.surface()) > 2:
                parts = morpheme.split(mode_a)
                if len(parts) > 1:
                    for part in parts:
                        part_norm = part.normalized_form().lower()
                        if part.part_of_speech()[0] in _CONTENT_POS and part_norm not in _JA_STOP:
                            out.append(JaToken(part.surface(), part_norm, part.part_of_speech()[0]))
    return out


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def analyze_ja(text: str) -> list[str]:
    """Japanese terms as the index stores them (Latin words inside go through the English path)."""
    terms: list[str] = []
    for token in ja_tokens(text):
        if _JA_CHAR.search(token.normalized):
            terms.append(token.normalized.replace(" ", ""))
        else:
            terms.extend(analyze_en(token.normalized))
    return terms


def ja_index_text(text: str | None) -> str:
    """Pre-tokenised Japanese field content (whitespace-joined terms) for the whitespace analyzer."""
    return " ".join(analyze_ja(text or ""))


def has_japanese(text: str) -> bool:
    return bool(_JA_CHAR.search(text))


def detect_language(text: str) -> str:
    """'ja' when Japanese script makes up a real share of the letters, else 'en'."""
    ja = len(_JA_CHAR.findall(text))
    latin = len(_LATIN_CHAR.findall(text))
    if ja == 0:
        return "en"
    # A Japanese character carries about as much as a 3-4 letter English word.
    return "ja" if ja * 3 >= latin else "en"


def clean_query(text: str) -> tuple[str, str | None]:
    """Normalise a raw query: NFKC, control characters out, whitespace collapsed, length capped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    notice = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notice = f"query shortened to its first {MAX_QUERY_CHARS} characters"
    return text, notice


@lru_cache(maxsize=4096)
def latin_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[A-Za-z][A-Za-z0-9+#.\-]*", text))
