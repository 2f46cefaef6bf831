"""Names before comparison: legal forms, width, kana."""

from __future__ import annotations

import pytest

from kakehashi.adapters.identity.normalize import (
    name_key,
    nfkc,
    strip_kana_legal,
    strip_legal_forms,
    to_katakana,
)


@pytest.mark.parametrize(
    ("raw", "core"),
    [
        ("三菱電機株式会社", "三菱電機"),
        ("株式会社アイチコーポレーション", "アイチ"),
        ("(株)ＡＢＣ", "abc"),
        ("㈱ＡＢＣ", "abc"),
        ("有限会社山田商店", "山田商店"),
        ("合同会社テスト", "テスト"),
        ("Mitsubishi Electric Corp.", "mitsubishi electric"),
        ("The Toho Bank, Ltd.", "toho bank"),
        ("JAPAN POWER FASTENING CO.,LTD", "japan power fastening"),
        ("Foo K.K.", "foo"),
        ("Acme Inc.", "acme"),
        ("Acme Corporation", "acme"),
        ('טבע בע"מ', "טבע"),
    ],
)
def test_legal_forms_are_stripped(raw: str, core: str) -> None:
    assert strip_legal_forms(raw) == core


def test_a_name_that_is_only_a_word_like_co_inside_is_kept() -> None:
    assert strip_legal_forms("Cocokara Fine") == "cocokara fine"  # 'co' only as a whole word


def test_width_and_case_are_unified() -> None:
    assert nfkc("ＴＯＹＯＴＡ　１２３") == "toyota 123"
    assert name_key("ＳＯＮＹ株式会社") == name_key("Sony Corporation") == "sony"


def test_kana_in_any_width_or_script_becomes_katakana() -> None:
    assert to_katakana("みつびし") == "ミツビシ"
    assert to_katakana(nfkc("ﾐﾂﾋﾞｼ")) == "ミツビシ"
    assert strip_kana_legal("カブシキガイシャ タカミサワ") == "タカミサワ"
    assert strip_kana_legal("ﾐﾂﾋﾞｼﾃﾞﾝｷｶﾌﾞｼｷｶﾞｲｼｬ") == "ミツビシデンキ"
