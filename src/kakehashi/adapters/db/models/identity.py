"""Identity resolution: merges (with the snapshot that undoes them) and suggestions a person reviews."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kakehashi.adapters.db.base import Base, utcnow


class IdentityMerge(Base):
    """`merged_id` was folded into `survivor_id`; `snapshot` holds the merged row and every moved reference.

    No foreign keys to organizations: the merged organization is deleted by the merge and comes back, with
    the same id, when the merge is undone."""

    __tablename__ = "identity_merges"
    __table_args__ = (Index("ix_identity_merges_survivor_id", "survivor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(Integer)
    merged_id: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
    merged_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column()
    snapshot: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]


class IdentitySuggestion(Base):
    """A pair (lower id first) that may be the same company: pending, accepted or rejected (never again)."""

    __tablename__ = "identity_suggestions"
    __table_args__ = (UniqueConstraint("organization_a_id", "organization_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_a_id: Mapped[int] = mapped_column(Integer)
    organization_b_id: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
