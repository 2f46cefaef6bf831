"""From two files to one company: a Japanese list and an English list imported, resolved by the real matching
engine, reviewed, merged, and undone — on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kakehashi.entrypoints.context import AppContext
from kakehashi.services import identity
from kakehashi.services.catalog import import_companies_file
from kakehashi.services.directory import CompanyFilters, list_companies

pytestmark = pytest.mark.integration

JAPANESE = (
    "管理番号,会社名,フリガナ,本社所在地,業種\n"
    "JP-1,株式会社東洋精機製作所,トウヨウセイキセイサクショ,東京都千代田区丸の内１丁目１番１号,機械\n"
    "JP-2,北海道テクノ株式会社,ホッカイドウテクノ,北海道札幌市中央区北一条西２丁目,情報・通信業\n"
)
ENGLISH = (
    "Organization UUID,Organization Name,Industries,Headquarters Location\n"
    'uuid-1,"Toyo Seiki Seisakusho Co., Ltd.",Machinery,"Tokyo, Japan"\n'
    'uuid-2,Negev Water Analytics,Water,"Beersheba, Israel"\n'
)


def _names(context: AppContext) -> list[str]:
    page = list_companies(context.uow(), filters=CompanyFilters(), limit=50)
    return sorted(item.name for item in page.items)


def test_the_same_company_in_a_japanese_and_an_english_list_becomes_one_and_can_be_split_again(
    context: AppContext, tmp_path: Path
) -> None:
    (tmp_path / "jp.csv").write_bytes(JAPANESE.encode("shift_jis"))
    (tmp_path / "en.csv").write_text(ENGLISH, encoding="utf-8")
    import_companies_file(context.uow(), path=tmp_path / "jp.csv")
    import_companies_file(context.uow(), path=tmp_path / "en.csv")
    before = _names(context)

    report = identity.resolve_identities(context.uow(), viewer=None)
    [suggestion] = identity.list_suggestions(context.uow(), viewer=None)
    change = identity.accept_suggestion(context.uow(), viewer=None, suggestion_id=suggestion.id)
    merged = _names(context)
    identity.undo_merge(context.uow(), viewer=None, merge_id=change.merge.id)

    assert len(before) == 4
    # Names alike across scripts but no identifier or industry to confirm: a suggestion, not a silent merge.
    assert (len(report.merged), len(report.suggested)) == (0, 1)
    assert {suggestion.record_a.name, suggestion.record_b.name} == {  # type: ignore[union-attr]
        "株式会社東洋精機製作所",
        "Toyo Seiki Seisakusho Co., Ltd.",
    }
    assert any("names" in reason for reason in suggestion.reasons)  # why, in words
    assert len(merged) == 3 and "Negev Water Analytics" in merged and "北海道テクノ株式会社" in merged
    assert _names(context) == before
    assert identity.resolve_identities(context.uow(), viewer=None).suggested == ()  # undone = two companies
