"""Searching the catalogue and keeping the search index in step with the database (the source of truth)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import func, select

from kakehashi.adapters.db.models import Organization
from kakehashi.adapters.search.documents import IndexDocument, document_from_organization
from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.domain.search import SearchFilters, SearchMode, SearchResults
from kakehashi.services.unit_of_work import UnitOfWork

Progress = Callable[[int, int], None]  # (done, total)


def search_catalog(
    uow: UnitOfWork,
    engine: SearchEngine,
    *,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 10,
    offset: int = 0,
    mode: SearchMode = SearchMode.HYBRID,
) -> SearchResults:
    """Ranked, explained organizations for a query in Japanese or English (the index answers alone)."""
    return engine.search(query, filters, limit, offset, mode=mode)


def _documents(uow: UnitOfWork, ids: Sequence[int]) -> list[IndexDocument]:
    rows = uow.session.scalars(select(Organization).where(Organization.id.in_(list(ids)))).all()
    return [document_from_organization(row) for row in rows]


def index_organizations(
    uow: UnitOfWork, engine: SearchEngine, *, ids: Sequence[int], commit: bool = True
) -> int:
    """Bring the given organizations up to date in the index: re-index those that exist, drop the rest.

    commit=False leaves the index write open for a bulk load that commits once at the end.
    """
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return 0
    done = 0
    with uow:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            docs = _documents(uow, chunk)
            engine.upsert(docs, commit=False)
            present = {d.id for d in docs}
            engine.delete([i for i in chunk if i not in present], commit=False)
            done += len(docs)
    if commit:
        engine.commit()
    return done


def _all_documents(uow: UnitOfWork, batch_size: int) -> Iterator[list[IndexDocument]]:
    last_id = 0
    while True:
        rows = uow.session.scalars(
            select(Organization).where(Organization.id > last_id).order_by(Organization.id).limit(batch_size)
        ).all()
        if not rows:
            return
        last_id = rows[-1].id
        yield [document_from_organization(row) for row in rows]
        uow.session.expunge_all()  # keep memory flat on large catalogues


def rebuild_index(
    uow: UnitOfWork, engine: SearchEngine, *, progress: Progress | None = None, batch_size: int = 512
) -> int:
    """Recreate the whole index from the database, streaming in batches; one commit at the end."""
    with uow:
        total = int(uow.session.scalar(select(func.count(Organization.id))) or 0)

        def batches() -> Iterator[list[IndexDocument]]:
            done = 0
            if progress is not None:
                progress(0, total)
            for batch in _all_documents(uow, batch_size):
                yield batch
                done += len(batch)
                if progress is not None:
                    progress(done, total)

        return engine.rebuild(batches())


def sync_index(uow: UnitOfWork, engine: SearchEngine) -> int:
    """Index what the database has and the index lacks (e.g. rows written by a tool that skipped the hook).

    Returns how many organizations were added or removed; 0 when both already agree.
    """
    with uow:
        db_count = int(uow.session.scalar(select(func.count(Organization.id))) or 0)
        if db_count == engine.count():
            return 0  # same size: trust the hook that keeps them in step
        db_ids = set(uow.session.scalars(select(Organization.id)).all())
    indexed = engine.indexed_ids()
    missing = sorted(db_ids - indexed)
    extra = sorted(indexed - db_ids)
    if extra:
        engine.delete(extra)
    if missing:
        index_organizations(uow, engine, ids=missing)
    return len(missing) + len(extra)
