"""SQLAlchemy implementation of services.repositories.missions.MissionsRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyMissionsRepository:
    """Missions with their participants, venues, slots, requests and schedule versions."""

    def __init__(self, session: Session) -> None:
        self.session = session
