"""Reading an instance file: every bad input gets one clear message naming where it is; the pydantic models
and the documented JSON Schema (docs/schemas/instance.schema.json) agree on what a valid file is."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.instance_codec import (
    InstanceDoc,
    InterpreterDoc,
    ParticipantDoc,
    RequestDoc,
    SlotDoc,
    TravelDoc,
    VenueDoc,
    read_instance,
    write_instance,
)
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.planning import InvalidInstance

pytestmark = pytest.mark.unit

DOCS = Path(__file__).resolve().parents[4] / "docs"
SCHEMA = json.loads((DOCS / "schemas" / "instance.schema.json").read_text(encoding="utf-8"))


def valid() -> dict[str, Any]:
    return {
        "name": "Spring mission",
        "slots": [
            {"id": "s1", "day": "2026-03-02", "start": "09:00", "end": "09:30"},
            {"id": "s2", "day": "2026-03-02", "start": "09:45", "end": "10:15"},
            {"id": "s3", "day": "2026-03-02", "start": "10:30", "end": "11:00"},
        ],
        "venues": [
            {"id": "tlv", "name": "Tel Aviv office", "capacity": 1, "city": "Tel Aviv"},
            {"id": "hfa", "name": "Haifa office", "capacity": 1, "city": "Haifa"},
        ],
        "travel": [{"from": "tlv", "to": "hfa", "minutes": 90}],
        "participants": [
            {"id": "d1", "name": "Team A", "organization": "Acme KK", "role": "delegate"},
            {"id": "h1", "name": "Startup 1", "organization": "S1", "role": "host", "venue": "tlv"},
            {
                "id": "h2",
                "name": "Startup 2",
                "organization": "S2",
                "role": "host",
                "venue": "hfa",
                "available": ["s3"],
            },
        ],
        "requests": [
            {"delegate": "d1", "host": "h1", "weight": 3, "mandatory": False},
            {"delegate": "d1", "host": "h2", "weight": 2, "mandatory": True},
        ],
    }


def problems_of(data: Any) -> list[str]:
    with pytest.raises(InvalidInstance) as caught:
        read_instance(data)
    return caught.value.problems


def test_read_instance_valid_round_trips() -> None:
    data = valid()

    assert write_instance(read_instance(data)) == data


def test_read_instance_not_an_object_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_instance([1, 2])

    assert "JSON object" in str(caught.value)


def test_instance_from_dict_empty_instance_one_message() -> None:
    assert problems_of({}) == [
        "the instance is empty: it needs slots, venues, participants (delegates and hosts) and requests"
    ]


def test_instance_from_dict_bad_times_refused() -> None:
    data = valid()
    data["slots"][0]["start"] = "9h"
    data["slots"][1]["end"] = "09:00"
    data["slots"][2]["day"] = "02/03/2026"

    assert problems_of(data) == [
        'slot "s1": "start" must be a time HH:MM, not \'9h\'',
        'slot "s2": ends at 09:00, not after its start 09:45',
        'slot "s3": "day" must be a date YYYY-MM-DD, not \'02/03/2026\'',
    ]


def test_instance_from_dict_duplicate_request_and_bad_weight_refused() -> None:
    data = valid()
    data["requests"].append({"delegate": "d1", "host": "h1", "weight": 1})
    data["requests"][1]["weight"] = -2

    assert problems_of(data) == [
        'request "d1" -> "h2": "weight" must be positive, not -2',
        'request "d1" -> "h1": the same request appears twice',
    ]


def test_instance_from_dict_message_lists_every_problem() -> None:
    data = valid()
    data["venues"][0]["capacity"] = 0
    data["travel"][0]["to"] = "jlm"

    with pytest.raises(InvalidInput) as caught:
        read_instance(data)

    assert str(caught.value).startswith("invalid instance (")


def test_read_instance_unknown_ids_named() -> None:
    data = valid()
    data["requests"].append({"delegate": "d9", "host": "h1", "weight": 1})
    data["participants"][1]["venue"] = "nowhere"
    data["participants"][0]["available"] = ["s1", "s7"]

    assert problems_of(data) == [
        'participant "d1": unknown slot "s7" in "available"',
        'participant "h1": unknown venue "nowhere"',
        'request "d9" -> "h1": unknown participant "d9"',
    ]


def test_read_instance_names_the_path_of_each_wrong_type() -> None:
    data = valid()
    data["venues"][1]["capacity"] = "two"
    data["participants"][0]["role"] = "guest"
    data["participants"].append("h3")
    data["requests"][0]["mandatory"] = "yes"
    data["travel"][0]["minutes"] = 1.5
    del data["travel"][0]["from"]

    assert problems_of(data) == [
        'venue "hfa": "capacity" must be a whole number, not \'two\'',
        'travel #1: "from" is missing',
        'travel "None" -> "hfa": "minutes" must be a whole number, not 1.5',
        'participant "d1": "role" must be "delegate" or "host", not \'guest\'',
        "participants[3] must be an object",
        'request "d1" -> "h1": "mandatory" must be true or false, not \'yes\'',
    ]


def test_read_instance_missing_list_named_once() -> None:
    data = valid()
    del data["venues"]

    assert problems_of(data)[0] == '"venues" is missing'


def test_read_instance_slot_in_a_refused_slot_not_reported_twice() -> None:
    data = valid()
    data["slots"][2]["start"] = "25:00"

    assert problems_of(data) == ['slot "s3": "start" must be a time HH:MM, not \'25:00\'']


# ------------------------------------------------------------------------- the models and the JSON Schema


def _schema_accepts(data: Any) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(data)


def _reader_accepts(data: Any) -> bool:
    try:
        read_instance(data)
    except InvalidInstance:
        return False
    return True


def _examples() -> list[tuple[str, Any]]:
    found = [
        (p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(DOCS.glob("examples/*.json"))
    ]
    instances = [(name, data) for name, data in found if "participants" in data]
    generated = [
        (
            f"generated-{seed}",
            generate_instance(4, 5, 2, seed=seed, slots_per_day=4, interpreters=seed % 2).to_dict(),
        )
        for seed in (1, 2, 3)
    ]
    return [*instances, ("unit-fixture", valid()), *generated]


@pytest.mark.parametrize(("name", "data"), _examples(), ids=[name for name, _ in _examples()])
def test_valid_instances_pass_the_schema_and_the_reader(name: str, data: Any) -> None:
    assert (_schema_accepts(data), _reader_accepts(data)) == (True, True)


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(valid())
    change(data)
    return data


BROKEN: dict[str, Callable[[dict[str, Any]], None]] = {
    "not an object": lambda d: d.clear(),
    "no slots list": lambda d: d.pop("slots"),
    "no venues list": lambda d: d.pop("venues"),
    "no requests list": lambda d: d.pop("requests"),
    "slots not a list": lambda d: d.update(slots="s1"),
    "slot without day": lambda d: d["slots"][0].pop("day"),
    "slot day not a date": lambda d: d["slots"][0].update(day="02/03/2026"),
    "slot start not a time": lambda d: d["slots"][0].update(start="9h"),
    "slot hour out of range": lambda d: d["slots"][0].update(end="24:10"),
    "slot id empty": lambda d: d["slots"][0].update(id=""),
    "venue capacity zero": lambda d: d["venues"][0].update(capacity=0),
    "venue capacity not whole": lambda d: d["venues"][0].update(capacity=1.5),
    "travel minutes negative": lambda d: d["travel"][0].update(minutes=-5),
    "travel without minutes": lambda d: d["travel"][0].pop("minutes"),
    "participant role unknown": lambda d: d["participants"][0].update(role="guest"),
    "participant without role": lambda d: d["participants"][0].pop("role"),
    "host without venue": lambda d: d["participants"][1].pop("venue"),
    "available not a list": lambda d: d["participants"][0].update(available="s1"),
    "max meetings negative": lambda d: d["participants"][0].update(max_meetings=-1),
    "request without host": lambda d: d["requests"][0].pop("host"),
    "weight zero": lambda d: d["requests"][0].update(weight=0),
    "weight not a number": lambda d: d["requests"][0].update(weight="heavy"),
    "mandatory not a boolean": lambda d: d["requests"][0].update(mandatory="yes"),
    "participants empty": lambda d: d.update(participants=[]),
    "slot not an object": lambda d: d["slots"].append("s9"),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=list(BROKEN))
def test_broken_instances_are_refused_by_the_schema_and_the_reader(
    change: Callable[[dict[str, Any]], None],
) -> None:
    data = _broken(change)

    assert (_schema_accepts(data), _reader_accepts(data)) == (False, False)


@pytest.mark.parametrize(
    ("items", "model"),
    [
        ("slots", SlotDoc),
        ("venues", VenueDoc),
        ("travel", TravelDoc),
        ("participants", ParticipantDoc),
        ("interpreters", InterpreterDoc),
        ("requests", RequestDoc),
    ],
)
def test_each_model_has_the_fields_and_required_fields_of_the_schema(items: str, model: type[Any]) -> None:
    documented = SCHEMA["properties"][items]["items"]
    generated = model.model_json_schema(by_alias=True)

    assert (set(generated["properties"]), set(generated.get("required", ()))) == (
        set(documented["properties"]),
        set(documented.get("required", ())),
    )


def test_the_instance_model_has_the_top_level_fields_of_the_schema() -> None:
    generated = InstanceDoc.model_json_schema(by_alias=True)

    assert (set(generated["properties"]), set(generated["required"])) == (
        set(SCHEMA["properties"]),
        set(SCHEMA["required"]),
    )


def test_read_instance_null_optional_fields_mean_their_default() -> None:
    data = valid()
    data["venues"][0]["capacity"] = None
    data["travel"] = None
    data["participants"][0]["available"] = None

    instance = read_instance(data)

    assert (instance.venue("tlv").capacity, instance.travel, instance.participant("d1").available) == (
        1,
        (),
        None,
    )


def test_read_instance_null_required_list_is_missing() -> None:
    data = valid()
    data["requests"] = None

    assert problems_of(data) == ['"requests" is missing']
