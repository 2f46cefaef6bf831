"""Yes/no cells: 'yes', 'lead', '✓', 'はい', '○' are true; 'no', '', '×' are false."""

from __future__ import annotations

from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput

_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "lead", "はい", "○", "◯", "リード", "主幹事"}
_FALSE = {"no", "n", "false", "0", "", "いいえ", "×", "-"}


def parse_flag(value: Cell) -> bool:
    """Yes/no cells: 'yes', 'lead', '✓', 'はい', '○' are true; 'no', '', '×' are false."""
    key = clean_text(value).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidInput("'{value}' is not yes or no", value=shown(value))
