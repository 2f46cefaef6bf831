"""SQLAlchemy implementation of services.repositories.accounts.AccountsRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyAccountsRepository:
    """Accounts, sign-in attempts, sessions and the audit log."""

    def __init__(self, session: Session) -> None:
        self.session = session
