"""What a solve traded, told to the organizer in words: the placed weight against the bound and the gap, what
compact days and few city changes cost in placed weight, and the worst-served team's share, each against the
greedy reference planner where the schedule's stats have its figures.

Each line is a message id with parameters, so the CLI and the pages say it in the reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kakehashi.domain.errors import Msg, render, render_in

WEIGHT = Msg("Placed weight {weight} of at most {bound} (gap {gap}).")
WEIGHT_VS_GREEDY = Msg(
    "Placed weight {weight} of at most {bound} (gap {gap}); the greedy planner places {greedy}."
)
COMPACT_FREE = Msg("Compact days and few city changes cost no placed weight.")
COMPACT_COST = Msg(
    "Compact days and few city changes cost {cost} of placed weight ({share} of {heaviest}; "
    "the tolerance allows {tolerance})."
)
SHAPE = Msg("{idle} idle slots and {changes} city changes.")
SHAPE_VS_GREEDY = Msg(
    "{idle} idle slots and {changes} city changes (the greedy planner: {greedy_idle} and {greedy_changes})."
)
WORST = Msg("The worst-served team gets {share} of the weight it asked for (at most {bound} is possible).")
WORST_VS_GREEDY = Msg(
    "The worst-served team gets {share} of the weight it asked for (at most {bound} is possible; "
    "the greedy planner: {greedy})."
)


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence: a message id and its parameters; `str()` is the English text."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, translate: Callable[[str], str]) -> str:
        """The sentence in the reader's language (`translate`: a message id to the reader's text)."""
        return render_in(self.msgid, self.params, translate)

    def __str__(self) -> str:
        return render(self.msgid, self.params)


def _weight(value: Any) -> str:
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"


def _percent(value: Any) -> str:
    return f"{100 * float(value):.1f}%"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def trade_summary(stats: Mapping[str, Any]) -> list[Said]:
    """The sentences for a schedule's `stats` (as `solve` writes them; older versions have fewer figures)."""
    lines: list[Said] = []
    weight, bound = _number(stats.get("weight")), _number(stats.get("weight_bound"))
    raw = stats.get("greedy")
    greedy: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    if weight is not None and bound is not None:
        gap = max(0.0, (bound - weight) / bound) if bound > 0 else 0.0
        figures = {"weight": _weight(weight), "bound": _weight(bound), "gap": _percent(gap)}
        if _number(greedy.get("weight")) is not None:
            lines.append(Said(WEIGHT_VS_GREEDY, {**figures, "greedy": _weight(greedy["weight"])}))
        else:
            lines.append(Said(WEIGHT, figures))
    cost = _number(stats.get("compactness_cost"))
    if cost is not None:
        if cost <= 0:
            lines.append(Said(COMPACT_FREE))
        else:
            heaviest = _number(stats.get("heaviest_weight")) or cost
            tolerance = _number(stats.get("weight_tolerance"))
            lines.append(
                Said(
                    COMPACT_COST,
                    {
                        "cost": _weight(cost),
                        "share": _percent(cost / heaviest),
                        "heaviest": _weight(heaviest),
                        "tolerance": _percent(tolerance) if tolerance is not None else "-",
                    },
                )
            )
    idle, changes = stats.get("idle_slots"), stats.get("city_changes")
    if isinstance(idle, int) and isinstance(changes, int):
        if isinstance(greedy.get("idle_slots"), int) and isinstance(greedy.get("city_changes"), int):
            lines.append(
                Said(
                    SHAPE_VS_GREEDY,
                    {
                        "idle": idle,
                        "changes": changes,
                        "greedy_idle": greedy["idle_slots"],
                        "greedy_changes": greedy["city_changes"],
                    },
                )
            )
        else:
            lines.append(Said(SHAPE, {"idle": idle, "changes": changes}))
    share, share_bound = _number(stats.get("min_share")), _number(stats.get("min_share_bound"))
    if share is not None and share_bound is not None:
        figures = {"share": _percent(share), "bound": _percent(share_bound)}
        if _number(greedy.get("min_share")) is not None:
            lines.append(Said(WORST_VS_GREEDY, {**figures, "greedy": _percent(greedy["min_share"])}))
        else:
            lines.append(Said(WORST, figures))
    return lines


__all__ = ["Said", "trade_summary"]
