"""Scoring a pair of records: names across scripts (rapidfuzz), identifiers, and supporting evidence.

Every record becomes a set of name keys in one space: loose romaji/English keys (the English name, the
kana reading romanised, the kanji name romanised by its Sudachi reading and translated word by word) and
Japanese keys (the kanji/kana name itself). Two records score the best rapidfuzz similarity between their
keys, adjusted by evidence (country, prefecture/city, founding year, industry). A valid identifier that
both sides have decides; a damaged one (a corporate number with a wrong check digit) is never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Indel
from stdnum.jp import cn as corporate_numbers

from kakehashi.adapters.identity.normalize import (
    is_japanese,
    name_key,
    nfkc,
    strip_kana_legal,
    strip_legal_forms,
)
from kakehashi.adapters.identity.readings import hepburn, loose, skeleton
from kakehashi.adapters.identity.translate import canonical_latin, distinctive, translate_japanese
from kakehashi.domain.identity import IdentityRecord

_INDUSTRIES = Path(__file__).with_name("industries.txt")
# The score of two names whose distinctive words are equal though one adds generic words
# ('Suzuki Motor' / スズキ): a suggestion, made a merge only by supporting evidence (industry, place).
DISTINCT_ONLY = 0.8
_WEAK = re.compile(r"holdings?|group|hd$")


@dataclass(frozen=True)
class Features:
    """What scoring needs of one record, computed once."""

    written: tuple[str, ...]  # Japanese names as written, legal forms stripped, compact
    kana: tuple[str, ...]  # katakana readings, legal forms stripped
    latin: tuple[str, ...]  # Latin names as written: loose and canonical (translated words) keys
    derived: tuple[str, ...]  # romaji and word-by-word translations of the Japanese names and readings
    weak: tuple[str, ...]  # latin/derived keys without holdings/group (renames add or drop them)
    distinct: tuple[str, ...]  # latin/derived keys without generic words at either end ('sada' of 佐田建設)
    corporate_number: str | None
    damaged_number: bool
    domain: str | None
    external_id: str | None

    @property
    def roman(self) -> tuple[str, ...]:
        return self.latin + self.derived


Keys = tuple[
    tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]
]


@lru_cache(maxsize=262144)
def _name_keys(name: str, name_ja: str | None, name_en: str | None, name_kana: str | None) -> Keys:
    written: set[str] = set()
    kana: set[str] = set()
    latin: set[str] = set()
    derived: set[str] = set()
    for text in {name, name_ja, name_en} - {None}:
        assert text is not None
        stripped = strip_legal_forms(text)
        if is_japanese(stripped):
            written.add(name_key(text))
            derived.update(translate_japanese(stripped))
        else:
            latin.update((loose(stripped), canonical_latin(stripped)))
    if name_kana:
        reading = strip_kana_legal(name_kana)
        if reading:
            kana.add(reading)
            derived.add(loose(hepburn(reading)))
    roman = (latin | derived) - {""}
    weak = {w for w in (_WEAK.sub("", key) for key in roman) if w and w not in roman}
    return (
        tuple(sorted(written - {""})),
        tuple(sorted(kana)),
        tuple(sorted(latin - {""})),
        tuple(sorted(derived - latin - {""})),
        tuple(sorted(weak)),
        tuple(sorted({distinctive(key) for key in roman} - {""})),
    )


def features(record: IdentityRecord) -> Features:
    written, kana, latin, derived, weak, distinct = _name_keys(
        record.name, record.name_ja, record.name_en, record.name_kana
    )
    number = (record.corporate_number or "").strip() or None
    valid = number is not None and corporate_numbers.is_valid(number)
    return Features(
        written=written,
        kana=kana,
        latin=latin,
        derived=derived,
        weak=weak,
        distinct=distinct,
        corporate_number=corporate_numbers.compact(number) if valid and number else None,
        damaged_number=number is not None and not valid,
        domain=(record.domain or "").casefold().removeprefix("www.") or None,
        external_id=(record.external_id or "").strip() or None,
    )


def _best(left: tuple[str, ...], right: tuple[str, ...]) -> tuple[float, str, str]:
    best = (0.0, "", "")
    for a in left:
        for b in right:
            similarity = 1.0 if a == b else Indel.normalized_similarity(a, b)
            if similarity > best[0]:
                best = (similarity, a, b)
    return best


def _best_roman(left: tuple[str, ...], right: tuple[str, ...]) -> tuple[float, str, str]:
    """Romanised keys: exact, else the mean of the spelling and consonant-skeleton similarities."""
    best = (0.0, "", "")
    for a in left:
        for b in right:
            if a == b:
                return (1.0, a, b)
            spelling = Indel.normalized_similarity(a, b)
            sa, sb = skeleton(a), skeleton(b)
            shape = Indel.normalized_similarity(sa, sb) if min(len(sa), len(sb)) >= 3 else 0.0
            similarity = max(1 - 2 * (1 - spelling), 0.4 * spelling + 0.6 * shape)
            if similarity > best[0]:
                best = (similarity, a, b)
    return best


def name_similarity(fa: Features, fb: Features) -> tuple[float, str]:
    """The best similarity between the two records' names (0..1) and a sentence saying which names."""
    candidates = [
        (*_best(fa.written + fa.kana, fb.written + fb.kana), "Japanese names"),
        (*_best_roman(fa.roman, fb.roman), "names across scripts"),
    ]
    if fa.weak or fb.weak:
        weak = _best_roman(fa.roman + fa.weak, fb.roman + fb.weak)
        candidates.append((weak[0] * 0.97, weak[1], weak[2], "names without holdings/group"))
    own = _best(fa.distinct, fb.distinct)
    if own[0] >= 1.0 and len(own[1]) >= 4:
        candidates.append((DISTINCT_ONLY, own[1], own[2], "distinctive words"))
    score, a, b, what = max(candidates)
    if score < 1.0:
        score = 1 - 2 * (1 - score) if what == "Japanese names" else score
    caps = []
    if fa.written and fb.written:
        written = _best(fa.written, fb.written)[0]
        if written < 1.0:
            caps.append((1 - 2 * (1 - written), "the Japanese names differ"))
    if fa.latin and fb.latin:
        latin = _best(fa.latin, fb.latin)[0]
        if latin < 1.0:
            caps.append((1 - 3 * (1 - latin), "the English names differ"))
    if fa.distinct and fb.distinct and score < 1.0:
        distinct = _best_roman(fa.distinct, fb.distinct)[0]
        if distinct < 1.0:
            caps.append((distinct, "the distinctive words of the names differ"))
    if score >= 1.0:
        text = f"{what} are the same once normalised ('{a}')"
    else:
        text = f"similar {what} ('{a}' ~ '{b}', {score:.2f})"
    for cap, why in caps:
        if cap < score:
            score, text = cap, f"{text}; {why}"
    return max(score, 0.0), text


def score_pair(a: IdentityRecord, b: IdentityRecord, fa: Features, fb: Features) -> tuple[float, list[str]]:
    """(score in 0..1, reasons in words). 1.0 or 0.0 when identifiers decide."""
    reasons: list[str] = []
    for record, feats in ((a, fa), (b, fb)):
        if feats.damaged_number:
            reasons.append(
                f"corporate number '{record.corporate_number}' of #{record.id} is damaged and was not used"
            )
    if fa.corporate_number and fb.corporate_number:
        if fa.corporate_number == fb.corporate_number:
            return 1.0, [*reasons, f"same corporate number {fa.corporate_number}"]
        return 0.0, [*reasons, "different corporate numbers"]
    if fa.external_id and fa.external_id == fb.external_id:
        return 1.0, [*reasons, f"same external id {fa.external_id}"]
    if fa.domain and fa.domain == fb.domain:
        return 1.0, [*reasons, f"same web domain {fa.domain}"]
    score, why = name_similarity(fa, fb)
    reasons.append(why)
    score += _evidence(a, b, reasons)
    if fa.domain and fb.domain:
        score -= 0.05
        reasons.append("different web domains")
    return max(0.0, min(score, 0.99)), reasons


def _evidence(a: IdentityRecord, b: IdentityRecord, reasons: list[str]) -> float:
    adjust = 0.0
    if a.country and b.country:
        if a.country.casefold() == b.country.casefold():
            adjust += 0.01
            reasons.append(f"same country ({a.country})")
        else:
            adjust -= 0.15
            reasons.append(f"different countries ({a.country}, {b.country})")
    if a.prefecture and b.prefecture:
        if a.prefecture == b.prefecture:
            adjust += 0.02
            reasons.append(f"same prefecture ({a.prefecture})")
        else:
            adjust -= 0.05
            reasons.append(f"different prefectures ({a.prefecture}, {b.prefecture})")
    elif a.city and b.city and a.city.casefold() == b.city.casefold():
        adjust += 0.02
        reasons.append(f"same city ({a.city})")
    if a.founded_year and b.founded_year:
        if abs(a.founded_year - b.founded_year) <= 1:
            adjust += 0.02
            reasons.append(f"founded the same year ({a.founded_year})")
        else:
            adjust -= 0.05
            reasons.append(f"founded in different years ({a.founded_year}, {b.founded_year})")
    left, right = _industries(a.sectors), _industries(b.sectors)
    if left and right:
        shared = left & right
        if shared:
            adjust += 0.03
            reasons.append(f"same industry ({sorted(shared)[0]})")
        else:
            adjust -= 0.04
            reasons.append(f"different industries ({', '.join(a.sectors)}; {', '.join(b.sectors)})")
    return adjust


@lru_cache(maxsize=1)
def _industry_names() -> dict[str, str]:
    """Any written name of a standard industry (Japanese or English) -> its English name, casefolded."""
    names: dict[str, str] = {}
    for line in _INDUSTRIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        japanese, english = line.split("\t", 1)
        forms = [japanese, *english.split("|")]
        canonical = nfkc(forms[1])
        for form in forms:
            names[nfkc(form)] = canonical
    return names


def _industries(sectors: tuple[str, ...]) -> frozenset[str]:
    """The sectors as canonical industry names (a sector outside the standard list is kept as written)."""
    names = _industry_names()
    return frozenset(names.get(nfkc(sector), nfkc(sector)) for sector in sectors)
