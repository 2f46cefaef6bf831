"""Quality figures of a schedule that a person compares schedules by: weight, idle slots, city changes,
each team's share of what it asked for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kakehashi.domain.planning.model import Instance, Request
from kakehashi.domain.planning.schedule import Meeting, TeamSummary


@dataclass(frozen=True, slots=True)
class ScheduleMetrics:
    """Quality figures a person compares schedules by."""

    weight: float
    meetings: int
    min_share: float
    idle_slots: int
    city_changes: int


def idle_slots(instance: Instance, meetings: Sequence[Meeting]) -> int:
    """Empty slots between a delegate's first and last meeting of a day, summed over delegates and days."""
    used: dict[tuple[str, date], list[int]] = defaultdict(list)
    for m in meetings:
        used[(m.delegate, instance.slot(m.slot).day)].append(instance.slot_index(m.slot))
    return sum(max(idx) - min(idx) + 1 - len(set(idx)) for idx in used.values())


def city_changes(instance: Instance, meetings: Sequence[Meeting]) -> int:
    """Times a delegate moves to another city (see Instance.place_of) between meetings of a day."""
    by_day: dict[tuple[str, date], list[Meeting]] = defaultdict(list)
    for m in meetings:
        by_day[(m.delegate, instance.slot(m.slot).day)].append(m)
    changes = 0
    for group in by_day.values():
        group.sort(key=lambda m: instance.slot_index(m.slot))
        places = [instance.place_of(m.venue) for m in group]
        changes += sum(1 for a, b in zip(places, places[1:], strict=False) if a != b)
    return changes


def team_summaries(instance: Instance, meetings: Sequence[Meeting]) -> tuple[TeamSummary, ...]:
    """Per delegate: requested weight and hosts, placed weight and hosts."""
    placed = {m.key for m in meetings}
    asked: dict[str, list[Request]] = defaultdict(list)
    for r in instance.requests:
        asked[r.delegate].append(r)
    out = []
    for d in instance.delegates:
        reqs = asked.get(d.id, [])
        got = [r for r in reqs if r.key in placed]
        out.append(
            TeamSummary(
                d.id,
                d.name,
                sum(r.weight for r in reqs),
                sum(r.weight for r in got),
                tuple(r.host for r in reqs),
                tuple(r.host for r in got),
            )
        )
    return tuple(out)


def min_share(instance: Instance, meetings: Sequence[Meeting]) -> float:
    """The worst-served team's share of its requested weight (teams that asked nothing are ignored)."""
    shares = [t.share for t in team_summaries(instance, meetings) if t.asked > 0]
    return min(shares) if shares else 1.0


def schedule_metrics(instance: Instance, meetings: Sequence[Meeting]) -> ScheduleMetrics:
    weights = {r.key: r.weight for r in instance.requests}
    return ScheduleMetrics(
        weight=sum(weights.get(m.key, 0.0) for m in meetings),
        meetings=len(meetings),
        min_share=min_share(instance, meetings),
        idle_slots=idle_slots(instance, meetings),
        city_changes=city_changes(instance, meetings),
    )
