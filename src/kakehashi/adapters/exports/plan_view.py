"""A read-only picture of one schedule version that every export renders (.ics, XLSX, printable pages).

Built by `services.missions.plan_view` from the database; kept free of ORM objects so exports stay
pure functions of plain data and can be tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from kakehashi.domain.errors import (
    Listing,
    Msg,
    NotFound,
    params_from_json,
    params_to_json,
    render,
    render_in,
)
from kakehashi.domain.planning import Unscheduled

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def has_japanese(text: str | None) -> bool:
    return bool(text and _JAPANESE.search(text))


@dataclass(frozen=True)
class PartyView:
    key: str
    name: str
    role: str  # delegate | host
    organization: str | None = None
    name_ja: str | None = None
    venue: str | None = None  # venue key, hosts only
    contacts: tuple[str, ...] = ()

    @property
    def japanese_name(self) -> str | None:
        """A Japanese rendering of the party when one exists (its name_ja, else a Japanese organization)."""
        if self.name_ja:
            return self.name_ja
        if has_japanese(self.organization):
            return self.organization
        return self.name if has_japanese(self.name) else None

    @property
    def label(self) -> str:
        if self.organization and self.organization != self.name:
            return f"{self.name} ({self.organization})"
        return self.name


@dataclass(frozen=True)
class VenueView:
    key: str
    name: str
    city: str | None = None
    address: str | None = None
    capacity: int = 1

    @property
    def location(self) -> str:
        parts = [self.name]
        if self.address:
            parts.append(self.address)
        if self.city and self.city not in self.name:
            parts.append(self.city)
        return ", ".join(parts)


@dataclass(frozen=True)
class SlotView:
    key: str
    day: date
    start: time
    end: time

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()} {self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class MeetingView:
    uid: str  # stable across repairs: mission + delegate + host
    delegate: str
    host: str
    slot: str
    venue: str
    sequence: int = 0
    cancelled: bool = False  # present in an earlier version, gone from this one
    interpreter: str | None = None


@dataclass(frozen=True)
class RequestView:
    delegate: str
    host: str
    weight: float
    mandatory: bool
    status: str = "accepted"  # pending | accepted | declined | expired | cancelled | withdrawn


@dataclass(frozen=True)
class UnscheduledView:
    """A request left out: `reason` in English, `msgid` + `params` the same reason for translation
    (`message(translate)`)."""

    delegate: str
    host: str
    reason: str
    msgid: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, unscheduled: Unscheduled) -> UnscheduledView:
        return cls(
            unscheduled.delegate, unscheduled.host, unscheduled.reason, unscheduled.msgid, unscheduled.params
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UnscheduledView:
        """From a stored `Unscheduled.to_dict()` (older rows have no msgid: the English text is shown)."""
        return cls.of(Unscheduled.from_dict(data))

    def message(self, translate: Callable[[str], str] | None = None) -> str:
        """The reason in the reader's language (`translate`: a message id to the catalog's text); English
        without one, and for an older reason stored without a message id."""
        if translate is None or not self.msgid:
            return self.reason
        return render_in(self.msgid, self.params, translate)


@dataclass(frozen=True)
class PlanView:
    mission_id: int
    name: str
    timezone: str
    version: int | None
    created_at: datetime
    participants: dict[str, PartyView]
    venues: dict[str, VenueView]
    slots: dict[str, SlotView]
    meetings: tuple[MeetingView, ...] = ()
    unscheduled: tuple[UnscheduledView, ...] = ()
    requests: tuple[RequestView, ...] = ()
    status: str = ""
    withdrawn: frozenset[str] = frozenset()  # participants who dropped out
    objective: float | None = None
    bound: float | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def stamp(self) -> datetime:
        """When this version was made, in UTC (iCalendar DTSTAMP)."""
        moment = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=UTC)
        return moment.astimezone(UTC)

    def starts(self, slot_key: str) -> datetime:
        slot = self.slots[slot_key]
        return datetime.combine(slot.day, slot.start, tzinfo=self.zone)

    def ends(self, slot_key: str) -> datetime:
        slot = self.slots[slot_key]
        return datetime.combine(slot.day, slot.end, tzinfo=self.zone)

    def participant(self, key: str) -> PartyView:
        try:
            return self.participants[key]
        except KeyError:
            raise NotFound(
                "no participant {key!r} in mission {mission_id}", key=key, mission_id=self.mission_id
            ) from None

    def active_meetings(self) -> list[MeetingView]:
        """Meetings that take place, in time order."""
        order = {key: index for index, key in enumerate(self.slot_order())}
        return sorted(
            (m for m in self.meetings if not m.cancelled), key=lambda m: (order[m.slot], m.venue, m.uid)
        )

    def meetings_of(self, key: str, *, include_cancelled: bool = False) -> list[MeetingView]:
        order = {slot: index for index, slot in enumerate(self.slot_order())}
        chosen = [
            m for m in self.meetings if key in (m.delegate, m.host) and (include_cancelled or not m.cancelled)
        ]
        return sorted(chosen, key=lambda m: (m.cancelled, order.get(m.slot, 0), m.uid))

    def other_party(self, meeting: MeetingView, key: str) -> PartyView:
        return self.participants[meeting.host if meeting.delegate == key else meeting.delegate]

    def slot_order(self) -> list[str]:
        return [s.key for s in sorted(self.slots.values(), key=lambda s: (s.day, s.start, s.key))]

    def days(self) -> list[date]:
        return sorted({s.day for s in self.slots.values()})


# Why a request that the planner never saw is not in the schedule: message ids, translated by the pages.
_STATUS_REASONS = {
    "pending": Msg("waiting for the other side to accept the request"),
    "declined": Msg("the other side declined the request"),
    "expired": Msg("the request expired before the other side answered"),
    "cancelled": Msg("cancelled"),
}
_DROPPED_OUT = Msg("{names} dropped out")
_SOMEONE_DROPPED_OUT = Msg("a participant dropped out")
_AND = Msg(" and ")  # between the names of the two sides of a request
_ADDED_LATER = Msg("added after this schedule version was planned (run the planner or a repair)")


def reason_text(row: Mapping[str, object], translate: Callable[[str], str] | None = None) -> str:
    """A team summary row's reason in the reader's language (`translate`: a message id to the catalog's
    text); without a translation function, or for a reason stored without a message id, the English."""
    english = str(row.get("reason", ""))
    msgid = row.get("reason_msgid")
    params = row.get("reason_params")
    if translate is None or not isinstance(msgid, str) or not msgid:
        return english
    return render_in(msgid, params_from_json(params) if isinstance(params, Mapping) else {}, translate)


def _status_reason(request: RequestView, plan: PlanView) -> tuple[str, dict[str, Any]]:
    """The reason (message id, parameters) for a request left out because of its status."""
    if request.status == "withdrawn":
        gone = [p for p in (request.delegate, request.host) if p in plan.withdrawn]
        names = [plan.participants[p].name if p in plan.participants else p for p in gone]
        return (_DROPPED_OUT, {"names": Listing(names, _AND)}) if names else (_SOMEONE_DROPPED_OUT, {})
    if request.status in _STATUS_REASONS:
        return _STATUS_REASONS[request.status], {}
    return _ADDED_LATER, {}


def team_summary(plan: PlanView) -> list[dict[str, object]]:
    """For each team: what it asked for and what it got, with the reason for anything it did not get.

    A row left out has `reason` (English), and `reason_msgid` + `reason_params`, the same reason for
    translation (`reason_text`); `reason_msgid` is "" for a reason stored before reasons had message ids.
    """
    placed = {(m.delegate, m.host): m for m in plan.meetings if not m.cancelled}
    reasons = {(u.delegate, u.host): u for u in plan.unscheduled}
    teams: list[dict[str, object]] = []
    for party in plan.participants.values():
        asked = [r for r in plan.requests if party.key in (r.delegate, r.host)]
        rows: list[dict[str, object]] = []
        for request in asked:
            other = request.host if request.delegate == party.key else request.delegate
            meeting = placed.get((request.delegate, request.host))
            row: dict[str, object] = {
                "with": other,
                "with_name": plan.participants[other].name if other in plan.participants else other,
                "weight": request.weight,
                "mandatory": request.mandatory,
                "request_status": request.status,
                "scheduled": meeting is not None,
            }
            if meeting is not None:
                row["slot"] = meeting.slot
                row["when"] = plan.slots[meeting.slot].label
                row["venue"] = meeting.venue
                row["venue_name"] = (
                    plan.venues[meeting.venue].name if meeting.venue in plan.venues else meeting.venue
                )
            else:
                left_out = reasons.get((request.delegate, request.host))
                if left_out is not None and left_out.reason:
                    msgid, params = left_out.msgid, dict(left_out.params)
                    row["reason"] = left_out.reason
                else:
                    msgid, params = _status_reason(request, plan)
                    row["reason"] = render(msgid, params)
                row["reason_msgid"] = msgid
                row["reason_params"] = params_to_json(params)  # plain JSON: rule names stay message ids
            rows.append(row)
        got = sum(1 for row in rows if row["scheduled"])
        weight_asked = sum(r.weight for r in asked if r.status in ("accepted", "withdrawn"))
        weight_got = sum(r.weight for r in asked if (r.delegate, r.host) in placed)
        teams.append(
            {
                "participant": party.key,
                "name": party.name,
                "organization": party.organization,
                "role": party.role,
                "asked": len(asked),
                "got": got,
                "meetings": len(plan.meetings_of(party.key)),
                "weight_asked": weight_asked,
                "weight_got": weight_got,
                "share": round(weight_got / weight_asked, 4) if weight_asked else None,
                "requests": rows,
            }
        )
    return teams
