"""An in-memory unit of work for service unit tests: the same repositories as the SQL one, kept in dicts.

Changes apply at once (there is no rollback); `commits` counts `commit()` calls, so a test can assert that a
service committed exactly when it should, and `entered` that the service opened the unit of work itself.
"""

from __future__ import annotations

from types import TracebackType

from tests.unit.services.fakes.accounts import FakeAccountsRepository
from tests.unit.services.fakes.catalog import FakeCatalogRepository
from tests.unit.services.fakes.directory import FakeDirectoryQueries
from tests.unit.services.fakes.identity import FakeIdentityRepository
from tests.unit.services.fakes.jobs import FakeJobsRepository
from tests.unit.services.fakes.missions import FakeMissionsRepository
from tests.unit.services.fakes.multiworker import FakeRateLimitsRepository, FakeSearchChangesRepository
from tests.unit.services.fakes.needs import FakeNeedsRepository
from tests.unit.services.fakes.sharing import FakeSharingRepository
from tests.unit.services.fakes.workspace import FakeWorkspaceRepository


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.catalog = FakeCatalogRepository()
        self.directory = FakeDirectoryQueries()
        self.needs = FakeNeedsRepository()
        self.workspace = FakeWorkspaceRepository()
        self.missions = FakeMissionsRepository()
        self.accounts = FakeAccountsRepository()
        self.sharing = FakeSharingRepository()
        self.identity = FakeIdentityRepository()
        self.jobs = FakeJobsRepository()
        self.search_changes = FakeSearchChangesRepository()
        self.rate_limits = FakeRateLimitsRepository()
        self.commits = 0
        self.entered = 0

    def __enter__(self) -> FakeUnitOfWork:
        self.entered += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        return None
