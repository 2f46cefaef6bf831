"""iCalendar agendas (RFC 5545) that phones import: venue-local times with their VTIMEZONE, stable UIDs.

A meeting keeps its UID across repairs and its SEQUENCE grows when it moves, so re-importing an
agenda updates the event; a meeting a repair removed is sent with STATUS:CANCELLED so it disappears
instead of lingering as a stale duplicate.

Names are text typed by people: every text property goes through icalendar's own TEXT escaping (backslash,
semicolon, comma, line breaks), so no name can break a line of the file or add a property.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event, vText

from kakehashi.adapters.exports.plan_view import MeetingView, PlanView

PRODID = "-//Kakehashi//Delegation planner//EN"
UID_DOMAIN = "kakehashi"
ALARM_MINUTES = 30  # a reminder early enough to walk to the next building


def event_uid(meeting: MeetingView) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _calendar(plan: PlanView, title: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar types unknown X- properties as raw values; these two are TEXT, so they get vText's escaping
    # (a name with a line break or a backslash would otherwise break the file or the calendar's title).
    calendar.add("x-wr-calname", vText(title))
    calendar.add("x-wr-timezone", vText(plan.timezone))
    return calendar


def _event(plan: PlanView, meeting: MeetingView, viewer: str | None) -> Event:
    delegate = plan.participants[meeting.delegate]
    host = plan.participants[meeting.host]
    venue = plan.venues[meeting.venue]
    if viewer is None:
        summary = f"Meeting: {delegate.name} – {host.name}"
        ja = [p.japanese_name or p.name for p in (delegate, host)]
        if delegate.japanese_name or host.japanese_name:
            summary += f" / 面談: {ja[0]} – {ja[1]}"
    else:
        other = plan.other_party(meeting, viewer)
        summary = f"Meeting: {other.name}"
        if other.japanese_name and other.japanese_name != other.name:
            summary += f" / 面談: {other.japanese_name}"
    lines = [
        f"Delegate / 訪問団: {delegate.label}",
        f"Host / 受け入れ企業: {host.label}",
        f"Venue / 会場: {venue.location}",
    ]
    if meeting.interpreter:
        lines.append(f"Interpreter / 通訳: {meeting.interpreter}")
    lines.append(f"Mission / ミッション: {plan.name}")
    if plan.version is not None:
        lines.append(f"Schedule version {plan.version}")
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", plan.stamp)
    event.add("sequence", meeting.sequence)
    event.add("summary", summary)
    event.add("dtstart", plan.starts(meeting.slot))
    event.add("dtend", plan.ends(meeting.slot))
    event.add("location", venue.location)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.cancelled else "OPAQUE")
    if not meeting.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES))
        event.add_component(alarm)
    return event


def _finish(calendar: Calendar, plan: PlanView) -> bytes:
    if plan.slots:
        days = plan.days()
        # Transitions from a year before to a year after keep the VTIMEZONE short but correct.
        calendar.add_missing_timezones(
            first_date=days[0] - timedelta(days=366), last_date=days[-1] + timedelta(days=366)
        )
    data: bytes = calendar.to_ical()
    return data


def participant_agenda_ics(plan: PlanView, participant_id: str) -> bytes:
    """One participant's agenda: its meetings, plus cancellations of meetings a repair removed."""
    party = plan.participant(participant_id)
    title = f"{plan.name} – {party.name}"
    calendar = _calendar(plan, title)
    for meeting in plan.meetings_of(participant_id, include_cancelled=True):
        calendar.add_component(_event(plan, meeting, participant_id))
    return _finish(calendar, plan)


def mission_calendar_ics(plan: PlanView) -> bytes:
    """Every meeting of the mission in one calendar (for organizers)."""
    calendar = _calendar(plan, plan.name)
    meetings = plan.active_meetings() + [m for m in plan.meetings if m.cancelled]
    for meeting in meetings:
        calendar.add_component(_event(plan, meeting, None))
    return _finish(calendar, plan)
