"""SQLAlchemy implementation of services.repositories.catalog.CatalogRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyCatalogRepository:
    """Organizations, funding rounds, investors and deals: what imports and the index write and read."""

    def __init__(self, session: Session) -> None:
        self.session = session
