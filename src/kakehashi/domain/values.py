"""Transitional: the old import path of the domain names that lived here, kept while other branches move.

Import from the new homes instead: `domain.imports.RowError`, `domain.money` (Money, to_usd, RATES_TO_USD),
`domain.gazetteer.Location`, `domain.organizations` (RoundType, stage_for_round). The cell parsers moved
to `kakehashi.adapters.importers.cells` and are deliberately not re-exported (domain imports no adapters).
"""

from kakehashi.domain.gazetteer import Location
from kakehashi.domain.imports import RowError
from kakehashi.domain.money import RATES_TO_USD, Money, to_usd
from kakehashi.domain.organizations import RoundType, stage_for_round

__all__ = ["RATES_TO_USD", "Location", "Money", "RoundType", "RowError", "stage_for_round", "to_usd"]
