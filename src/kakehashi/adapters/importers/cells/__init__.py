"""Cell parsers: the text of one spreadsheet cell -> a typed value, or InvalidInput naming the value.

Each parser accepts the forms found in real exports (Crunchbase, Japanese Excel sheets, hand-made lists);
the importers turn a refusal into a warning that names the row, the column and the value.
"""

from kakehashi.adapters.importers.cells.dates import parse_date
from kakehashi.adapters.importers.cells.employees import parse_employees
from kakehashi.adapters.importers.cells.flags import parse_flag
from kakehashi.adapters.importers.cells.funding import parse_round_type, parse_stage
from kakehashi.adapters.importers.cells.money import MAX_AMOUNT, detect_currency, parse_currency, parse_money
from kakehashi.adapters.importers.cells.organizations import parse_kind, parse_status, parse_website
from kakehashi.adapters.importers.cells.places import parse_country, parse_location
from kakehashi.adapters.importers.cells.readings import parse_reading
from kakehashi.adapters.importers.cells.text import Cell, clean_text, is_japanese

__all__ = [
    "MAX_AMOUNT",
    "Cell",
    "clean_text",
    "detect_currency",
    "is_japanese",
    "parse_country",
    "parse_currency",
    "parse_date",
    "parse_employees",
    "parse_flag",
    "parse_kind",
    "parse_location",
    "parse_money",
    "parse_reading",
    "parse_round_type",
    "parse_stage",
    "parse_status",
    "parse_website",
]
