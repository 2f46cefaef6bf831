"""Why a request was left out, and the planner's rule names, read in Japanese on a Japanese page."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time
from functools import partial
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook

from kakehashi.adapters.exports.agenda_html import master_grid_html, participant_agenda_html
from kakehashi.adapters.exports.agenda_xlsx import master_grid_xlsx
from kakehashi.adapters.exports.plan_view import (
    PartyView,
    PlanView,
    RequestView,
    SlotView,
    UnscheduledView,
    VenueView,
    reason_text,
    team_summary,
)
from kakehashi.adapters.planner import explain
from kakehashi.domain.errors import Listing, Phrase
from kakehashi.domain.planning import InvalidInstance, Reason, Rule, Unscheduled
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.web import i18n, templating

pytestmark = pytest.mark.unit


def _plan(*unscheduled: UnscheduledView) -> PlanView:
    return PlanView(
        mission_id=7,
        name="Spring mission",
        timezone="Asia/Jerusalem",
        version=1,
        created_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        participants={
            "mitsuba": PartyView("mitsuba", "Mitsuba Mobility", "delegate"),
            "roadsense": PartyView("roadsense", "RoadSense {Ltd}", "host", venue="hub"),
        },
        venues={"hub": VenueView("hub", "Tel Aviv Hub", city="Tel Aviv")},
        slots={"s1": SlotView("s1", date(2026, 3, 9), time(10, 0), time(11, 0))},
        unscheduled=unscheduled,
    )


def _grid(plan: PlanView, locale: str) -> str:
    context: dict[str, Any] = {
        "plan": plan,
        "cells": {},
        "slots": list(plan.slots.values()),
        "venues": list(plan.venues.values()),
        "versions": [SimpleNamespace(number=1, gap=0.0)],
        "current": SimpleNamespace(number=1, gap=0.0),
        "can_plan": False,
        "meetings": [],
        "request": SimpleNamespace(url=SimpleNamespace(path="/missions/7/grid", query="")),
        "path": "/missions/7/grid",
        "csrf_token": "token",
        "locale": locale,
        "viewer": None,
        "flash": False,
        "is_corporation": False,
        "is_organizer": False,
        "is_startup": False,
        "unread_alerts": 0,
    }
    return templating.render_template("missions/grid.html", context, locale=locale)


def test_a_why_not_reason_renders_in_japanese_on_the_grid_page() -> None:
    left_out = Unscheduled.because(
        "mitsuba", "roadsense", Reason.HOST_FULL, explain.HOST_BOOKED, host="RoadSense {Ltd}", count=3
    )
    plan = _plan(UnscheduledView.of(left_out))

    japanese, english = _grid(plan, "ja"), _grid(plan, "en")

    assert (
        "ホストの予定が埋まっています: 双方が空いている 3 枠すべてで RoadSense {Ltd} に予定が入っています"
        in japanese
    )
    assert "host full: RoadSense {Ltd} is booked in all 3 slots that both sides have free" in english


def test_a_reason_without_a_message_id_is_shown_as_written() -> None:
    plan = _plan(UnscheduledView("mitsuba", "roadsense", "kept out: 100% {sure}"))

    assert "kept out: 100% {sure}" in _grid(plan, "ja")


def test_a_reason_parameter_is_escaped_on_the_page() -> None:
    left_out = Unscheduled.because(
        "mitsuba", "roadsense", Reason.VENUE_FULL, explain.VENUE_FULL, host="<b>Hub</b>"
    )

    page = _grid(_plan(UnscheduledView.of(left_out)), "ja")

    assert "&lt;b&gt;Hub&lt;/b&gt;" in page and "<b>Hub</b>" not in page


def test_a_status_reason_of_the_team_summary_renders_in_japanese() -> None:
    plan = _plan()
    plan = PlanView(
        **{**plan.__dict__, "requests": (RequestView("mitsuba", "roadsense", 1.0, False, "declined"),)}
    )
    row = team_summary(plan)[0]["requests"][0]  # type: ignore[index]

    japanese = messages.message_text(row["reason_msgid"], row["reason_params"], "ja")

    assert (row["reason"], japanese.rstrip("。.")) == (
        "the other side declined the request",
        "相手側が面談希望を辞退しました",
    )


def test_a_rule_name_passed_as_a_parameter_is_translated() -> None:
    text = messages.message_text("{rule}", {"rule": Rule.TRAVEL_TIME.msg}, "ja")

    assert text.rstrip("。.") == "移動時間"


def test_the_printable_agenda_and_grid_show_a_reason_in_the_language_of_the_translation() -> None:
    left_out = Unscheduled.because(
        "mitsuba", "roadsense", Reason.VENUE_FULL, explain.VENUE_FULL, host="RoadSense {Ltd}"
    )
    plan = replace(
        _plan(UnscheduledView.of(left_out)),
        requests=(RequestView("mitsuba", "roadsense", 1.0, False),),
    )
    japanese = partial(i18n.translate, locale="ja")

    pages = (
        participant_agenda_html(plan, "mitsuba", translate=japanese),
        master_grid_html(plan, translate=japanese),
        participant_agenda_html(plan, "mitsuba"),
    )

    assert [
        "会場が満席です: 共通の時間枠では RoadSense {Ltd} の会場にこれ以上面談を入れられません" in pages[0],
        "会場が満席です: 共通の時間枠では RoadSense {Ltd} の会場にこれ以上面談を入れられません" in pages[1],
        "venue full: RoadSense {Ltd}&#39;s venue holds no more meetings in the common slots" in pages[2],
    ] == [True, True, True]


def test_an_invalid_instance_error_reads_in_japanese_and_keeps_the_problem() -> None:
    one = InvalidInstance(['duplicate slot id "s1"'])
    many = InvalidInstance([f'duplicate slot id "s{n}"' for n in range(25)])

    assert (str(one), messages.error_text(one, "ja").rstrip("。.")) == (
        'invalid instance: duplicate slot id "s1"',
        '計画データ（インスタンス）に問題があります: duplicate slot id "s1"',
    )
    assert messages.error_text(many, "ja").startswith("計画データ（インスタンス）に 25 件の問題があります: ")
    assert str(many).endswith("; ... and 5 more")


def _blocked() -> Unscheduled:
    """A why-not with rule names inside it ({parts}) and the meetings that took the place ({listed})."""
    return Unscheduled.because(
        "mitsuba",
        "roadsense",
        Reason.LOWER_WEIGHT,
        explain.BLOCKED + explain.LOWER_WEIGHT,
        count=2,
        weight="1",
        parts=Listing(
            [
                Phrase(explain.RULE_IN_SLOTS, rule=Rule.VENUE_CAPACITY.msg, count=1),
                Phrase(explain.RULE_IN_SLOTS, rule=Rule.ONE_MEETING_PER_SLOT.msg, count=1),
            ]
        ),
        listed=Listing(
            [Phrase(explain.TAKER, delegate="Kuroshio", host="CyberDome", weight="10", slot="s2")]
        ),
    )


BLOCKED_JA = (
    "共通の時間枠はすべてふさがっています（会場の収容数（1 枠）、同じ時間枠の面談は1人1件まで（1 枠））。"
    "重み（1）が、代わりに配置された面談より低いためです: Kuroshio と CyberDome（重み 10、s2）"
)


def test_rule_names_inside_a_reason_keep_their_english_words_and_read_in_japanese() -> None:
    stored = json.loads(json.dumps(_blocked().to_dict()))  # as the database and the schedule file keep it

    again = Unscheduled.from_dict(stored)

    assert again.reason == (
        "every common slot is blocked (venue capacity in 1 slot(s), one meeting per participant per slot in "
        "1 slot(s)); lower weight (1) than the meetings that took its place: Kuroshio with CyberDome "
        "(weight 10, s2)"
    )
    assert messages.message_text(again.msgid, dict(again.params), "ja") == BLOCKED_JA
    assert (
        messages.message_text(again.msgid, dict(again.params), "en")
        == again.reason[:1].upper() + (again.reason[1:])
    )


def test_a_stored_reason_with_rule_names_renders_in_japanese_on_the_grid_page() -> None:
    plan = _plan(UnscheduledView.from_dict(json.loads(json.dumps(_blocked().to_dict()))))

    japanese, english = _grid(plan, "ja"), _grid(plan, "en")

    assert BLOCKED_JA in japanese
    assert "venue capacity in 1 slot(s), one meeting per participant per slot in 1 slot(s)" in english


def test_the_team_summary_of_the_printable_grid_and_the_workbook_name_rules_in_japanese() -> None:
    plan = replace(
        _plan(UnscheduledView.of(_blocked())), requests=(RequestView("mitsuba", "roadsense", 1.0, False),)
    )
    japanese = partial(i18n.translate, locale="ja")

    page = master_grid_html(plan, translate=japanese)
    summary = load_workbook(io.BytesIO(master_grid_xlsx(plan, translate=japanese)))["Summary"]
    english = load_workbook(io.BytesIO(master_grid_xlsx(plan)))["Summary"]

    assert BLOCKED_JA in page
    assert BLOCKED_JA in str(summary.cell(row=2, column=6).value)
    assert "venue capacity in 1 slot(s)" in str(english.cell(row=2, column=6).value)


def test_names_of_people_who_dropped_out_stay_as_written_between_translated_words() -> None:
    plan = replace(
        _plan(),
        requests=(RequestView("mitsuba", "roadsense", 1.0, False, "withdrawn"),),
        withdrawn=frozenset({"mitsuba", "roadsense"}),
    )
    row = json.loads(json.dumps(team_summary(plan)[0]["requests"][0]))  # the CLI's --json shape

    assert row["reason"] == "Mitsuba Mobility and RoadSense {Ltd} dropped out"
    assert reason_text(row, partial(i18n.translate, locale="ja")) == (
        "Mitsuba Mobility と RoadSense {Ltd} が参加を取りやめました"
    )
