"""Small hand-built schedules for export tests (no database, no solver), offered as factory fixtures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from kakehashi.adapters.exports.plan_view import (
    MeetingView,
    PartyView,
    PlanView,
    RequestView,
    SlotView,
    UnscheduledView,
    VenueView,
)


def build_plan(
    *, day: date = date(2026, 3, 9), version: int = 1, meetings: tuple[MeetingView, ...] | None = None
) -> PlanView:
    """Two delegates, two hosts, two venues, three slots on one day; meetings at 10:00 and 11:30."""
    participants = {
        "mitsuba": PartyView(
            "mitsuba", "Mitsuba Mobility", "delegate", organization="三葉モビリティ株式会社"
        ),
        "kuroshio": PartyView(
            "kuroshio", "Kuroshio Marine", "delegate", organization="Kuroshio Marine Systems"
        ),
        "roadsense": PartyView("roadsense", "RoadSense", "host", organization="RoadSense Ltd.", venue="hub"),
        "seasense": PartyView(
            "seasense", "SeaSense <Robotics>", "host", organization="SeaSense", venue="matam"
        ),
    }
    venues = {
        "hub": VenueView("hub", "Tel Aviv Innovation Hub", city="Tel Aviv", capacity=2),
        "matam": VenueView("matam", "MATAM Park", city="Haifa", capacity=1),
    }
    slots = {
        "s1": SlotView("s1", day, time(10, 0), time(11, 0)),
        "s2": SlotView("s2", day, time(11, 30), time(12, 30)),
        "s3": SlotView("s3", day, time(14, 0), time(15, 0)),
    }
    if meetings is None:
        meetings = (
            MeetingView("m1-aaa", "mitsuba", "roadsense", "s1", "hub"),
            MeetingView("m1-bbb", "kuroshio", "seasense", "s2", "matam"),
        )
    return PlanView(
        mission_id=1,
        name="Spring mission",
        timezone="Asia/Jerusalem",
        version=version,
        created_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        participants=participants,
        venues=venues,
        slots=slots,
        meetings=meetings,
        unscheduled=(UnscheduledView("mitsuba", "seasense", "no common free slot"),),
        requests=(
            RequestView("mitsuba", "roadsense", 5, True),
            RequestView("kuroshio", "seasense", 3, False),
            RequestView("mitsuba", "seasense", 1, False),
        ),
        status="optimal",
        objective=8,
        bound=9,
    )


def build_repaired(plan: PlanView) -> PlanView:
    """Version 2: mitsuba-roadsense moved to s3 (sequence 1), kuroshio-seasense cancelled."""
    return replace(
        plan,
        version=2,
        created_at=datetime(2026, 2, 2, 9, 0, tzinfo=UTC),
        meetings=(
            MeetingView("m1-aaa", "mitsuba", "roadsense", "s3", "hub", sequence=1),
            MeetingView("m1-bbb", "kuroshio", "seasense", "s2", "matam", sequence=1, cancelled=True),
        ),
    )


@pytest.fixture
def make_plan() -> Callable[..., PlanView]:
    return build_plan


@pytest.fixture
def repaired() -> Callable[[PlanView], PlanView]:
    return build_repaired
