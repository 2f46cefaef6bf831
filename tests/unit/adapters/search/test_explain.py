"""Why a hit is there: the explanation follows the company's current text, also when it was explained before."""

import pytest

from kakehashi.adapters.search.explain import explain
from kakehashi.adapters.search.lexical import StoredDoc, WeightedTerm

pytestmark = pytest.mark.unit


def _doc(desc_en: str = "", desc_ja: str = "", taxonomy: list[list[str]] | None = None) -> StoredDoc:
    return StoredDoc(
        id=7,
        name="Shield Labs",
        names=["Shield Labs", "シールドラボ"],
        desc_en=desc_en,
        desc_ja=desc_ja,
        taxonomy=taxonomy or [],
        kind="startup",
        country="IL",
    )


SECURITY = WeightedTerm(("secur",), "en", 1.0, "security", "security")
ROBOT_JA = WeightedTerm(("ロボット",), "ja", 1.0, "ロボット", "ロボット")


def test_an_edited_description_changes_the_explanation_of_the_same_company():
    before = _doc(desc_en="Industrial security for factories", desc_ja="工場のセキュリティ")
    after = _doc(desc_en="Warehouse automation", desc_ja="倉庫のロボット")

    matched_before, _, _ = explain(before, [SECURITY, ROBOT_JA], None)
    matched_after, _, _ = explain(after, [SECURITY, ROBOT_JA], None)
    matched_before_again, _, _ = explain(before, [SECURITY, ROBOT_JA], None)

    assert [m.term for m in matched_before] == ["security"]
    assert [(m.term, m.field) for m in matched_after] == [("ロボット", "description")]
    assert matched_before_again == matched_before


def test_taxonomy_labels_match_in_either_language():
    doc = _doc(taxonomy=[["sector", "robotics", "Robotics", "ロボット"]])

    _, taxonomy, why = explain(doc, [ROBOT_JA], 0.5)

    assert taxonomy == ["Robotics / ロボット"]
    assert why[-1] == "semantic similarity 0.50"
