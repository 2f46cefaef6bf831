"""In-memory stand-in for services.repositories.catalog (service unit tests only)."""

from __future__ import annotations


class FakeCatalogRepository:
    """Keeps rows in plain dicts and lists; filled in as services move onto the repository."""
