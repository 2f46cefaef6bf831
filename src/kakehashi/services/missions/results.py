"""What the mission services hand back: plain frozen records the pages, the API and the CLI render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kakehashi.domain.errors import InvalidInput, Listing, Msg, Phrase, render
from kakehashi.domain.planning import Meeting, Request, Said, Schedule, Unscheduled, trade_summary
from kakehashi.services.repositories.missions import MissionItem, RequestRecord


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """One stored schedule version: how good it is and what changed from its parent."""

    mission_id: int
    number: int
    kind: str  # solve | repair
    status: str
    objective: float
    bound: float
    meetings: int
    unscheduled: int
    created_at: datetime
    parent_number: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    @property
    def trade(self) -> list[Said]:
        """What the solve traded, in sentences: weight, bound and gap, what compact days cost, fairness."""
        return trade_summary(self.stats)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mission_id": self.mission_id,
            "version": self.number,
            "kind": self.kind,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": round(self.gap, 6),
            "meetings": self.meetings,
            "unscheduled": self.unscheduled,
            "created_at": self.created_at.isoformat(),
            "parent": self.parent_number,
            "changes": self.changes,
            "summary": [str(line) for line in self.trade],
        }


@dataclass(frozen=True, slots=True)
class StoredSchedule:
    """The latest (or a chosen) version with its schedule in the exchange format."""

    summary: VersionSummary
    schedule: Schedule
    uids: dict[tuple[str, str], str]  # (delegate, host) -> stable meeting UID


@dataclass(frozen=True, slots=True)
class MissionDetail:
    """One mission as its page and the API show it: summary, instance (exchange format), versions."""

    item: MissionItem
    instance: dict[str, Any]
    versions: list[VersionSummary]
    requests: list[RequestItem]


@dataclass(frozen=True, slots=True)
class RepairChanges:
    """What happened since the last schedule: cancelled requests, participants gone, requests added late."""

    cancellations: tuple[tuple[str, str], ...] = ()  # (delegate, host)
    dropouts: tuple[str, ...] = ()  # participant ids (usually hosts) who can no longer take part
    late_requests: tuple[Request, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.cancellations or self.dropouts or self.late_requests)


@dataclass(frozen=True, slots=True)
class MoveReport:
    """How a repaired schedule differs from the one it repairs; every unaffected meeting is `kept`."""

    kept: tuple[Meeting, ...]
    moved: tuple[tuple[Meeting, Meeting], ...]  # (before, after)
    added: tuple[Meeting, ...]
    dropped: tuple[Unscheduled, ...]
    dropped_from: tuple[Meeting, ...] = ()  # where each dropped meeting was, in the same order

    def to_dict(self) -> dict[str, Any]:
        """The planner's RepairReport shape; dropped entries also say the slot and venue they had."""
        places = {m.key: m for m in self.dropped_from}
        dropped = []
        for u in self.dropped:
            entry = u.to_dict()
            if (u.delegate, u.host) in places:
                entry["slot"] = places[(u.delegate, u.host)].slot
                entry["venue"] = places[(u.delegate, u.host)].venue
            dropped.append(entry)
        return {
            "kept": [m.to_dict() for m in self.kept],
            "moved": [{"from": before.to_dict(), "to": after.to_dict()} for before, after in self.moved],
            "added": [m.to_dict() for m in self.added],
            "dropped": dropped,
        }


@dataclass(frozen=True, slots=True)
class RepairOutcome:
    summary: VersionSummary | None  # None for file-to-file repairs
    schedule: Schedule
    report: MoveReport


@dataclass(frozen=True, slots=True)
class RequestItem:
    """A meeting request as the organizer and both sides see it."""

    id: int
    delegate: str
    host: str
    weight: float
    mandatory: bool
    origin: str
    status: str
    created_at: datetime
    expires_at: datetime | None
    note: str | None

    @classmethod
    def of(cls, r: RequestRecord) -> RequestItem:
        return cls(
            id=r.id,
            delegate=r.delegate,
            host=r.host,
            weight=r.weight,
            mandatory=r.mandatory,
            origin=r.origin,
            status=r.status,
            created_at=r.created_at,
            expires_at=r.expires_at,
            note=r.note,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a valid instance makes impossible: an error for a mandatory meeting, else a warning.

    `message` is the English text; `msgid` and `params` the same for translation (`Finding.of`)."""

    severity: str  # error | warning
    message: str
    msgid: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, severity: str, msgid: str, /, **params: Any) -> Finding:
        return cls(severity, render(msgid, params), msgid, params)


# Between the refusals of ChangesRefused, each a sentence of its own in Japanese.
_NEXT_PROBLEM = Msg("; ")


class ChangesRefused(InvalidInput):
    """Every reason a set of repair changes is refused at once; each is a message id of its own.

    The edge translates them all (`{problems}` is a `Listing` of phrases); `str()` lists them in English."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "{problems}",
            problems=Listing((Phrase(p.msgid, **p.params) for p in problems), _NEXT_PROBLEM),
        )

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)
