"""Every why-not reason and rule name the planner gives is a message id with a Japanese translation."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kakehashi
from kakehashi.adapters.planner import explain
from kakehashi.domain.planning import Reason, Rule, Unscheduled

pytestmark = pytest.mark.unit

CATALOG = Path(kakehashi.__file__).parent / "entrypoints/web/locales/ja/LC_MESSAGES/messages.po"


def _catalog() -> dict[str, str]:
    with CATALOG.open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale="ja") if isinstance(m.id, str) and m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_reason_and_rule_name_has_a_japanese_translation_with_the_same_placeholders() -> None:
    catalog = _catalog()
    wanted = [*explain.REASON_MESSAGES, *(explain.MANDATORY + m for m in explain.REASON_MESSAGES), *Rule]

    missing = [m for m in wanted if not catalog.get(m)]
    mismatched = [m for m in wanted if catalog.get(m) and _placeholders(catalog[m]) != _placeholders(m)]

    assert (missing, mismatched) == ([], [])


def test_a_reason_keeps_its_english_text_and_travels_with_its_message_id() -> None:
    left_out = Unscheduled.because(
        "d1", "h1", Reason.VENUE_FULL, explain.VENUE_FULL, mandatory=True, host="Hub"
    )

    again = Unscheduled.from_dict(left_out.to_dict())

    assert (again, again.reason) == (
        left_out,
        "venue full: Hub's venue holds no more meetings in the common slots",
    )
