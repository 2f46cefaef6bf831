"""A schedule: the meetings placed, the requests left out (each with a reason as a message id), and figures.

The exchange format is docs/schemas/schedule.schema.json. A left-out request carries its reason twice: as
English text (`reason`, what the file and the logs show) and as a message id with parameters (`msgid`,
`params`), so that a page or the CLI can show it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kakehashi.domain.errors import InvalidInput, params_from_json, params_to_json, render
from kakehashi.domain.planning.model import json_number


class Reason(StrEnum):
    """Why a request was left out: a stable code; `Unscheduled.reason` carries the sentence for people."""

    NO_COMMON_SLOT = "no_common_free_slot"
    HOST_UNAVAILABLE = "host_unavailable"
    DELEGATE_UNAVAILABLE = "delegate_unavailable"
    HOST_FULL = "host_full"
    DELEGATE_FULL = "delegate_full"
    VENUE_FULL = "venue_full"
    TRAVEL_IMPOSSIBLE = "travel_impossible"
    HOST_MAX_MEETINGS = "host_max_meetings"
    DELEGATE_MAX_MEETINGS = "delegate_max_meetings"
    INTERPRETER_UNAVAILABLE = "interpreter_unavailable"
    LOWER_WEIGHT = "lower_weight"
    MANDATORY_CONFLICT = "mandatory_conflict"
    NOT_PLACED = "not_placed"
    CANCELLED = "cancelled"


class ScheduleStatus(StrEnum):
    OPTIMAL = "optimal"  # the placed weight equals a proven upper bound
    FEASIBLE = "feasible"  # every hard rule holds; the gap to the bound is reported
    INFEASIBLE = "infeasible"  # some mandatory meetings cannot all be placed (named in `unscheduled`)


@dataclass(frozen=True, slots=True)
class Meeting:
    """A placed request: the delegate meets the host in a slot, at the host's venue."""

    delegate: str
    host: str
    slot: str
    venue: str
    interpreter: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.delegate, self.host)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "delegate": self.delegate,
            "host": self.host,
            "slot": self.slot,
            "venue": self.venue,
        }
        if self.interpreter is not None:
            data["interpreter"] = self.interpreter
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meeting:
        interp = data.get("interpreter")
        return cls(
            str(data["delegate"]),
            str(data["host"]),
            str(data["slot"]),
            str(data["venue"]),
            str(interp) if interp is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A request left out, with a reason a person understands and its stable code.

    `reason` is the English sentence; `msgid` and `params` are the same reason as a message id with
    `{placeholders}` (empty for reasons read from older files), see `because`.
    """

    delegate: str
    host: str
    reason: str
    code: str = Reason.NOT_PLACED.value
    mandatory: bool = False
    msgid: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def because(
        cls, delegate: str, host: str, code: Reason, msgid: str, /, *, mandatory: bool = False, **params: Any
    ) -> Unscheduled:
        """A left-out request whose reason is the message id `msgid` filled with `params`."""
        return cls(delegate, host, render(msgid, params), code.value, mandatory, msgid, dict(params))

    @property
    def message(self) -> str:
        """The reason as a message id for translation; an older reason without one is its own text."""
        return self.msgid or self.reason

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "delegate": self.delegate,
            "host": self.host,
            "reason": self.reason,
            "code": self.code,
            "mandatory": self.mandatory,
        }
        if self.msgid:
            data["msgid"] = self.msgid
            data["params"] = params_to_json(self.params)  # rule names and phrases stay translatable
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unscheduled:
        params = data.get("params")
        return cls(
            str(data["delegate"]),
            str(data["host"]),
            str(data.get("reason", "")),
            str(data.get("code", Reason.NOT_PLACED.value)),
            bool(data.get("mandatory", False)),
            str(data.get("msgid") or ""),
            params_from_json(params) if isinstance(params, Mapping) else {},
        )


@dataclass(frozen=True, slots=True)
class TeamSummary:
    """What one delegate (team) asked for and got."""

    delegate: str
    name: str
    asked: float  # total requested weight
    got: float  # placed weight
    requested: tuple[str, ...]  # hosts asked for
    scheduled: tuple[str, ...]  # hosts met

    @property
    def share(self) -> float:
        return self.got / self.asked if self.asked > 0 else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "delegate": self.delegate,
            "name": self.name,
            "asked": json_number(self.asked),
            "got": json_number(self.got),
            "share": round(self.share, 6),
            "requested": list(self.requested),
            "scheduled": list(self.scheduled),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TeamSummary:
        return cls(
            str(data["delegate"]),
            str(data.get("name", data["delegate"])),
            float(data.get("asked", 0)),
            float(data.get("got", 0)),
            tuple(str(x) for x in data.get("requested", ())),
            tuple(str(x) for x in data.get("scheduled", ())),
        )


@dataclass(frozen=True)
class Schedule:
    """A solver answer: meetings, left-out requests with reasons, the weight bound and statistics."""

    status: ScheduleStatus
    objective: float
    bound: float
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    teams: tuple[TeamSummary, ...] = ()

    @property
    def gap(self) -> float:
        """Relative distance to the bound: 0 means proven optimal."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "objective": json_number(self.objective),
            "bound": json_number(self.bound),
            "gap": round(self.gap, 6),
            "meetings": [m.to_dict() for m in self.meetings],
            "unscheduled": [u.to_dict() for u in self.unscheduled],
            "stats": dict(self.stats),
            "teams": [t.to_dict() for t in self.teams],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        """Read a SCHEDULE.json; raises InvalidInput with one message when it is not one."""
        if not isinstance(data, Mapping):
            raise InvalidInput("a schedule must be a JSON object with status and meetings")
        try:
            status = ScheduleStatus(data.get("status", "feasible"))
        except ValueError:
            raise InvalidInput(
                'schedule: "status" must be optimal, feasible or infeasible, not {status!r}',
                status=data.get("status"),
            ) from None
        try:
            meetings = tuple(Meeting.from_dict(m) for m in data.get("meetings") or ())
            unscheduled = tuple(Unscheduled.from_dict(u) for u in data.get("unscheduled") or ())
            teams = tuple(TeamSummary.from_dict(t) for t in data.get("teams") or ())
            objective = float(data.get("objective", 0.0))
            bound = float(data.get("bound", objective))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(
                "schedule: a meeting or unscheduled entry is incomplete ({error})", error=str(exc)
            ) from None
        stats = data.get("stats")
        return cls(
            status,
            objective,
            bound,
            meetings,
            unscheduled,
            dict(stats) if isinstance(stats, Mapping) else {},
            teams,
        )
