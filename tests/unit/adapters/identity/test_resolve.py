"""Resolution end to end on a handful of records (written here, not from any development set)."""

from __future__ import annotations

import re

from kakehashi.adapters.identity.resolve import resolve
from kakehashi.adapters.identity.score import features, score_pair
from kakehashi.domain.identity import IdentityRecord


def rec(id: int, name: str, **fields: object) -> IdentityRecord:
    return IdentityRecord(id=id, name=name, **fields)  # type: ignore[arg-type]


def pairs(links: tuple[object, ...]) -> set[tuple[int, int]]:
    return {(link.a, link.b) for link in links}  # type: ignore[attr-defined]


JA = "ja-list"
EN = "en-list"
RECORDS = [
    rec(1, "青葉電機株式会社", name_kana="アオバデンキカブシキガイシャ", country="JP", source=JA),
    rec(2, "Aoba Electric Co., Ltd.", country="JP", source=EN),
    rec(3, "株式会社ミドリ製薬", name_kana="ミドリセイヤク", country="JP", source=JA),
    rec(4, "Midori Pharmaceutical Inc.", country="JP", source=EN),
    rec(5, "白樺銀行", name_kana="シラカバギンコウ", country="JP", source=JA),
    rec(6, "The Shirakaba Bank, Ltd.", country="JP", source=EN),
    rec(7, "Kumo Robotics Ltd.", country="IL", source=EN),
    rec(8, "株式会社ソラ建設", name_kana="ソラケンセツ", country="JP", source=JA),
    rec(9, "Umi Construction Corporation", country="JP", source=EN),
]


def test_same_company_across_scripts_is_merged_and_strangers_are_not() -> None:
    result = resolve(RECORDS)
    merged = pairs(result.merges)
    assert {(1, 2), (3, 4), (5, 6)} <= merged
    assert not any(7 in pair or 9 in pair for pair in merged)
    assert (8, 9) not in merged


def test_reasons_are_words_and_scores_are_fractions() -> None:
    result = resolve(RECORDS)
    for link in result.merges + result.suggestions:
        assert 0.0 <= link.score <= 1.0
        assert link.reasons
        for reason in link.reasons:
            assert re.search(r"[a-z]{3,} [a-z]{3,}", reason), reason


def test_a_valid_equal_corporate_number_decides() -> None:
    a = rec(1, "全然違う名前株式会社", corporate_number="9010401052465", source=JA)
    b = rec(2, "Completely Other Name Inc.", corporate_number="9010401052465", source=EN)
    result = resolve([a, b])
    assert pairs(result.merges) == {(1, 2)}
    assert any("corporate number" in reason for reason in result.merges[0].reasons)


def test_valid_different_corporate_numbers_keep_two_companies_apart() -> None:
    a = rec(1, "Aoba Electric", corporate_number="9010401052465")
    b = rec(2, "Aoba Electric", corporate_number="5010001008846")
    score, reasons = score_pair(a, b, features(a), features(b))
    assert score == 0.0
    assert "different corporate numbers" in reasons


def test_a_damaged_corporate_number_never_links_two_companies() -> None:
    # The same damaged number (wrong check digit; or what Excel made of it) on two different companies.
    for damaged in ("9010401052466", "9.01E+12"):
        a = rec(1, "青葉電機株式会社", corporate_number=damaged, source=JA)
        b = rec(2, "Kumo Robotics Ltd.", corporate_number=damaged, source=EN)
        result = resolve([a, b])
        assert not result.merges
        assert not result.suggestions
        score, reasons = score_pair(a, b, features(a), features(b))
        assert score < 0.5
        assert any("damaged" in reason for reason in reasons)


def test_incremental_link_compares_only_the_new_records() -> None:
    catalogue = RECORDS[1::2]  # the English rows
    new = [r for r in RECORDS if r.source == JA]
    result = resolve(new, against=catalogue)
    assert {(1, 2), (3, 4), (5, 6)} <= pairs(result.merges)
    # two catalogue records are never compared with each other
    twins = [rec(100, "Twin Corp", source=EN), rec(101, "Twin Corp", source="other")]
    assert not resolve([], against=twins).merges


def test_a_look_alike_in_the_same_source_is_only_suggested() -> None:
    a = rec(1, "日工株式会社", name_kana="ニッコウ", source=JA)
    b = rec(2, "ニッコー株式会社", name_kana="ニッコー", source=JA)
    result = resolve([a, b])
    assert not result.merges


def test_industry_in_either_language_is_evidence() -> None:
    a = rec(1, "青葉電機株式会社", name_kana="アオバデンキ", sectors=("電気機器",), source=JA)
    same = rec(2, "Aoba Electric Co., Ltd.", sectors=("Electric Appliances",), source=EN)
    other = rec(3, "Aoba Electric Co., Ltd.", sectors=("Banks",), source=EN)
    same_score, same_reasons = score_pair(a, same, features(a), features(same))
    other_score, _ = score_pair(a, other, features(a), features(other))
    assert same_score > other_score
    assert any("same industry" in reason for reason in same_reasons)


def test_names_sharing_only_generic_words_are_not_merged() -> None:
    a = rec(1, "佐藤建設株式会社", name_kana="サトウケンセツ", source=JA)
    b = rec(2, "Kato Construction Co., Ltd.", source=EN)
    assert not resolve([a, b]).merges


def test_a_rename_to_holdings_still_links() -> None:
    a = rec(1, "株式会社ミドリ", name_kana="ミドリ", source=JA)
    b = rec(2, "Midori Holdings Inc.", source=EN)
    links = resolve([a, b])
    assert pairs(links.merges + links.suggestions) == {(1, 2)}
