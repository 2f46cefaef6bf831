"""The real development lists (EDINET filers, public data in ../shared/data/identity-dev next to the checkout, or
KAKEHASHI_IDENTITY_DEV) go in whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kakehashi.adapters.db.models import Organization
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.catalog import import_companies_file

pytestmark = pytest.mark.integration

DEV = Path(
    os.environ.get("KAKEHASHI_IDENTITY_DEV")
    or Path(__file__).resolve().parents[4] / "shared" / "data" / "identity-dev"
)


@pytest.mark.skipif(not (DEV / "japanese_list.csv").exists(), reason="the identity-dev lists are not here")
def test_real_japanese_and_english_lists_keep_every_named_row(context: AppContext) -> None:
    japanese = import_companies_file(context.uow(), path=DEV / "japanese_list.csv")
    english = import_companies_file(context.uow(), path=DEV / "english_list.csv")
    again = import_companies_file(context.uow(), path=DEV / "japanese_list.csv")

    assert (japanese.rejected, japanese.created + japanese.duplicates) == (0, japanese.rows)
    assert {w.column for w in japanese.warnings} == {"法人番号"}  # Excel rounded them: never identifiers
    assert {e.message for e in english.errors} <= {"the company name is empty"}
    assert again.created == 0
    with context.uow() as uow:
        placed = select(func.count()).where(Organization.municipality.is_not(None))
        assert uow.session.scalar(placed) == japanese.created
        with_prefecture = select(func.count()).where(Organization.prefecture.is_not(None))
        # many addresses name no prefecture; the official municipality list supplies it
        assert uow.session.scalar(with_prefecture) >= 0.98 * japanese.created
        assert uow.session.scalar(select(func.count()).where(Organization.corporate_number.is_not(None))) == 0
