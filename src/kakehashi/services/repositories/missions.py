"""Missions with their participants, venues, slots, requests and schedule versions."""

from __future__ import annotations

from typing import Protocol


class MissionsRepository(Protocol):
    """Missions with their participants, venues, slots, requests and schedule versions."""
