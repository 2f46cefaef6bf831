"""Catalogue use cases: import companies and funding rounds, export, statistics, vocabulary, synthetic files.

Each module holds one job; the names the entry points, benchmarks and tests use are re-exported here.
"""

from kakehashi.services.catalog.companies_import import (
    import_companies,
    import_companies_file,
    write_companies,
)
from kakehashi.services.catalog.export import export_companies
from kakehashi.services.catalog.generate import generate_companies_file
from kakehashi.services.catalog.organization_values import name_key
from kakehashi.services.catalog.report import AfterCommit, ImportReport, ProgressFn
from kakehashi.services.catalog.rounds_import import import_rounds, import_rounds_file, write_rounds
from kakehashi.services.catalog.stats import catalog_stats
from kakehashi.services.catalog.vocabulary import ensure_vocabulary
from kakehashi.services.repositories.catalog import CatalogStats

__all__ = [
    "AfterCommit",
    "CatalogStats",
    "ImportReport",
    "ProgressFn",
    "catalog_stats",
    "ensure_vocabulary",
    "export_companies",
    "generate_companies_file",
    "import_companies",
    "import_companies_file",
    "import_rounds",
    "import_rounds_file",
    "name_key",
    "write_companies",
    "write_rounds",
]
