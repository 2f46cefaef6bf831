"""Printable pages (A4): a participant's agenda and the master grid with who got what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kakehashi.adapters.exports.plan_view import PlanView, reason_text, team_summary

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def participant_agenda_html(
    plan: PlanView,
    participant_id: str,
    *,
    lang: str = "ja",
    translate: Callable[[str], str] | None = None,
) -> str:
    """One participant's agenda by day, with cancelled meetings struck through and what it did not get.

    `translate` (a message id to the reader's language) shows the reasons in that language; else English.
    """
    party = plan.participant(participant_id)
    mandatory = {(r.delegate, r.host) for r in plan.requests if r.mandatory}
    order = {key: index for index, key in enumerate(plan.slot_order())}
    days: dict[date, list[dict[str, Any]]] = {}
    previous_venue: dict[date, str] = {}
    for meeting in plan.meetings_of(participant_id, include_cancelled=True):
        slot = plan.slots[meeting.slot]
        travel = ""
        if not meeting.cancelled:
            last = previous_venue.get(slot.day)
            if last is not None and last != meeting.venue:
                travel = f"Travel from {plan.venues[last].name} / 移動"
            previous_venue[slot.day] = meeting.venue
        days.setdefault(slot.day, []).append(
            {
                "order": order[meeting.slot],
                "time": f"{slot.start:%H:%M}–{slot.end:%H:%M}",
                "other": plan.other_party(meeting, participant_id),
                "venue": plan.venues[meeting.venue],
                "cancelled": meeting.cancelled,
                "mandatory": (meeting.delegate, meeting.host) in mandatory,
                "interpreter": meeting.interpreter,
                "travel": travel,
            }
        )
    for rows in days.values():
        rows.sort(key=lambda row: (row["order"], row["cancelled"]))
    own = next((t for t in team_summary(plan) if t["participant"] == participant_id), None)
    requests = own["requests"] if own is not None else []
    missing = [r for r in requests if not r["scheduled"]] if isinstance(requests, list) else []
    return (
        _environment()
        .get_template("participant_agenda.html")
        .render(
            plan=plan,
            party=party,
            days=sorted(days.items()),
            missing=missing,
            lang=lang,
            reason=partial(reason_text, translate=translate),
        )
    )


def master_grid_html(
    plan: PlanView, *, lang: str = "ja", translate: Callable[[str], str] | None = None
) -> str:
    """The whole mission on one landscape page: slots down, venues across, then who got what.

    `translate` (a message id to the reader's language) shows the reasons in that language; else English.
    """
    mandatory = {(r.delegate, r.host) for r in plan.requests if r.mandatory}
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for meeting in plan.active_meetings():
        cells.setdefault((meeting.slot, meeting.venue), []).append(
            {
                "delegate": plan.participants[meeting.delegate],
                "host": plan.participants[meeting.host],
                "interpreter": meeting.interpreter,
                "mandatory": (meeting.delegate, meeting.host) in mandatory,
            }
        )
    slots = [plan.slots[key] for key in plan.slot_order()]
    return (
        _environment()
        .get_template("master_grid.html")
        .render(
            plan=plan,
            venues=list(plan.venues.values()),
            slots=slots,
            cells=cells,
            teams=team_summary(plan),
            lang=lang,
            reason=partial(reason_text, translate=translate),
        )
    )
