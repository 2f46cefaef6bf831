"""Searching the catalogue and keeping the search index in step with the database (the source of truth).

The index answers queries alone; the unit of work is opened only to read the organizations it is built from.
`present_results` is the one serialiser of search hits that the API, the CLI and the pages share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.adapters.search.engine import SearchEngine as SearchEngine  # re-exported for the entry points
from kakehashi.domain.search import SearchFilters, SearchHit, SearchMode, SearchResults
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
    """Ranked, explained organizations for a query in Japanese or English.

    The index answers alone, so `uow` is not opened (it stays in the signature the callers share).
    """
    return engine.search(query, filters, limit, offset, mode=mode)


# --- one shape for search hits, wherever they are shown --------------------------------------------------


@dataclass(frozen=True, slots=True)
class HitView:
    """A hit as the API, the CLI and the pages show it: matched words as text ("sensor (センサー)")."""

    id: int
    name: str
    score: float
    why: list[str]
    kind: str | None = None
    country: str | None = None
    matched_terms: list[str] = field(default_factory=list)
    semantic_similarity: float | None = None
    matched_taxonomy: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FacetValueView:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class ResultsView:
    """Search results as shown: hits in the engine's order, facet counts as {value, count}."""

    query: str
    took_ms: float
    total: int
    language: str
    notice: str | None
    items: list[HitView]
    facets: dict[str, list[FacetValueView]]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; `results` repeats `items` for clients of the CLI's original JSON shape."""
        data = asdict(self)
        data["results"] = data["items"]
        return data


def present_hit(hit: SearchHit) -> HitView:
    """The one serialiser of a search hit (score rounded to 6 places, matched words as text)."""
    return HitView(
        id=hit.id,
        name=hit.name,
        score=round(hit.score, 6),
        why=list(hit.why),
        kind=hit.kind,
        country=hit.country,
        matched_terms=[str(term) for term in hit.matched_terms],
        semantic_similarity=hit.semantic_similarity,
        matched_taxonomy=list(hit.matched_taxonomy),
    )


def present_results(results: SearchResults) -> ResultsView:
    """Search (or match) results in the one shape every entry point shows."""
    return ResultsView(
        query=results.query,
        took_ms=round(results.took_ms, 3),
        total=results.total,
        language=results.language,
        notice=results.notice,
        items=[present_hit(hit) for hit in results.hits],
        facets={
            name: [FacetValueView(value=value, count=count) for value, count in counts]
            for name, counts in results.facets.items()
        },
    )


# --- keeping the index in step with the database ---------------------------------------------------------


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
            docs = uow.directory.index_documents(chunk)
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
        documents = uow.directory.index_documents_after(last_id, limit=batch_size)
        if not documents:
            return
        last_id = documents[-1].id
        yield documents


def rebuild_index(
    uow: UnitOfWork, engine: SearchEngine, *, progress: Progress | None = None, batch_size: int = 512
) -> int:
    """Recreate the whole index from the database, streaming in batches; one commit at the end."""
    with uow:
        total = uow.directory.organization_count()

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
        if uow.directory.organization_count() == engine.count():
            return 0  # same size: trust the hook that keeps them in step
        db_ids = uow.directory.organization_ids()
    indexed = engine.indexed_ids()
    missing = sorted(db_ids - indexed)
    extra = sorted(indexed - db_ids)
    if extra:
        engine.delete(extra)
    if missing:
        index_organizations(uow, engine, ids=missing)
    return len(missing) + len(extra)


# --- following the catalogue change log (several workers, each with its own index) ------------------------

FOLLOW_BATCH = 20_000  # change rows read per query while catching up


def index_is_behind(uow: UnitOfWork, engine: SearchEngine) -> bool:
    """True when the change log holds changes this index has not applied (one cheap query: the newest id)."""
    followed = engine.followed_change()
    with uow:
        latest = uow.search_changes.latest()
    return followed is None or latest > followed


def follow_changes(
    uow: UnitOfWork, engine: SearchEngine, *, also: Sequence[int] = (), build: bool = False
) -> int:
    """Re-index the organizations the change log names after the newest change this index applied, plus
    `also`, under the index's write lock (so workers sharing a folder apply each change once).

    An index that never followed the log is adopted as it is (`also` still re-indexed); with build=True
    (a web worker starting) it is first rebuilt from the database unless it holds as many organizations.
    Returns how many organizations were re-indexed.
    """
    engine.begin_write()
    try:
        followed = engine.followed_change()
        with uow:
            latest = uow.search_changes.latest()
        if followed is None:
            engine.mark_followed(latest)  # every change so far is in the database the rebuild reads
            if build and _needs_build(uow, engine):
                return rebuild_index(uow, engine)
            followed = latest
        wanted = {int(i) for i in also}
        while True:
            with uow:
                changes = uow.search_changes.since(followed, limit=FOLLOW_BATCH)
            if not changes:
                break
            followed = changes[-1][0]
            wanted.update(organization_id for _, organization_id in changes)
            engine.mark_followed(followed)
        if not wanted and followed == engine.followed_change():
            engine.release_unchanged()  # a worker sharing this folder applied them first
            return 0
        if wanted:
            index_organizations(uow, engine, ids=sorted(wanted), commit=False)
        engine.commit()  # also when nothing was re-indexed: records the adopted position
        return len(wanted)
    except BaseException:
        engine.rollback()
        raise


def _needs_build(uow: UnitOfWork, engine: SearchEngine) -> bool:
    with uow:
        in_database = uow.directory.organization_count()
    return in_database != engine.count()
