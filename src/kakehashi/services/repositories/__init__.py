"""What the services need from storage, one protocol per aggregate (implemented in adapters.db.repositories,
and in memory by the fakes the service unit tests use)."""

from kakehashi.services.repositories.accounts import AccountsRepository
from kakehashi.services.repositories.catalog import CatalogRepository
from kakehashi.services.repositories.directory import DirectoryQueries
from kakehashi.services.repositories.identity import IdentityRepository
from kakehashi.services.repositories.insights import InsightsRepository
from kakehashi.services.repositories.jobs import JobsRepository
from kakehashi.services.repositories.missions import MissionsRepository
from kakehashi.services.repositories.needs import NeedsRepository
from kakehashi.services.repositories.rate_limits import RateLimitsRepository
from kakehashi.services.repositories.search_changes import SearchChangesRepository
from kakehashi.services.repositories.sharing import SharingRepository
from kakehashi.services.repositories.workspace import WorkspaceRepository

__all__ = [
    "AccountsRepository",
    "CatalogRepository",
    "DirectoryQueries",
    "IdentityRepository",
    "JobsRepository",
    "InsightsRepository",
    "MissionsRepository",
    "NeedsRepository",
    "RateLimitsRepository",
    "SearchChangesRepository",
    "SharingRepository",
    "WorkspaceRepository",
]
