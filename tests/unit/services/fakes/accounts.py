"""In-memory stand-in for services.repositories.accounts (service unit tests only)."""

from __future__ import annotations


class FakeAccountsRepository:
    """Keeps rows in plain dicts and lists; filled in as services move onto the repository."""
