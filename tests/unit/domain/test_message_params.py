"""Parameters that are messages themselves (a rule name, a phrase, a list of phrases): English as they were,
translated at any depth, and kept as plain JSON that reads back the same."""

from __future__ import annotations

import json

import pytest

from kakehashi.domain.errors import (
    Listing,
    Msg,
    Phrase,
    params_from_json,
    params_to_json,
    render,
    render_in,
)

pytestmark = pytest.mark.unit

WORDS = {
    "{rule} in {count} slot(s)": "{rule}（{count} 枠）",
    "travel_time": "移動時間",
    "blocked ({parts})": "ふさがっています（{parts}）",
    ", ": "、",
}


def _params() -> dict[str, object]:
    return {
        "parts": Listing(
            [
                Phrase(Msg("{rule} in {count} slot(s)"), rule=Msg("travel_time"), count=2),
                Phrase(Msg("{rule} in {count} slot(s)"), rule=Msg("venue_capacity"), count=1),
            ]
        ),
        "name": "Mitsuba",
    }


def test_a_rule_name_reads_in_english_as_its_words() -> None:
    assert (
        render("blocked ({parts})", _params())
        == "blocked (travel time in 2 slot(s), venue capacity in 1 slot(s))"
    )


def test_nested_messages_are_translated_and_an_untranslated_rule_keeps_its_english_words() -> None:
    text = render_in("blocked ({parts})", _params(), lambda m: WORDS.get(m, m))

    assert text == "ふさがっています（移動時間（2 枠）、venue capacity（1 枠））"


def test_message_parameters_survive_a_json_round_trip() -> None:
    stored = json.loads(json.dumps(params_to_json(_params())))

    assert params_from_json(stored) == _params()
    assert params_from_json({"name": "Mitsuba", "count": 3}) == {"name": "Mitsuba", "count": 3}
