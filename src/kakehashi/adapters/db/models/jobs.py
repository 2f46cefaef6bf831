"""Background jobs: the source of truth for every web worker (the queue library only carries job ids)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kakehashi.adapters.db.base import Base, utcnow


class Job(Base):
    """One job. `lock_key` is set while the job is queued or running and cleared when it ends: its unique
    constraint is the database's guard that two planner runs of one mission never overlap (NULLs never
    collide, on SQLite and PostgreSQL alike)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), index=True)
    subject: Mapped[str | None] = mapped_column(String(60), index=True)
    lock_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    params: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    phase: Mapped[str] = mapped_column(String(80), default="")
    result: Mapped[dict | None] = mapped_column()  # type: ignore[type-arg]
    error_message: Mapped[str | None] = mapped_column(String(500))
    error_params: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(Integer)
    worker: Mapped[str | None] = mapped_column(String(120))
