"""Every user-facing error is a message id with a Japanese translation, and renders in both languages.

The walk reads the source: each `raise NotFound("…", name=value)` (and every other domain error, `Msg(…)` and
`N_(…)`) must pass a literal message id, never an f-string, and the Japanese catalog must translate it with
the same placeholders.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kakehashi
from kakehashi.domain.errors import InvalidInput, KakehashiError, NotFound, SchemaOutOfDate
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.web import i18n

pytestmark = pytest.mark.unit

PACKAGE = Path(kakehashi.__file__).parent
ERROR_CALLS = {
    "KakehashiError",
    "NotFound",
    "InvalidInput",
    "PermissionDenied",
    "AuthenticationFailed",
    "TooManyAttempts",
    "SchemaOutOfDate",
    "ServiceUnavailable",
    "Conflict",
    "Msg",
    "N_",
}
SOURCES = sorted(
    p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and "entrypoints" not in p.parts
)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _message_ids(path: Path) -> tuple[list[str], list[str]]:
    """(literal message ids, problems such as f-strings) of one source file."""
    found: list[str] = []
    problems: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _name(node.func) not in ERROR_CALLS or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append(first.value)
        elif isinstance(first, ast.JoinedStr | ast.BinOp) or (
            isinstance(first, ast.Call) and _name(first.func) == "format"
        ):
            problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: formatted text, not a message id")
    return found, problems


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def _catalog() -> dict[str, str]:
    with (Path(i18n.__file__).parent / "locales" / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale="ja") if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_id_is_translated_to_japanese_with_the_same_placeholders(path: Path) -> None:
    ids, problems = _message_ids(path)
    catalog = _catalog()

    untranslated = sorted({m for m in ids if not catalog.get(m)})
    mismatched = sorted({m for m in ids if catalog.get(m) and _placeholders(catalog[m]) != _placeholders(m)})

    assert (problems, untranslated, mismatched) == ([], [], [])


def test_every_service_error_renders_as_a_japanese_sentence_with_its_parameters_filled() -> None:
    """What a Japanese page or `--lang ja` shows for each error: Japanese text, every parameter in its place."""
    # Separators such as ", " are message ids for lists inside a reason, not sentences.
    ids = sorted({m for path in SOURCES for m in _message_ids(path)[0] if re.search(r"[a-z]", m)})
    broken: list[str] = []
    for msgid in ids:
        fields = [(name, spec) for _lit, name, spec, _conv in string.Formatter().parse(msgid) if name]
        params: dict[str, object] = {name: 1234 if spec else f"<{name}>" for name, spec in fields}
        shown = [f"{params[name]:{spec}}" if spec else str(params[name]) for name, spec in fields]
        text = messages.error_text(KakehashiError(msgid, **params), "ja")
        japanese = re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)
        if not japanese or any(value not in text for value in shown) or re.search(r"\{\w+", text):
            broken.append(f"{msgid!r} -> {text!r}")

    assert len(ids) > 200
    assert broken == []


def test_an_error_renders_as_a_sentence_in_english_and_in_japanese() -> None:
    error = InvalidInput("a need needs a title")

    assert messages.error_text(error, "en") == "A need needs a title."
    assert messages.error_text(error, "ja") == "技術ニーズにはタイトルが必要です。"


def test_parameters_are_filled_in_after_translation() -> None:
    error = NotFound("need {need_id} not found", need_id=42)

    assert str(error) == "need 42 not found"
    assert "42" in messages.error_text(error, "ja")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", messages.error_text(error, "ja"))


def test_the_missing_schema_error_is_one_message_in_both_languages() -> None:
    text_ja = messages.error_text(SchemaOutOfDate(), "ja")

    assert "kakehashi init" in messages.error_text(SchemaOutOfDate(), "en")
    assert "kakehashi init" in text_ja and text_ja != messages.error_text(SchemaOutOfDate(), "en")


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("ja", "日程がありません", "日程がありません。"),
        ("ja", "制限時間は正の秒数です（3）", "制限時間は正の秒数です（3）"),
        ("ja", "本当ですか？", "本当ですか？"),
        ("ja", "完了！", "完了！"),
        ("ja", "日程がありません。", "日程がありません。"),
        ("ja", "{path}: 読み込めません (EACCES)", "{path}: 読み込めません (EACCES)。"),
        ("en", "a need needs a title", "A need needs a title."),
        ("en", "is it (3)", "Is it (3)"),
    ],
)
def test_a_sentence_ends_with_the_full_stop_of_its_language(locale: str, text: str, expected: str) -> None:
    assert messages._sentence(text, locale) == expected


def test_a_japanese_message_without_a_full_stop_gets_a_japanese_one() -> None:
    error = InvalidInput("invalid instance: {problem}", problem="slot s2")

    assert messages.error_text(error, "en") == "Invalid instance: slot s2."
    assert messages.error_text(error, "ja") == "計画データ（インスタンス）に問題があります: slot s2。"
