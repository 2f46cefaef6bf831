"""The counts a curator checks after an import."""

from __future__ import annotations

from kakehashi.services.repositories.catalog import CatalogStats
from kakehashi.services.unit_of_work import UnitOfWork


def catalog_stats(uow: UnitOfWork) -> CatalogStats:
    """Organizations by kind, country and sector; funding rounds, deals, demo organizations, import batches."""
    with uow:
        return uow.catalog.stats()
