"""`dependencies=[rate_limited("search")]` on a route: per-user limits on expensive requests (429 beyond,
with Retry-After and a translated message; see services.rate_limits and KAKEHASHI_RATE_LIMIT_*)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from kakehashi.entrypoints.web.deps import ContextDep, OptionalViewerDep, client_ip
from kakehashi.services.rate_limits import ACTIONS, check_rate


def rate_limited(action: str) -> Any:
    if action not in ACTIONS:
        raise ValueError(f"unknown rate-limited action {action!r}")

    def check(request: Request, context: ContextDep, viewer: OptionalViewerDep) -> None:
        # Signed-in users are counted by account (whichever worker or address they use), others by address.
        who = f"user:{viewer.user_id}" if viewer is not None else f"ip:{client_ip(request)}"
        check_rate(context.rate_counter, context.rate_limit(action), who=who)

    return Depends(check)
