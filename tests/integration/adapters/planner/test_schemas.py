"""The exchange files in the repository and the planner's output conform to the documented JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kakehashi.adapters.planner.generator import generate_instance
from kakehashi.adapters.planner.solver import solve
from kakehashi.domain.planning import Schedule, instance_from_dict

pytestmark = pytest.mark.integration

DOCS = Path(__file__).resolve().parents[4] / "docs"


def schema(name: str) -> dict[str, object]:
    data = json.loads((DOCS / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.mark.parametrize("example", ["planner-instance.json", "mission-small.json"])
def test_example_instance_matches_schema_and_loads(example: str) -> None:
    data = json.loads((DOCS / "examples" / example).read_text(encoding="utf-8"))

    jsonschema.validate(data, schema("instance"), cls=jsonschema.Draft202012Validator)
    instance = instance_from_dict(data)

    assert len(instance.requests) == len(data["requests"])


def test_example_schedule_matches_schema_and_loads() -> None:
    data = json.loads((DOCS / "examples" / "planner-schedule.json").read_text(encoding="utf-8"))

    jsonschema.validate(data, schema("schedule"), cls=jsonschema.Draft202012Validator)

    assert Schedule.from_dict(data).to_dict() == data


def test_solver_output_matches_schedule_schema() -> None:
    instance = generate_instance(5, 6, 1, seed=11, slots_per_day=5, interpreters=1)

    produced = solve(instance, time_limit=2).to_dict()

    jsonschema.validate(produced, schema("schedule"), cls=jsonschema.Draft202012Validator)
    jsonschema.validate(instance.to_dict(), schema("instance"), cls=jsonschema.Draft202012Validator)
    assert json.loads(json.dumps(produced)) == produced
