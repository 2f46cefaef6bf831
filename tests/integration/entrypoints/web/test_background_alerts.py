"""The server's alert job (housekeeping) survives a poisoned saved search and still alerts the others."""

from __future__ import annotations

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


def _startup(context: AppContext, name: str) -> int:
    with context.uow() as uow:
        org = Organization(kind="startup", name=name, name_key=name.lower(), description_en="OT security")
        uow.session.add(org)
        uow.session.flush()
        org_id = org.id
        uow.commit()
    context.catalog_changed([org_id])
    return org_id


def test_housekeeping_alerts_other_tenants_despite_a_poisoned_saved_search(
    sqlite_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "password_hasher", lambda: PasswordHasher.from_parameters(CHEAPEST))
    scouts = [
        accounts.add_user(
            sqlite_context.uow(),
            email=f"s@{org}.jp",
            password="long enough",
            org_name=org,
            org_kind="corporation",
            role="member",
        ).viewer
        for org in ("mallory", "alpha")
    ]
    _startup(sqlite_context, "Shieldline")
    with sqlite_context.uow() as uow:  # stored before filters were checked
        uow.workspace.add_saved_search(
            organization_id=scouts[0].organization_id,
            user_id=scouts[0].user_id,
            name="poison",
            query="OT security",
            filters={"founded_from": float("inf")},
            alert=True,
        )
        uow.commit()
    workspace.save_search(sqlite_context.uow(), viewer=scouts[1], name="OT", query="OT security", alert=True)
    run_housekeeping(sqlite_context)
    newcomer = _startup(sqlite_context, "OTGuard")

    run_housekeeping(sqlite_context)

    alerts = workspace.list_alerts(sqlite_context.uow(), viewer=scouts[1])
    assert [[o.id for o in a.organizations] for a in alerts] == [[newcomer]]
