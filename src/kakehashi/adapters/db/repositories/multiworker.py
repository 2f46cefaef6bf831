"""The catalogue change log and the rate-limit counters: state the web workers share through the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models.multiworker import RateLimitCounter, SearchChange

# pg_advisory_xact_lock key (any constant): writers of the change log queue here until commit, so ids become
# visible in the order they were drawn and a follower that saw id n has seen every id below it. SQLite
# needs nothing: it has one writer at a time.
_CHANGE_LOG_LOCK = 0x6B616B65  # "kake"
_CHUNK = 5000


class SqlAlchemySearchChangesRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, organization_ids: Iterable[int]) -> None:
        wanted = sorted({int(i) for i in organization_ids})
        if not wanted:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOG_LOCK})
        now = datetime.now(UTC)
        table = cast(Table, SearchChange.__table__)
        for start in range(0, len(wanted), _CHUNK):
            rows = [{"organization_id": i, "changed_at": now} for i in wanted[start : start + _CHUNK]]
            self.session.execute(insert(table), rows)

    def latest(self) -> int:
        return int(self.session.execute(select(func.max(SearchChange.id))).scalar() or 0)

    def since(self, change_id: int, *, limit: int) -> list[tuple[int, int]]:
        query = (
            select(SearchChange.id, SearchChange.organization_id)
            .where(SearchChange.id > change_id)
            .order_by(SearchChange.id)
            .limit(limit)
        )
        return [(int(row.id), int(row.organization_id)) for row in self.session.execute(query)]


class SqlAlchemyRateLimitsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def hit(self, key: str, *, window_start: int) -> int:
        dialect = self.session.get_bind().dialect.name
        values = {"key": key, "window_start": window_start, "hits": 1}
        table = cast(Table, RateLimitCounter.__table__)
        if dialect == "postgresql":
            pg = postgresql.insert(table).values(values)
            statement = pg.on_conflict_do_update(
                index_elements=["key", "window_start"], set_={"hits": table.c.hits + 1}
            ).returning(table.c.hits)
        else:
            lite = sqlite.insert(table).values(values)
            statement = lite.on_conflict_do_update(
                index_elements=["key", "window_start"], set_={"hits": table.c.hits + 1}
            ).returning(table.c.hits)
        return int(self.session.execute(statement).scalar_one())

    def forget_before(self, window_start: int) -> int:
        result = self.session.execute(
            delete(RateLimitCounter).where(RateLimitCounter.window_start < window_start)
        )
        return int(getattr(result, "rowcount", 0) or 0)
