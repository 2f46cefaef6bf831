"""The JSON API under /api/v1: one router per area, mounted by create_app."""

from __future__ import annotations

from fastapi import APIRouter

from kakehashi.entrypoints.web.api import auth, companies, missions, needs, search, workspace

api_router = APIRouter()
for module in (auth, search, needs, companies, missions, workspace):
    api_router.include_router(module.router)
