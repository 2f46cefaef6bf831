"""The unit-of-work contract services depend on; the SQLAlchemy one lives in adapters.db.

One rule everywhere: a service opens the unit of work (`with uow:`), checks the viewer's access, works through
the repositories it exposes, and commits. Leaving the block without `commit()` rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from kakehashi.services.repositories import (
    AccountsRepository,
    CatalogRepository,
    DirectoryQueries,
    IdentityRepository,
    InsightsRepository,
    JobsRepository,
    MissionsRepository,
    NeedsRepository,
    RateLimitsRepository,
    SearchChangesRepository,
    SharingRepository,
    WorkspaceRepository,
)


class UnitOfWork(Protocol):
    catalog: CatalogRepository
    directory: DirectoryQueries
    needs: NeedsRepository
    workspace: WorkspaceRepository
    missions: MissionsRepository
    accounts: AccountsRepository
    sharing: SharingRepository
    identity: IdentityRepository
    jobs: JobsRepository
    insights: InsightsRepository
    search_changes: SearchChangesRepository
    rate_limits: RateLimitsRepository

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
