"""Housekeeping expires unanswered meeting requests and raises saved-search alerts without a cron job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from kakehashi.adapters.db.models import Organization
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.background import run_housekeeping
from kakehashi.services import accounts, workspace

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]


def test_housekeeping_expires_stale_requests_and_baselines_alerts(
    sqlite_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "password_hasher", lambda: PasswordHasher.from_parameters(CHEAPEST))
    scout = accounts.add_user(
        sqlite_context.uow(),
        email="s@a.jp",
        password="long enough",
        org_name="A",
        org_kind="corporation",
        role="member",
    ).viewer
    with sqlite_context.uow() as uow:
        startup = Organization(
            kind="startup", name="Shieldline", name_key="shieldline", description_en="OT security"
        )
        uow.session.add(startup)
        uow.session.flush()
        startup_id = startup.id
        uow.commit()
    sqlite_context.catalog_changed([startup_id])
    request = workspace.send_contact_request(
        sqlite_context.uow(),
        viewer=scout,
        to_organization_id=startup_id,
        message="hi",
        ttl_days=1,
        now=datetime.now(UTC) - timedelta(days=2),
    )
    saved = workspace.save_search(
        sqlite_context.uow(), viewer=scout, name="OT", query="OT security", alert=True
    )

    run_housekeeping(sqlite_context)

    assert (
        workspace.get_contact_request(sqlite_context.uow(), viewer=scout, request_id=request.id).status
        == "expired"
    )
    assert workspace.get_saved_search(
        sqlite_context.uow(), viewer=scout, saved_search_id=saved.id
    ).last_checked_at
