"""One repository per aggregate over one SQLAlchemy session; dialect differences live here, not in services."""

from kakehashi.adapters.db.repositories.accounts import SqlAlchemyAccountsRepository
from kakehashi.adapters.db.repositories.catalog import SqlAlchemyCatalogRepository
from kakehashi.adapters.db.repositories.directory import SqlAlchemyDirectoryQueries
from kakehashi.adapters.db.repositories.identity import SqlAlchemyIdentityRepository
from kakehashi.adapters.db.repositories.insights import SqlAlchemyInsightsRepository
from kakehashi.adapters.db.repositories.jobs import SqlAlchemyJobsRepository
from kakehashi.adapters.db.repositories.missions import SqlAlchemyMissionsRepository
from kakehashi.adapters.db.repositories.multiworker import (
    SqlAlchemyRateLimitsRepository,
    SqlAlchemySearchChangesRepository,
)
from kakehashi.adapters.db.repositories.needs import SqlAlchemyNeedsRepository
from kakehashi.adapters.db.repositories.sharing import SqlAlchemySharingRepository
from kakehashi.adapters.db.repositories.workspace import SqlAlchemyWorkspaceRepository

__all__ = [
    "SqlAlchemyAccountsRepository",
    "SqlAlchemyCatalogRepository",
    "SqlAlchemyDirectoryQueries",
    "SqlAlchemyIdentityRepository",
    "SqlAlchemyJobsRepository",
    "SqlAlchemyInsightsRepository",
    "SqlAlchemyMissionsRepository",
    "SqlAlchemyNeedsRepository",
    "SqlAlchemyRateLimitsRepository",
    "SqlAlchemySearchChangesRepository",
    "SqlAlchemySharingRepository",
    "SqlAlchemyWorkspaceRepository",
]
