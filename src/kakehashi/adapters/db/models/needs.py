"""Technology needs of corporations (confidential unless an open call) and feedback on their matches."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kakehashi.adapters.db.base import Base, TimestampMixin


class Need(TimestampMixin, Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )  # the corporation that owns the need; confidentiality is per organization
    created_by_user_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="ja")  # ja | en
    visibility: Mapped[str] = mapped_column(String(10), default="private")  # private | open
    sectors: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]  # taxonomy slugs
    technologies: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
    constraints: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]  # stages, founded range, japan_presence


class NeedFeedback(TimestampMixin, Base):
    """A relevant / not relevant judgement on one startup for one need; re-ranks that need's matches."""

    __tablename__ = "need_feedback"
    __table_args__ = (UniqueConstraint("need_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    relevant: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[int | None] = mapped_column(Integer)
