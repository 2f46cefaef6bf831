from __future__ import annotations

from collections.abc import Callable

import pytest

from kakehashi.adapters.exports.agenda_html import master_grid_html, participant_agenda_html
from kakehashi.adapters.exports.plan_view import PlanView

pytestmark = pytest.mark.unit


def test_participant_agenda_html_lists_meetings_with_japanese_names_for_print(
    make_plan: Callable[..., PlanView],
) -> None:
    page = participant_agenda_html(make_plan(), "roadsense")

    assert "@page { size: A4 portrait" in page
    assert "三葉モビリティ株式会社" in page
    assert "10:00–11:00" in page
    assert "Mandatory / 必須" in page


def test_participant_agenda_html_escapes_names(make_plan: Callable[..., PlanView]) -> None:
    page = participant_agenda_html(make_plan(), "kuroshio")

    assert "SeaSense &lt;Robotics&gt;" in page
    assert "<Robotics>" not in page


def test_participant_agenda_html_strikes_cancelled_and_explains_missing(
    make_plan: Callable[..., PlanView], repaired: Callable[[PlanView], PlanView]
) -> None:
    page = participant_agenda_html(repaired(make_plan()), "mitsuba")
    cancelled_page = participant_agenda_html(repaired(make_plan()), "kuroshio")

    assert "no common free slot" in page
    assert 'class="cancelled"' in cancelled_page


def test_master_grid_html_shows_every_meeting_and_who_got_what(make_plan: Callable[..., PlanView]) -> None:
    page = master_grid_html(make_plan())

    assert "@page { size: A4 landscape" in page
    assert page.count("↔") == 2
    assert "Who got what / 達成状況" in page
    assert "83%" in page
