"""Input rules shared by the workspace services: text limits and clean text, the clock."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from kakehashi.domain.errors import InvalidInput, Msg
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.workspace import OrgRef

NAME_MAX = 200
NOTE_MAX = 10_000
MESSAGE_MAX = 5_000
QUERY_MAX = 1_000


def check_startup(organization: OrgRef) -> OrgRef:
    """Shortlist items and engagements are about startups: a corporation, investor or organizer is refused."""
    if organization.kind != OrganizationKind.STARTUP:
        raise InvalidInput(
            "{name} is not a startup; only startups go on shortlists and in the pipeline",
            name=organization.name,
        )
    return organization


def now(moment: datetime | None = None) -> datetime:
    return moment if moment is not None else datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def clean_text(value: str | None, *, limit: int, what: Msg, required: bool = False) -> str:
    """NFC text without surrounding blanks; refuses empty required text and text over the limit.

    `what` names the field as a message id (`Msg("note")`), so the edge translates it with the sentence.
    """
    text = unicodedata.normalize("NFC", value or "").strip()
    if required and not text:
        raise InvalidInput("the {what} is empty", what=what)
    if len(text) > limit:
        raise InvalidInput("the {what} must have at most {limit:,} characters", what=what, limit=limit)
    if "\x00" in text:
        raise InvalidInput("the {what} contains a NUL character", what=what)
    return text
