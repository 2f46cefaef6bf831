"""What an import reports back about its file: the cells and rows that could not be used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one cell (or row) of a file was rejected, in the words and numbers the user sees."""

    row: int  # spreadsheet row: header is row 1, first data row 2
    column: str  # header text as written in the file
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A cell that could not be used while its row was kept (a damaged identifier, an unknown label)."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"
