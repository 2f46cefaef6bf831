"""In-memory stand-in for services.repositories.needs (service unit tests only)."""

from __future__ import annotations


class FakeNeedsRepository:
    """Keeps rows in plain dicts and lists; filled in as services move onto the repository."""
