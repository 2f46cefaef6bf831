"""Saved searches, and the alerts raised when startups newly match one of them."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput, Msg, NotFound
from kakehashi.domain.search import SearchFilters
from kakehashi.domain.workspace import AlertView, SavedSearchView
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import check_editable, require_writer, visible
from kakehashi.services.workspace.inputs import NAME_MAX, QUERY_MAX, clean_text
from kakehashi.services.workspace.inputs import now as clock

ALERT_DEPTH = 50  # how many top results of a saved search are watched for newcomers
SEEN_MAX = 2_000  # ids remembered per saved search (older ones may alert again, which is harmless)

logger = logging.getLogger("kakehashi.alerts")

SearchFn = Callable[[str, Mapping[str, Any]], Sequence[int]]
"""Runs a saved search: (query, filters) -> organization ids, best first."""

Mailer = Callable[[str, str, str], None]
"""Sends one e-mail: (to, subject, body)."""


@dataclass(frozen=True, slots=True)
class AlertRun:
    """What one pass of check_alerts did."""

    checked: int
    alerts: int
    emails: int
    email_errors: list[str] = field(default_factory=list)
    failed_searches: list[int] = field(default_factory=list)  # ids of saved searches that could not run


def _finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _clean_filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Filters are kept as plain JSON: string keys, scalar or list-of-scalar values, finite numbers; the
    known filters must make a valid search (years and amounts in range, ranges in order), so a stored
    search always runs. Unknown names are kept as they are (the pages may carry more)."""
    clean: dict[str, Any] = {}
    for key, value in (filters or {}).items():
        if not isinstance(key, str) or len(key) > 40:
            raise InvalidInput("filter names must be short strings")
        if value is None or value == "" or value == []:
            continue
        if not all(_finite(v) for v in (value if isinstance(value, list | tuple) else [value])):
            raise InvalidInput("filter {key!r} must be a finite number", key=key)
        if isinstance(value, list | tuple):
            if len(value) > 100 or not all(isinstance(v, str | int | float) for v in value):
                raise InvalidInput("filter {key!r} must be a short list of values", key=key)
            clean[key] = [v if not isinstance(v, str) else v[:200] for v in value]
        elif isinstance(value, str | int | float | bool):
            clean[key] = value[:200] if isinstance(value, str) else value
        else:
            raise InvalidInput("filter {key!r} has an unsupported value", key=key)
    if len(clean) > 30:
        raise InvalidInput("too many filters")
    SearchFilters.from_mapping(clean, ignore_unknown=True)  # raises InvalidInput for what could not run
    return clean


def _saved(uow: UnitOfWork, viewer: Viewer, saved_search_id: int) -> SavedSearchView:
    saved = uow.workspace.saved_search(saved_search_id)
    if saved is None or not visible(uow, viewer, saved.organization_id):
        raise NotFound("no saved search with id {saved_search_id}", saved_search_id=saved_search_id)
    return saved


def _reloaded(uow: UnitOfWork, saved_search_id: int) -> SavedSearchView:
    saved = uow.workspace.saved_search(saved_search_id)
    assert saved is not None  # written in this unit of work
    return saved


def save_search(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    name: str,
    query: str,
    filters: Mapping[str, Any] | None = None,
    alert: bool = False,
) -> SavedSearchView:
    """Keep a search; with `alert`, check_alerts reports startups that newly match it."""
    require_writer(viewer)
    clean_name = clean_text(name, limit=NAME_MAX, what=Msg("name"), required=True)
    clean_query = clean_text(query, limit=QUERY_MAX, what=Msg("query"))
    clean_filters = _clean_filters(filters)
    if not clean_query and not clean_filters:
        raise InvalidInput("a saved search needs a query or at least one filter")
    with uow:
        saved_id = uow.workspace.add_saved_search(
            organization_id=viewer.organization_id,
            user_id=viewer.user_id,
            name=clean_name,
            query=clean_query,
            filters=clean_filters,
            alert=alert,
        )
        view = _reloaded(uow, saved_id)
        uow.commit()
    return view


def list_saved_searches(uow: UnitOfWork, *, viewer: Viewer) -> list[SavedSearchView]:
    """The saved searches of the viewer's organization (colleagues share them)."""
    with uow:
        return uow.workspace.saved_searches(organization_id=viewer.organization_id)


def get_saved_search(uow: UnitOfWork, *, viewer: Viewer, saved_search_id: int) -> SavedSearchView:
    with uow:
        return _saved(uow, viewer, saved_search_id)


def update_saved_search(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    saved_search_id: int,
    name: str | None = None,
    alert: bool | None = None,
) -> SavedSearchView:
    with uow:
        saved = _saved(uow, viewer, saved_search_id)
        check_editable(viewer, saved.organization_id)
        clean_name = (
            clean_text(name, limit=NAME_MAX, what=Msg("name"), required=True) if name is not None else None
        )
        uow.workspace.update_saved_search(saved_search_id, name=clean_name, alert=alert)
        view = _reloaded(uow, saved_search_id)
        uow.commit()
    return view


def delete_saved_search(uow: UnitOfWork, *, viewer: Viewer, saved_search_id: int) -> None:
    with uow:
        saved = _saved(uow, viewer, saved_search_id)
        check_editable(viewer, saved.organization_id)
        uow.workspace.delete_saved_search(saved_search_id)
        uow.commit()


def check_alerts(
    uow: UnitOfWork,
    *,
    search: SearchFn,
    mailer: Mailer | None = None,
    now: datetime | None = None,
    depth: int = ALERT_DEPTH,
) -> AlertRun:
    """Run every alerting saved search; startups not seen before become an in-app alert (and an e-mail).

    The first run of a search only records what it finds today, so nobody is alerted about the whole
    catalogue at once. Each search runs on its own: one that fails (say a row stored before its filters
    were checked) is logged with its id, left unchecked and reported in `failed_searches`; the others
    still alert.
    """
    moment = clock(now)
    checked = created = sent = 0
    errors: list[str] = []
    failed: list[int] = []
    outbox: list[tuple[str, str, str]] = []
    with uow:
        for saved in uow.workspace.alerting_searches():
            try:
                ids = [int(i) for i in search(saved.query, dict(saved.filters))[:depth]]
            except Exception:  # one broken search must not stop the alerts of every other tenant
                logger.exception("saved search %d could not run; skipped", saved.id)
                failed.append(saved.id)
                continue
            seen = list(saved.last_seen_ids)
            seen_set = set(seen)
            new = [i for i in ids if i not in seen_set]
            checked += 1
            if saved.last_checked_at is not None and new:
                uow.workspace.add_alert(
                    user_id=saved.user_id, saved_search_id=saved.id, organization_ids=new, at=moment
                )
                created += 1
                mailbox = uow.workspace.mailbox(saved.user_id)
                if mailer is not None and mailbox is not None and mailbox.is_active:
                    names = uow.workspace.organization_names(new)
                    outbox.append(_alert_mail(mailbox.email, saved.name, names))
            uow.workspace.record_alert_check(saved.id, seen_ids=(seen + new)[-SEEN_MAX:], at=moment)
        uow.commit()
    for to, subject, body in outbox:
        # Mail goes out after the commit: a slow or failing SMTP server must not lose the in-app alerts.
        try:
            assert mailer is not None
            mailer(to, subject, body)
            sent += 1
        except Exception as exc:  # reported to the caller; the alert itself is already stored
            errors.append(f"{to}: {exc}")
    return AlertRun(checked=checked, alerts=created, emails=sent, email_errors=errors, failed_searches=failed)


def _alert_mail(to: str, search_name: str, names: list[str]) -> tuple[str, str, str]:
    # Both languages in one mail: the check runs for every user at once, outside any request's locale.
    subject = f"[Kakehashi] {len(names)} new match(es) for “{search_name}” / 新着 {len(names)} 件"
    lines = [f"New startups match your saved search “{search_name}”:", ""]
    lines += [f"- {name}" for name in names]
    lines += ["", f"保存した検索「{search_name}」に新しいスタートアップが見つかりました。"]
    return to, subject, "\n".join(lines)


def list_alerts(uow: UnitOfWork, *, viewer: Viewer, unread_only: bool = False) -> list[AlertView]:
    """The viewer's own alerts, newest first."""
    with uow:
        return uow.workspace.alerts(user_id=viewer.user_id, unread_only=unread_only)


def count_unread_alerts(uow: UnitOfWork, *, viewer: Viewer) -> int:
    with uow:
        return uow.workspace.count_unread_alerts(user_id=viewer.user_id)


def mark_alert_read(uow: UnitOfWork, *, viewer: Viewer, alert_id: int, now: datetime | None = None) -> None:
    with uow:
        alert = uow.workspace.alert(alert_id)
        if alert is None or alert.user_id != viewer.user_id:
            raise NotFound("no alert with id {alert_id}", alert_id=alert_id)
        if alert.read_at is None:
            uow.workspace.mark_alert_read(alert_id, at=clock(now))
        uow.commit()
