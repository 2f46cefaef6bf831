"""SQLAlchemy unit of work: one session, its repositories, rolled back unless committed.

Database failures leave here as domain errors, so no service or entry point needs to know SQLAlchemy: a missing
or old schema is `SchemaOutOfDate`, a lost race is `Conflict`, an unreachable server `ServiceUnavailable`.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from kakehashi.adapters.db.repositories import (
    SqlAlchemyAccountsRepository,
    SqlAlchemyCatalogRepository,
    SqlAlchemyDirectoryQueries,
    SqlAlchemyIdentityRepository,
    SqlAlchemyInsightsRepository,
    SqlAlchemyJobsRepository,
    SqlAlchemyMissionsRepository,
    SqlAlchemyNeedsRepository,
    SqlAlchemyRateLimitsRepository,
    SqlAlchemySearchChangesRepository,
    SqlAlchemySharingRepository,
    SqlAlchemyWorkspaceRepository,
)
from kakehashi.domain.errors import Conflict, InvalidInput, SchemaOutOfDate, ServiceUnavailable
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

# What SQLite and PostgreSQL say when a table or column the code expects is not there.
_MISSING_SCHEMA_HINTS = (
    "no such table",
    "no such column",
    "does not exist",
    "undefinedtable",
    "undefinedcolumn",
)


def is_missing_schema(exc: BaseException) -> bool:
    """True when a database error means the schema is missing or older than the code."""
    if not isinstance(exc, OperationalError | ProgrammingError):
        return False
    original = exc.orig if isinstance(exc, DBAPIError) else None
    detail = f"{type(original).__name__} {original}" if original is not None else str(exc)
    return any(hint in detail.lower() for hint in _MISSING_SCHEMA_HINTS)


def translate_database_error(exc: BaseException) -> BaseException | None:
    """The domain error a database failure means to a user, or None when it is a programming error."""
    if is_missing_schema(exc):
        return SchemaOutOfDate()
    if isinstance(exc, IntegrityError):
        return Conflict()
    if isinstance(exc, OperationalError | PoolTimeout):  # no server, or every pooled connection busy too long
        return ServiceUnavailable()
    if isinstance(exc, DBAPIError):  # e.g. a value the column cannot hold: the transaction was rolled back
        detail = str(exc.orig if exc.orig is not None else exc).strip().splitlines()[0][:200]
        return InvalidInput("database error, nothing was written: {detail}", detail=detail)
    return None


class SqlAlchemyUnitOfWork:
    """Context manager around one database transaction; services receive it as an argument."""

    session: Session
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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self._session_factory()
        self.catalog = SqlAlchemyCatalogRepository(self.session)
        self.directory = SqlAlchemyDirectoryQueries(self.session)
        self.needs = SqlAlchemyNeedsRepository(self.session)
        self.workspace = SqlAlchemyWorkspaceRepository(self.session)
        self.missions = SqlAlchemyMissionsRepository(self.session)
        self.accounts = SqlAlchemyAccountsRepository(self.session)
        self.sharing = SqlAlchemySharingRepository(self.session)
        self.identity = SqlAlchemyIdentityRepository(self.session)
        self.jobs = SqlAlchemyJobsRepository(self.session)
        self.insights = SqlAlchemyInsightsRepository(self.session)
        self.search_changes = SqlAlchemySearchChangesRepository(self.session)
        self.rate_limits = SqlAlchemyRateLimitsRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.session.close()
        if exc is not None and (domain := translate_database_error(exc)) is not None:
            raise domain from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
