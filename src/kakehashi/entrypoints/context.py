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
    from kakehashi.adapters.search.engine import SearchEngine
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

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    # --- schema: `kakehashi init` without importing adapters in the CLI ---

    def upgrade_schema(self) -> str:
        """Create or upgrade the database schema to the newest migration; answers the database's URL with
        the password hidden, for the confirmation line."""
        from kakehashi.adapters.db.schema import upgrade_to_head

        upgrade_to_head(self.engine)
        return self.engine.url.render_as_string(hide_password=True)

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
