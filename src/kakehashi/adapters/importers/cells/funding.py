"""Funding-type cells: 'Series A', 'Seed', 'シリーズB', 'Post-IPO Equity', 'Grant' -> stored round type or Stage."""

from __future__ import annotations

import re

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import RoundType, Stage, stage_for_round

_ROUND_WORDS: dict[str, str] = {
    "preseed": Stage.PRE_SEED,
    "seed": Stage.SEED,
    "angel": RoundType.ANGEL,
    "grant": RoundType.GRANT,
    "debtfinancing": RoundType.DEBT,
    "debt": RoundType.DEBT,
    "loan": RoundType.DEBT,
    "convertiblenote": RoundType.CONVERTIBLE_NOTE,
    "convertible": RoundType.CONVERTIBLE_NOTE,
    "safe": RoundType.CONVERTIBLE_NOTE,
    "corporateround": RoundType.CORPORATE,
    "corporate": RoundType.CORPORATE,
    "strategic": RoundType.CORPORATE,
    "privateequity": RoundType.PRIVATE_EQUITY,
    "pe": RoundType.PRIVATE_EQUITY,
    "growth": Stage.GROWTH,
    "growthequity": Stage.GROWTH,
    "latestage": Stage.GROWTH,
    "postipoequity": RoundType.POST_IPO,
    "postipodebt": RoundType.POST_IPO,
    "postiposecondary": RoundType.POST_IPO,
    "ipo": Stage.PUBLIC,
    "public": Stage.PUBLIC,
    "secondarymarket": RoundType.SECONDARY,
    "secondary": RoundType.SECONDARY,
    "equitycrowdfunding": RoundType.CROWDFUNDING,
    "productcrowdfunding": RoundType.CROWDFUNDING,
    "crowdfunding": RoundType.CROWDFUNDING,
    "initialcoinoffering": RoundType.ICO,
    "ico": RoundType.ICO,
    "nonequityassistance": RoundType.GRANT,
    "venture": RoundType.UNKNOWN,
    "venturesseriesunknown": RoundType.UNKNOWN,
    "seriesdplus": Stage.SERIES_D_PLUS,
    "postipo": RoundType.POST_IPO,
    "seriesd+": Stage.SERIES_D_PLUS,
    "lateventure": Stage.GROWTH,
    "ventureseriesunknown": RoundType.UNKNOWN,
    "seriesunknown": RoundType.UNKNOWN,
    "fundinground": RoundType.UNKNOWN,
    "undisclosed": RoundType.UNKNOWN,
    "acquired": Stage.ACQUIRED,
    "acquisition": Stage.ACQUIRED,
    "m&a": Stage.ACQUIRED,
    "ma": Stage.ACQUIRED,
    "exit": Stage.ACQUIRED,
    "プレシード": Stage.PRE_SEED,
    "シード": Stage.SEED,
    "エンジェル": RoundType.ANGEL,
    "助成金": RoundType.GRANT,
    "補助金": RoundType.GRANT,
    "融資": RoundType.DEBT,
    "借入": RoundType.DEBT,
    "デット": RoundType.DEBT,
    "jkiss": RoundType.CONVERTIBLE_NOTE,
    "jkiss型新株予約権": RoundType.CONVERTIBLE_NOTE,
    "転換社債": RoundType.CONVERTIBLE_NOTE,
    "事業会社": RoundType.CORPORATE,
    "cvc": RoundType.CORPORATE,
    "上場": Stage.PUBLIC,
    "上場済み": Stage.PUBLIC,
    "買収": Stage.ACQUIRED,
    "買収済み": Stage.ACQUIRED,
    "レイター": Stage.GROWTH,
    "レイターステージ": Stage.GROWTH,
    "グロース": Stage.GROWTH,
    "ミドル": Stage.SERIES_B,
    "アーリー": Stage.SERIES_A,
    "その他": Stage.OTHER,
    "other": Stage.OTHER,
}
_SERIES = re.compile(r"^(?:series|シリーズ|round)([a-k])(\d*)\+?$")
_SERIES_STAGES = {"a": Stage.SERIES_A, "b": Stage.SERIES_B, "c": Stage.SERIES_C}


def _round_key(value: Cell) -> str:
    return re.sub(r"[\s\-_/()・]+", "", clean_text(value).casefold())


def parse_round_type(value: Cell) -> str:
    """Crunchbase 'Last Funding Type' / round type ('Series A', 'Seed', 'シリーズA', 'Grant') -> stored type."""
    full = _round_key(value)
    if not full:
        raise InvalidInput("empty funding type")
    key = re.sub(r"(ラウンド|round|funding|financing)$", "", full) or full
    for candidate in (full, key):
        if candidate in _ROUND_WORDS:
            return str(_ROUND_WORDS[candidate])
    match = _SERIES.match(key) or _SERIES.match("series" + key)
    if match:
        return str(_SERIES_STAGES.get(match[1], Stage.SERIES_D_PLUS))
    raise InvalidInput(
        "'{value}' is not a funding stage (e.g. Seed, Series A, シリーズB)", value=shown(value)
    )


def parse_stage(value: Cell) -> Stage:
    """Company stage from a stage or round-type cell ('Series B', 'シード', 'Post-IPO Equity', 'Public')."""
    return stage_for_round(parse_round_type(value))
