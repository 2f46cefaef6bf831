"""Cross-lingual help for the keyword side: Japanese query words to English terms and back.

A curated technical glossary comes first (phrases scouts use: 予知保全 -> predictive maintenance);
JMdict (jamdict-data) covers the rest of the loanwords that the glossary lacks.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kakehashi.adapters.search.analyzers import ja_tokens

GLOSSARY_FILE = Path(__file__).with_name("glossary_ja_en.txt")
_KATAKANA_WORD = re.compile(r"^[\u30a0-\u30ffー]{2,}$")
_KANJI_WORD = re.compile(r"^[\u4e00-\u9fff々]{2,}$")


@dataclass(frozen=True, slots=True)
class Expansion:
    """One translated phrase: the words searched and the query words they came from."""

    phrase: str
    source: str
    weight: float


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """Japanese key (NFKC, lowercase) -> English phrases."""
    entries: dict[str, tuple[str, ...]] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ja, _, en = line.partition("\t")
        key = unicodedata.normalize("NFKC", ja.strip()).lower()
        if key and en.strip():
            entries[key] = tuple(p.strip() for p in en.split("|") if p.strip())
    return entries


@lru_cache(maxsize=1)
def reverse_glossary() -> dict[str, tuple[str, ...]]:
    """English phrase (lowercase) -> Japanese keys; used to reach the few Japanese descriptions."""
    out: dict[str, list[str]] = {}
    for ja, phrases in glossary().items():
        for phrase in phrases:
            out.setdefault(phrase.lower(), []).append(ja)
    return {k: tuple(v) for k, v in out.items()}


_jam_lock = threading.RLock()
_jam_local = threading.local()


def _jamdict() -> Any:
    """This thread's JMdict: its SQLite connection may only be used by the thread that opened it (web
    requests run in a pool of threads; a shared one failed in every thread but the first)."""
    jam = getattr(_jam_local, "jam", None)
    if jam is None:
        from jamdict import Jamdict

        jam = _jam_local.jam = Jamdict(memory_mode=False)
    return jam


@lru_cache(maxsize=20000)
def jmdict_glosses(word: str, limit: int = 2) -> tuple[str, ...]:
    """English glosses of the first JMdict sense of `word` (short ones only: they are search terms)."""
    try:
        with _jam_lock:
            result = _jamdict().lookup(word, strict_lookup=True, lookup_chars=False, lookup_ne=False)
    except Exception:  # a missing or broken dictionary must never break a search
        return ()
    glosses: list[str] = []
    for entry in result.entries[:1]:
        for sense in entry.senses[:1]:
            for gloss in sense.gloss:
                text = re.sub(r"\(.*?\)", "", gloss.text).strip()
                if text and len(text.split()) <= 3:
                    glosses.append(text)
    return tuple(glosses[:limit])


def expand_ja_to_en(query: str, *, use_jmdict: str = "katakana") -> list[Expansion]:
    """English phrases for a Japanese query: glossary phrases (longest key first), then JMdict words.

    use_jmdict: "none", "katakana" (loanwords only: reliable) or "all" (kanji compounds too: noisier).
    """
    text = unicodedata.normalize("NFKC", query).lower()
    out: list[Expansion] = []
    covered = text
    for key in sorted(glossary(), key=len, reverse=True):
        if key.isascii():
            # Latin keys (IoT, EC, 5G) only as whole words: "ec" must not fire inside "security".
            if not re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", covered):
                continue
        elif key not in covered:
            continue
        for phrase in glossary()[key]:
            out.append(Expansion(phrase, key, 1.0))
        # Mask the key so that shorter keys inside it (保全 inside 予知保全) do not add noise.
        covered = covered.replace(key, " " * len(key))
    if use_jmdict == "none":
        return out
    seen = {e.phrase.lower() for e in out}
    for token in ja_tokens(covered, fine=False):
        surface = token.surface
        if not (_KATAKANA_WORD.match(surface) or (use_jmdict == "all" and _KANJI_WORD.match(surface))):
            continue
        for gloss in jmdict_glosses(surface):
            if gloss.lower() not in seen:
                seen.add(gloss.lower())
                out.append(Expansion(gloss, surface, 0.6))
    return out


def expand_en_to_ja(query: str) -> list[Expansion]:
    """Japanese words for an English query, so that Japanese descriptions can be found by keyword."""
    text = " " + " ".join(re.findall(r"[a-z0-9+#\-]+", query.lower())) + " "
    out: list[Expansion] = []
    for phrase, keys in reverse_glossary().items():
        if len(phrase) >= 3 and f" {phrase} " in text:
            out.extend(Expansion(key, phrase, 0.8) for key in keys[:2])
    return out
