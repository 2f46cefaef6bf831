"""What the analyzers and the encoder receive of an organization is bounded, however big its stored texts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kakehashi.adapters.search.documents import MAX_INDEXED_TEXT, IndexDocument, document_from_organization

pytestmark = pytest.mark.unit


def test_a_five_megabyte_description_reaches_the_analyzers_cut() -> None:
    blob = "x" * (5 * 1024 * 1024)
    org = SimpleNamespace(id=1, name="Big", kind="startup", name_ja=None, name_kana=None, name_en=None,
                          domain=None, terms=[], description_en=blob, description_ja="あ" * 200_000, country=None,
                          stage=None, status=None, founded_on=None, total_funding_usd=None)  # fmt: skip

    document = document_from_organization(org)

    assert (len(document.description_en), len(document.description_ja)) == (
        MAX_INDEXED_TEXT,
        MAX_INDEXED_TEXT,
    )


def test_the_encoder_never_gets_a_whole_description_without_spaces() -> None:
    document = IndexDocument(id=1, name="Big", description_en="y" * 1_000_000)

    assert len(document.embedding_text()) < 1_000
