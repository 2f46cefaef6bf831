"""Names come in on one line: line breaks and other control characters in a typed or imported name become a
space, so no calendar, sheet or page title receives them (issue 11, item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from kakehashi.adapters.planner.instance_codec import read_instance
from kakehashi.domain.names import one_line, optional_line
from kakehashi.domain.planning import Instance, instance_from_dict

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Mitsuba\r\nMobility", "Mitsuba Mobility"),
        ("  Mitsuba\tMobility\n", "Mitsuba Mobility"),
        ("Mitsuba\x00\x1b[31mMobility", "Mitsuba [31mMobility"),
        ("Mitsuba\u2028Mobility\u0085", "Mitsuba Mobility"),
        ("R\\D; Tel Aviv, Haifa", "R\\D; Tel Aviv, Haifa"),  # escaping is the exports' job, not cleaning
        ("三葉　モビリティ", "三葉　モビリティ"),
    ],
)
def test_one_line_turns_control_characters_into_one_space(typed: str, kept: str) -> None:
    assert one_line(typed) == kept


def test_optional_line_of_nothing_but_control_characters_is_none() -> None:
    assert (optional_line("\r\n"), optional_line(None), optional_line(" a\nb ")) == (None, None, "a b")


def _instance() -> dict[str, Any]:
    return {
        "name": "Spring\r\nmission",
        "slots": [{"id": "s1", "day": "2026-03-09", "start": "09:00", "end": "10:00"}],
        "venues": [{"id": "tlv", "name": "Tel Aviv\nHub", "capacity": 1, "city": "Tel\tAviv"}],
        "participants": [
            {
                "id": "mitsuba",
                "name": "Mitsuba\r\nMobility",
                "organization": "三葉\nモビリティ",
                "role": "delegate",
            },
            {"id": "roadsense", "name": "\r\n", "role": "host", "venue": "tlv"},
        ],
        "interpreters": [{"id": "yael", "name": "Yael\r\nCohen", "languages": ["ja", "he"]}],
        "requests": [{"delegate": "mitsuba", "host": "roadsense", "weight": 1}],
    }


def _names(instance: Instance) -> dict[str, Any]:
    return {
        "mission": instance.name,
        "people": [(p.name, p.organization) for p in instance.participants],
        "venue": (instance.venues[0].name, instance.venues[0].city),
        "interpreter": instance.interpreters[0].name,
    }


EXPECTED = {
    "mission": "Spring mission",
    "people": [("Mitsuba Mobility", "三葉 モビリティ"), ("roadsense", "roadsense")],
    "venue": ("Tel Aviv Hub", "Tel Aviv"),
    "interpreter": "Yael Cohen",
}


def test_instance_from_dict_keeps_every_name_on_one_line() -> None:
    assert _names(instance_from_dict(_instance())) == EXPECTED


def test_instance_file_reader_keeps_every_name_on_one_line() -> None:
    assert _names(read_instance(_instance())) == EXPECTED
