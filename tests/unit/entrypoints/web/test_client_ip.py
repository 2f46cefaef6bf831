"""Issue 11, item 8: X-Forwarded-For names the client only when the peer is a configured trusted proxy."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from pydantic import ValidationError

from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.deps import client_ip
from kakehashi.settings import Settings

pytestmark = pytest.mark.unit


def _request(peer: str, forwarded: str | None, *, trusted: str = "") -> Request:
    app = FastAPI()
    app.state.context = AppContext(settings=Settings(environment="test", trusted_proxies=trusted))
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "app": app, "client": (peer, 50000), "headers": headers})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("127.0.0.1", "203.0.113.9", "", "127.0.0.1"),  # no proxy configured: the header is the client's word
        ("198.51.100.4", "203.0.113.9", "10.0.0.0/8", "198.51.100.4"),  # not from our proxy
        ("10.0.0.2", "203.0.113.9", "10.0.0.0/8", "203.0.113.9"),
        ("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.3", "10.0.0.0/8", "203.0.113.9"),  # spoofed left part
        ("10.0.0.2", "not-an-address", "10.0.0.0/8", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.0/8", "10.0.0.2"),
        ("::1", "2001:db8::7", "::1, 127.0.0.1", "2001:db8::7"),
    ],
)
def test_forwarded_for_is_trusted_only_from_configured_proxies(
    peer: str, forwarded: str | None, trusted: str, expected: str
) -> None:
    assert client_ip(_request(peer, forwarded, trusted=trusted)) == expected


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start() -> None:
    with pytest.raises(ValidationError):
        Settings(environment="test", trusted_proxies="10.0.0.0/8, proxy.local")
