"""Accounts, sign-in attempts, sessions and the audit log."""

from __future__ import annotations

from typing import Protocol


class AccountsRepository(Protocol):
    """Accounts, sign-in attempts, sessions and the audit log."""
