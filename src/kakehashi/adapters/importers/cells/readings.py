"""Reading cells (フリガナ, ヨミ, カナ): katakana, hiragana or half-width kana -> full-width katakana.

jaconv does the width and script conversion; a reading in romaji or Latin letters is kept as written.
"""

from __future__ import annotations

import jaconv

from kakehashi.adapters.importers.cells.text import Cell, clean_text


def parse_reading(value: Cell) -> str | None:
    """'ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾂﾋﾞｼ', 'みつびしでんき', 'ミツビシ　デンキ' -> 'カブシキガイシャ ミツビシ', 'ミツビシデンキ', ..."""
    text = " ".join(jaconv.h2z(clean_text(value), kana=True, ascii=False, digit=False).split())
    return jaconv.hira2kata(text) or None
