"""Funding-type cells: 'Series A', 'Seed', 'シリーズB', 'Revenue Financed', 'ROUND A' -> stored round type or Stage.

The words are data (`domain/reference_data/funding_vocabulary.json`: the Crunchbase and Start-Up Nation
Central vocabularies in English and Japanese); only the lettered series ('Series C', 'ROUND A', 'Bラウンド')
are a pattern here.
"""

from __future__ import annotations

import re

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import OperatingStatus, RoundType, Stage, stage_for_round
from kakehashi.domain.reference_data import load

_VOCABULARY = load("funding_vocabulary.json")


def vocabulary_key(value: Cell) -> str:
    """A label compared without case, width, spaces, hyphens, slashes or brackets ('Post-IPO Equity' -> 'postipoequity')."""
    return re.sub(r"[\s\-_/()・]+", "", clean_text(value).casefold())


_STORED = [str(stage) for stage in Stage] + [
    value for name, value in vars(RoundType).items() if name.isupper() and isinstance(value, str)
]
# The stored values read back too ('series_d_plus', 'convertible_note'), so an export imports again.
_ROUND_WORDS: dict[str, str] = {vocabulary_key(v): v for v in _STORED} | {
    vocabulary_key(k): v for k, v in _VOCABULARY["round_types"].items()
}
_STAGE_WORDS: dict[str, Stage] = {vocabulary_key(k): Stage(v) for k, v in _VOCABULARY["stages"].items()}
STATUS_WORDS: dict[str, OperatingStatus] = {
    vocabulary_key(k): OperatingStatus(v) for k, v in _VOCABULARY["statuses"].items()
}
_SERIES = re.compile(r"^(?:series|シリーズ|round)?([a-k])(\d*)\+?(?:round|ラウンド)?$")
_SERIES_STAGES = {"a": Stage.SERIES_A, "b": Stage.SERIES_B, "c": Stage.SERIES_C}
_SUFFIX = re.compile(r"(ラウンド|round|funding|financing|stage|ステージ)$")


def _lookup(value: Cell) -> tuple[str, str] | None:
    """(the key that matched, the stored round type) or None."""
    full = vocabulary_key(value)
    key = _SUFFIX.sub("", full) or full
    for candidate in (full, key):
        if candidate in _ROUND_WORDS:
            return candidate, _ROUND_WORDS[candidate]
    match = _SERIES.match(key) or _SERIES.match(full)
    if match and (key.startswith(("series", "シリーズ", "round")) or full != key or len(key) <= 3):
        return key, str(_SERIES_STAGES.get(match[1], Stage.SERIES_D_PLUS))
    return None


def parse_round_type(value: Cell) -> str:
    """Crunchbase 'Last Funding Type' / round type ('Series A', 'Seed', 'シリーズA', 'Grant') -> stored type."""
    if not vocabulary_key(value):
        raise InvalidInput("empty funding type")
    found = _lookup(value)
    if found is None:
        raise InvalidInput(
            "'{value}' is not a funding stage (e.g. Seed, Series A, シリーズB)", value=shown(value)
        )
    return found[1]


def parse_stage(value: Cell) -> Stage:
    """Company stage from a stage or round-type cell ('Series B', 'シード', 'Post-IPO Equity', 'Established')."""
    found = _lookup(value)
    if found is not None and found[0] in _STAGE_WORDS:
        return _STAGE_WORDS[found[0]]
    return stage_for_round(parse_round_type(value))
