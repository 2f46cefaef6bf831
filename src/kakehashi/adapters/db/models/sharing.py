"""Which organization shares its private data (needs, shortlists, notes, pipeline, meeting requests) with
which organizer organization: the organizer scope's only source of cross-tenant reading."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from kakehashi.adapters.db.base import Base, utcnow


class OrganizerShare(Base):
    """One organization's consent that one organizer organization reads its private data."""

    __tablename__ = "organizer_shares"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    organizer_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
