"""People who sign in, what they did (audit), and their private workspace: shortlists, notes, pipeline,
saved searches with alerts, and meeting requests between organizations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kakehashi.adapters.db.base import Base, TimestampMixin, utcnow


class User(Base):
    """A person who signs in; belongs to exactly one organization, whose data they see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, never the password
    display_name: Mapped[str] = mapped_column(String(200), default="")
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))  # admin | organizer | member | viewer
    locale: Mapped[str] = mapped_column(String(5), default="ja")  # ja | en
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised on password change or deactivation: every token and session issued before stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()


class LoginAttempt(Base):
    """One sign-in attempt; kept in the database so throttling holds across worker processes."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    ip: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditLog(Base):
    """Who viewed or changed a confidential object (needs first of all), when, and from where."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organization_id: Mapped[int | None] = mapped_column()  # the actor's organization at the time
    action: Mapped[str] = mapped_column(String(10))  # view | create | update | delete
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ip: Mapped[str | None] = mapped_column(String(64))


class Shortlist(TimestampMixin, Base):
    """Startups an organization keeps for follow-up (候補リスト)."""

    __tablename__ = "shortlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    items: Mapped[list[ShortlistItem]] = relationship(
        back_populates="shortlist", cascade="all, delete-orphan", order_by="ShortlistItem.id"
    )


class ShortlistItem(Base):
    __tablename__ = "shortlist_items"
    __table_args__ = (UniqueConstraint("shortlist_id", "startup_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shortlist_id: Mapped[int] = mapped_column(ForeignKey("shortlists.id", ondelete="CASCADE"), index=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    shortlist: Mapped[Shortlist] = relationship(back_populates="items")


class Note(TimestampMixin, Base):
    """A private note of one organization about a company, optionally in the context of a need."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    subject_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Engagement(TimestampMixin, Base):
    """A corporation's pipeline entry for one startup (identified ... R&D centre); history in events."""

    __tablename__ = "engagements"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    startup_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(20), default="identified")

    events: Mapped[list[EngagementEvent]] = relationship(
        back_populates="engagement", cascade="all, delete-orphan", order_by="EngagementEvent.id"
    )


class EngagementEvent(Base):
    """One step in an engagement's history: stage change (or a remark) by whom and when."""

    __tablename__ = "engagement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    engagement: Mapped[Engagement] = relationship(back_populates="events")


class SavedSearch(TimestampMixin, Base):
    """A query a user keeps; with `alert` on, new matching startups raise in-app (and e-mail) alerts."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]
    alert: Mapped[bool] = mapped_column(Boolean, default=False)
    last_checked_at: Mapped[datetime | None] = mapped_column()
    last_seen_ids: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]


class Alert(Base):
    """New startups matching a saved search since it was last checked."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    organization_ids: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()


class ContactRequest(Base):
    """A meeting request (面談希望) from one organization to another; expires when nobody answers."""

    __tablename__ = "contact_requests"
    __table_args__ = (Index("ix_contact_requests_status_expires", "status", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    to_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|accepted|declined|expired
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    responded_at: Mapped[datetime | None] = mapped_column()
    response: Mapped[str] = mapped_column(Text, default="")
