"""Organizations, funding rounds, investors and deals: what imports and the index write and read."""

from __future__ import annotations

from typing import Protocol


class CatalogRepository(Protocol):
    """Organizations, funding rounds, investors and deals: what imports and the index write and read."""
