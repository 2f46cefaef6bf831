"""Need pages write the audit log, and a startup reading an open call does not see its matches."""

from __future__ import annotations

import re
from dataclasses import astuple

import pytest
from sqlalchemy import select

from kakehashi.adapters.db.models import AuditLog

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Dictionary.create:DeprecationWarning"),  # search layer, not ours
]


def _write_need(client, csrf, visibility: str) -> str:
    response = client.post(
        "/needs",
        data={
            "title": "工場のサイバーセキュリティ",
            "description": "工場の制御システムを守る技術",
            "language": "ja",
            "visibility": visibility,
            "csrf_token": csrf(client, "/"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    return str(response.headers["location"])


def test_writing_and_opening_a_need_page_is_audited(client, context, login, csrf, catalogue) -> None:
    context.catalog_changed(list(astuple(catalogue)))
    login(client, "scout")

    need_url = _write_need(client, csrf, "private")
    client.get(need_url)

    with context.uow() as uow:
        actions = uow.session.scalars(
            select(AuditLog.action).where(AuditLog.entity_type == "need").order_by(AuditLog.id)
        ).all()
    assert list(actions) == ["create", "view"]


def test_startup_reads_an_open_call_without_its_matches(client, login, csrf, catalogue, context) -> None:
    context.catalog_changed(list(astuple(catalogue)))
    login(client, "scout")
    need_url = _write_need(client, csrf, "open")
    assert re.findall(r'<li class="hit" data-id="(\d+)"', client.get(need_url).text) != []
    client.cookies.clear()
    login(client, "startup")

    response = client.get(need_url)

    assert response.status_code == 200
    assert "工場のサイバーセキュリティ" in response.text
    assert re.findall(r'<li class="hit" data-id="(\d+)"', response.text) == []
