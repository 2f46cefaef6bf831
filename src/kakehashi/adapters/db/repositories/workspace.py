"""SQLAlchemy implementation of services.repositories.workspace.WorkspaceRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAlchemyWorkspaceRepository:
    """Shortlists, notes, engagements, meeting requests, saved searches and alerts."""

    def __init__(self, session: Session) -> None:
        self.session = session
