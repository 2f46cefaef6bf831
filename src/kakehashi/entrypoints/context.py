"""Composition root: builds engine, unit-of-work factory and derived indexes from one Settings object."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kakehashi.adapters.db.engine import make_engine, make_session_factory
from kakehashi.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from kakehashi.domain.errors import StorageFull
from kakehashi.settings import Settings, get_settings

if TYPE_CHECKING:
    from kakehashi.adapters.jobs import HueyJobQueue
    from kakehashi.adapters.search.engine import SearchEngine
    from kakehashi.domain.jobs import JobKind, JobStatus
    from kakehashi.services.insight_dashboard import InsightsSource
    from kakehashi.services.jobs import Handler, ReapReport
    from kakehashi.services.rate_limits import RateCounter, RateLimit
    from kakehashi.services.workspace import Mailer

logger = logging.getLogger("kakehashi.context")


@dataclass
class AppContext:
    """Everything an entry point needs, created lazily and once per process."""

    settings: Settings = field(default_factory=get_settings)
    database_url: str | None = None

    def use_install_secret(self) -> None:
        """Sign tokens, cookies and CSRF tokens with the install's own secret instead of the public
        development default (a no-op when KAKEHASHI_SECRET_KEY is set)."""
        self.settings = self.settings.with_install_secret()

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.database_url or self.settings.resolved_database_url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.session_factory)

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    @cached_property
    def search_engine(self) -> SearchEngine:
        """The search index under data_dir/index, opened on first use (the encoder loads lazily too)."""
        from kakehashi.adapters.search.engine import SearchEngine

        return SearchEngine.open(self.settings.index_dir, encoder_threads=self.settings.encoder_threads)

    def catalog_changed(self, organization_ids: Sequence[int]) -> None:
        """Bring derived data (the search index) up to date with committed catalogue rows: these
        organizations at once, and whatever else the change log holds that this index has not applied
        (other workers follow the log by themselves, see web.follower)."""
        if not organization_ids:
            return
        from kakehashi.adapters.search.engine import is_storage_full
        from kakehashi.services.search import follow_changes

        try:
            follow_changes(self.uow(), self.search_engine, also=organization_ids)
        except (OSError, ValueError) as exc:
            if not is_storage_full(exc):
                raise
            # The change log keeps the change: the next follow (any worker, any command) indexes it.
            logger.error("no space left for the search index in %s: %s", self.settings.index_dir, exc)
            raise StorageFull() from exc

    @property
    def insights(self) -> InsightsSource:
        """The insights queries the dashboards read (capital, deals, cohorts, series), aggregated in SQL."""
        from kakehashi.services import insights

        return insights

    def dispose(self) -> None:
        if "job_queue" in self.__dict__:
            self.job_queue.close()
        if "engine" in self.__dict__:
            self.engine.dispose()

    # --- schema: `kakehashi init` without importing adapters in the CLI ---

    def upgrade_schema(self) -> str:
        """Create or upgrade the database schema to the newest migration; answers the database's URL with
        the password hidden, for the confirmation line."""
        from kakehashi.adapters.db.schema import upgrade_to_head

        upgrade_to_head(self.engine)
        return self.engine.url.render_as_string(hide_password=True)

    # --- background jobs: huey carries job ids, the jobs table holds the rest (docs/jobs.md) ---

    @cached_property
    def job_queue(self) -> HueyJobQueue:
        from kakehashi.adapters.jobs import HueyJobQueue, make_huey

        huey = make_huey(
            self.settings.resolved_jobs_backend,
            queue_file=self.settings.data_dir / "jobs-queue.db",
            redis_url=self.settings.redis_url or "redis://127.0.0.1:6379/0",
            name=self.settings.jobs_queue_name,
        )
        return HueyJobQueue(huey, run=self.run_job, tick=self.jobs_tick)

    @cached_property
    def job_handlers(self) -> dict[JobKind, Handler]:
        """What each kind of job does, with this process's search engine, mailer and re-index hook."""
        from kakehashi.services import job_kinds

        tools = job_kinds.JobTools(
            uow=self.uow,
            search_engine=lambda: self.search_engine,
            mailer=self.mailer,
            catalog_changed=self.catalog_changed,
            meeting_request_ttl_days=self.settings.meeting_request_ttl_days,
        )
        return job_kinds.handlers(tools)

    def run_job(self, job_id: int) -> JobStatus | None:
        """Claim and run one job in this process (what a queue message asks for)."""
        from kakehashi.services import jobs

        return jobs.run_job(
            self.uow,
            job_id=job_id,
            handlers=self.job_handlers,
            heartbeat_seconds=self.settings.jobs_heartbeat_seconds,
        )

    def reap_jobs(self) -> ReapReport:
        """Queue again (or fail, with the reason) the jobs whose worker stopped beating."""
        from kakehashi.services import jobs

        return jobs.reap(self.uow(), self.job_queue, stale_seconds=self.settings.jobs_stale_seconds)

    def jobs_tick(self) -> None:
        """Every minute in each consumer: the reaper, and housekeeping when it is due."""
        from kakehashi.domain.jobs import JobKind as Kind
        from kakehashi.services import jobs

        self.reap_jobs()
        jobs.enqueue_if_due(
            self.uow(),
            self.job_queue,
            kind=Kind.HOUSEKEEPING,
            every_seconds=self.settings.housekeeping_seconds,
        )

    # --- request limits shared by every worker ---

    @cached_property
    def rate_counter(self) -> RateCounter:
        """Redis when KAKEHASHI_REDIS_URL is set, else the database."""
        if self.settings.redis_url:
            from kakehashi.adapters.rate_limits import RedisRateCounter

            return RedisRateCounter(self.settings.redis_url)
        from kakehashi.services.rate_limits import DatabaseRateCounter

        return DatabaseRateCounter(self.uow)

    def rate_limit(self, action: str) -> RateLimit:
        """The configured limit of an action (search, matches, planner)."""
        from kakehashi.services.rate_limits import RateLimit

        requests = int(getattr(self.settings, f"rate_limit_{action}"))
        return RateLimit(action, requests, self.settings.rate_limit_window_seconds)

    # --- outgoing mail for saved-search alerts ---

    def mailer(self) -> Mailer | None:
        """Sends alert e-mail through the configured SMTP server; None when no server is configured."""
        from kakehashi.adapters.mail import smtp_mailer

        return smtp_mailer(self.settings)
