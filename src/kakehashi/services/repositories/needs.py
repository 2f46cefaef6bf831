"""Technology needs and the feedback on their matches."""

from __future__ import annotations

from typing import Protocol


class NeedsRepository(Protocol):
    """Technology needs and the feedback on their matches."""
