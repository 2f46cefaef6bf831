"""Service error messages reach a Japanese page in Japanese, and an English page as a sentence."""

from __future__ import annotations

import pytest

from kakehashi.entrypoints.web.pages.messages import translate_error

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a need needs a title", "技術ニーズにはタイトルが必要です。"),
        ("no shortlist with id 42", "存在しないか、ご所属の組織からは閲覧できません。"),
        ("the shortlist name must have at most 200 characters", "入力が長すぎる項目があります。"),
        ("this meeting request was already answered (accepted)", "この面談依頼にはすでに回答済みです。"),
        ("something nobody foresaw", "something nobody foresaw"),
    ],
)
def test_translate_error_in_japanese(message: str, expected: str) -> None:
    assert translate_error(message, "ja") == expected


def test_translate_error_in_english_is_a_sentence() -> None:
    assert translate_error("a need needs a title", "en") == "A need needs a title."
