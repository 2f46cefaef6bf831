"""The scouting workspace: pipeline stages and meeting-request states."""

from __future__ import annotations

from enum import StrEnum

from kakehashi.domain.errors import InvalidInput


class EngagementStage(StrEnum):
    """Where a corporation stands with one startup, in the order deals usually progress."""

    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    MEETING = "meeting"
    POC = "poc"
    AGREEMENT = "agreement"
    INVESTMENT = "investment"
    ACQUISITION = "acquisition"
    RD_CENTER = "rd_center"


class ContactStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


def parse_stage(stage: str) -> EngagementStage:
    try:
        return EngagementStage(stage.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in EngagementStage)
        raise InvalidInput(f"stage must be one of {allowed}, not {stage!r}") from None
