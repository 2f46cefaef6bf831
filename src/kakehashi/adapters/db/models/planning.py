"""Delegation missions: days, slots, venues, travel, participants, meeting requests and schedule versions.

Every mission-scoped row keeps the `key` it had in the JSON exchange format, so an instance exported
from the database reads the same as the one imported and schedules refer to ids people recognise.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kakehashi.adapters.db.base import Base, TimestampMixin, utcnow


class Mission(TimestampMixin, Base):
    """A delegation visit (訪問団): a set of days, venues, participants and their meeting requests."""

    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_ja: Mapped[str | None] = mapped_column(String(300))
    organizer_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jerusalem")  # venues' local time
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | planned | closed
    extra: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]  # unknown instance keys, kept

    days: Mapped[list[MissionDay]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionDay.day"
    )
    slots: Mapped[list[MissionSlot]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionSlot.position"
    )
    venues: Mapped[list[MissionVenue]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionVenue.position"
    )
    travel: Mapped[list[MissionTravel]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionTravel.position"
    )
    participants: Mapped[list[MissionParticipant]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionParticipant.position"
    )
    interpreters: Mapped[list[MissionInterpreter]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionInterpreter.position"
    )
    requests: Mapped[list[MeetingRequest]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MeetingRequest.position"
    )
    versions: Mapped[list[ScheduleVersion]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="ScheduleVersion.number"
    )


class MissionDay(Base):
    __tablename__ = "mission_days"
    __table_args__ = (UniqueConstraint("mission_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))

    mission: Mapped[Mission] = relationship(back_populates="days")


class MissionSlot(Base):
    """A time window in which meetings run; times are local to the mission's time zone."""

    __tablename__ = "mission_slots"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("mission_days.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    mission: Mapped[Mission] = relationship(back_populates="slots")
    day: Mapped[MissionDay] = relationship(lazy="joined")


class MissionVenue(Base):
    """Where hosts receive delegates; capacity is how many meetings can run there at once."""

    __tablename__ = "mission_venues"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    name_ja: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int] = mapped_column(Integer, default=1)

    mission: Mapped[Mission] = relationship(back_populates="venues")


class MissionTravel(Base):
    """Minutes to travel between two venues (symmetric; stored once per pair as given)."""

    __tablename__ = "mission_travel"
    __table_args__ = (UniqueConstraint("mission_id", "from_venue_id", "to_venue_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    from_venue_id: Mapped[int] = mapped_column(ForeignKey("mission_venues.id", ondelete="CASCADE"))
    to_venue_id: Mapped[int] = mapped_column(ForeignKey("mission_venues.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer)

    mission: Mapped[Mission] = relationship(back_populates="travel")
    from_venue: Mapped[MissionVenue] = relationship(foreign_keys=[from_venue_id], lazy="joined")
    to_venue: Mapped[MissionVenue] = relationship(foreign_keys=[to_venue_id], lazy="joined")


class MissionInterpreter(Base):
    """An interpreter of the mission: one meeting at a time, in the languages listed."""

    __tablename__ = "mission_interpreters"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    languages: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]
    available: Mapped[list | None] = mapped_column()  # type: ignore[type-arg]  # slot keys; null = every slot

    mission: Mapped[Mission] = relationship(back_populates="interpreters")


class MissionParticipant(Base):
    """A delegate team or a host; a host receives meetings at its venue."""

    __tablename__ = "mission_participants"
    __table_args__ = (UniqueConstraint("mission_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(10))  # delegate | host
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))  # team name
    name_ja: Mapped[str | None] = mapped_column(String(300))
    organization_name: Mapped[str | None] = mapped_column(String(300))
    contacts: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]  # [{name, email, phone}]
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("mission_venues.id", ondelete="SET NULL"))
    available: Mapped[list | None] = mapped_column()  # type: ignore[type-arg]  # slot keys; null = every slot
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]  # ISO 639-1 codes
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | withdrawn

    mission: Mapped[Mission] = relationship(back_populates="participants")
    venue: Mapped[MissionVenue | None] = relationship(lazy="joined")


class MeetingRequest(Base):
    """A wish to meet (面談希望) between a delegate and a host, with a weight; mandatory ones must happen."""

    __tablename__ = "meeting_requests"
    __table_args__ = (UniqueConstraint("mission_id", "delegate_id", "host_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("mission_participants.id", ondelete="CASCADE"))
    host_id: Mapped[int] = mapped_column(ForeignKey("mission_participants.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter: Mapped[str | None] = mapped_column(String(50))  # None: not needed; "": any; "ja-he": pair
    origin: Mapped[str] = mapped_column(
        String(10), default="organizer"
    )  # delegate | host | mutual | organizer
    # pending | accepted | declined | expired | cancelled; only accepted requests are planned
    status: Mapped[str] = mapped_column(String(10), default="accepted", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)

    mission: Mapped[Mission] = relationship(back_populates="requests")
    delegate: Mapped[MissionParticipant] = relationship(foreign_keys=[delegate_id], lazy="joined")
    host: Mapped[MissionParticipant] = relationship(foreign_keys=[host_id], lazy="joined")


class ScheduleVersion(Base):
    """One solved or repaired schedule of a mission; versions form a history through `parent_id`."""

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("mission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # solve | repair
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("schedule_versions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12))  # optimal | feasible | infeasible
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    stats: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]
    unscheduled: Mapped[list] = mapped_column(default=list)  # type: ignore[type-arg]  # [{delegate, host, reason}]
    changes: Mapped[dict] = mapped_column(default=dict)  # type: ignore[type-arg]  # kept/moved/added/dropped

    mission: Mapped[Mission] = relationship(back_populates="versions")
    meetings: Mapped[list[ScheduledMeeting]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ScheduledMeeting.id"
    )


class ScheduledMeeting(Base):
    """A meeting placed in a slot at a venue; `uid` comes from mission + delegate + host, so it survives repairs."""

    __tablename__ = "scheduled_meetings"
    __table_args__ = (UniqueConstraint("version_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_versions.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_requests.id", ondelete="SET NULL"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("mission_participants.id", ondelete="CASCADE"))
    host_id: Mapped[int] = mapped_column(ForeignKey("mission_participants.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("mission_slots.id", ondelete="CASCADE"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("mission_venues.id", ondelete="CASCADE"))
    interpreter: Mapped[str | None] = mapped_column(String(200))
    uid: Mapped[str] = mapped_column(String(100), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE: bumped when it moves

    version: Mapped[ScheduleVersion] = relationship(back_populates="meetings")
    delegate: Mapped[MissionParticipant] = relationship(foreign_keys=[delegate_id], lazy="joined")
    host: Mapped[MissionParticipant] = relationship(foreign_keys=[host_id], lazy="joined")
    slot: Mapped[MissionSlot] = relationship(lazy="joined")
    venue: Mapped[MissionVenue] = relationship(lazy="joined")
