"""State that several web workers share through the database: the catalogue change log their search
indexes follow, and the request counters of the rate limiter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kakehashi.adapters.db.base import Base, utcnow


class SearchChange(Base):
    """One organization whose catalogue rows changed; ids grow in commit order (see the repository)."""

    __tablename__ = "search_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateLimitCounter(Base):
    """Requests of one key (action and user) in the fixed window starting at `window_start` (epoch s)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
