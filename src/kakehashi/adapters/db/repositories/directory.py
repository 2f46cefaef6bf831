"""SQLAlchemy implementation of services.repositories.directory.DirectoryQueries."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyDirectoryQueries:
    """Read-side queries over the catalogue: filtered lists, facet counts, one profile."""

    def __init__(self, session: Session) -> None:
        self.session = session
