"""What an import reports back about its file: the rows it rejected and the values it could not read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kakehashi.domain.errors import render


@dataclass(frozen=True, slots=True)
class RowError:
    """One cell (or row) of a file that could not be used, as a message id the edge translates.

    A rejected row (no usable name) and a value left empty (an unknown stage label, a date like 2020-31-31)
    are both reported this way; `value` is the cell as written, shortened for display.
    """

    row: int  # spreadsheet row: header is row 1, first data row 2
    column: str  # header text as written in the file
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    value: str | None = None

    @property
    def message(self) -> str:
        """The message in English (the message id with its parameters filled in)."""
        return render(self.msgid, self.params)

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"
