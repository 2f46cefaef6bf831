"""The text rules in the OpenAPI document say exactly what `Input` accepts: no NUL, lengths after trimming."""

from __future__ import annotations

import re

import pytest
from pydantic import Field, ValidationError

from kakehashi.entrypoints.web.api.schemas import Input
from kakehashi.entrypoints.web.api.schemas.rules import NO_NUL, describe_parameters, trimmed_text

pytestmark = pytest.mark.unit


class Named(Input):
    name: str = Field(min_length=1, max_length=20)
    code: str = Field(min_length=2, max_length=2)
    note: str = ""
    tags: list[str] = Field(default_factory=list)


def _accepted(**fields: object) -> bool:
    try:
        Named.model_validate({"name": "x", "code": "JP", **fields})
    except ValidationError:
        return False
    return True


def _pattern(field: str) -> re.Pattern[str]:
    # JSON Schema writes \u0000; Python's re reads the same escape.
    return re.compile(Named.model_json_schema()["properties"][field]["pattern"])


@pytest.mark.parametrize("text", ["a", "  a  ", "a b", "\tä\n", "", " ", "\u3000", "a\x00", "\x00"])
def test_the_name_pattern_matches_what_input_accepts(text: str) -> None:
    assert bool(_pattern("name").search(text)) == _accepted(name=text)


@pytest.mark.parametrize("text", ["JP", " JP ", "J", " J", "J ", "  ", "J\x00"])
def test_a_minimum_length_holds_for_the_trimmed_text(text: str) -> None:
    # (the maximum is its own keyword, maxLength, on the text as sent)
    assert bool(_pattern("code").search(text)) == _accepted(code=text)


def test_free_text_and_list_items_refuse_nul_only() -> None:
    schema = Named.model_json_schema()["properties"]

    assert schema["note"]["pattern"] == schema["tags"]["items"]["pattern"] == NO_NUL
    assert (_accepted(note="a\x00"), _accepted(tags=["\x00"]), _accepted(note=" ")) == (False, False, True)


def test_longer_minimums_count_the_trimmed_text() -> None:
    pattern = re.compile(trimmed_text(4))

    assert [bool(pattern.search(t)) for t in ("abcd", " abcd ", "ab d", " abc ", "abc")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_parameters_of_api_operations_get_the_nul_rule_and_enums_stay_as_they_are() -> None:
    document = {
        "paths": {
            "/api/v1/x": {
                "get": {
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "k", "in": "query", "schema": {"type": "string", "enum": ["a"]}},
                    ]
                }
            },
            "/healthz": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}]}},
        }
    }

    describe_parameters(document)

    api, other = document["paths"]["/api/v1/x"]["get"], document["paths"]["/healthz"]["get"]
    assert [p["schema"].get("pattern") for p in api["parameters"]] == [NO_NUL, None]
    assert "pattern" not in other["parameters"][0]["schema"]
