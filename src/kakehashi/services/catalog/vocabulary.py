"""The shipped bilingual sector/technology vocabulary in the catalogue's taxonomy."""

from __future__ import annotations

from kakehashi.domain.taxonomy import VOCABULARY
from kakehashi.services.unit_of_work import UnitOfWork


def ensure_vocabulary(uow: UnitOfWork) -> None:
    """Load the shipped bilingual sector/technology vocabulary (so filters list every sector from day one)."""
    with uow:
        uow.catalog.upsert_terms(VOCABULARY)
        uow.commit()
