"""Shortlists, notes, engagements, meeting requests, saved searches and alerts."""

from __future__ import annotations

from typing import Protocol


class WorkspaceRepository(Protocol):
    """Shortlists, notes, engagements, meeting requests, saved searches and alerts."""
