"""Read-side queries over the catalogue: filtered lists, facet counts, one profile."""

from __future__ import annotations

from typing import Protocol


class DirectoryQueries(Protocol):
    """Read-side queries over the catalogue: filtered lists, facet counts, one profile."""
