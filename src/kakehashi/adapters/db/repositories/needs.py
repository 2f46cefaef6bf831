"""SQLAlchemy implementation of services.repositories.needs.NeedsRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyNeedsRepository:
    """Technology needs and the feedback on their matches."""

    def __init__(self, session: Session) -> None:
        self.session = session
