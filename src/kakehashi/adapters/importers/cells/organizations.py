"""Organization cells: operating status ('Active', '上場'), kind ('startup', '事業会社') and website."""

from __future__ import annotations

import re

from kakehashi.adapters.importers.cells.funding import STATUS_WORDS, vocabulary_key
from kakehashi.adapters.importers.cells.text import Cell, clean_text, shown
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.organizations import OperatingStatus, OrganizationKind


def parse_status(value: Cell) -> OperatingStatus:
    """Operating status: Crunchbase 'Active'/'Closed', 'Acquired', 'IPO', '稼働中', '上場' (funding_vocabulary.json)."""
    status = STATUS_WORDS.get(vocabulary_key(value))
    if status is None:
        raise InvalidInput(
            "'{value}' is not an operating status (active, closed, acquired or ipo)", value=shown(value)
        )
    return status


_KINDS: dict[str, OrganizationKind] = {
    "startup": OrganizationKind.STARTUP,
    "start-up": OrganizationKind.STARTUP,
    "venture": OrganizationKind.STARTUP,
    "スタートアップ": OrganizationKind.STARTUP,
    "ベンチャー": OrganizationKind.STARTUP,
    "corporation": OrganizationKind.CORPORATION,
    "corporate": OrganizationKind.CORPORATION,
    "company": OrganizationKind.CORPORATION,
    "enterprise": OrganizationKind.CORPORATION,
    "事業会社": OrganizationKind.CORPORATION,
    "大企業": OrganizationKind.CORPORATION,
    "企業": OrganizationKind.CORPORATION,
    "investor": OrganizationKind.INVESTOR,
    "vc": OrganizationKind.INVESTOR,
    "venture capital": OrganizationKind.INVESTOR,
    "cvc": OrganizationKind.INVESTOR,
    "投資家": OrganizationKind.INVESTOR,
    "ベンチャーキャピタル": OrganizationKind.INVESTOR,
    "institution": OrganizationKind.INSTITUTION,
    "university": OrganizationKind.INSTITUTION,
    "research institute": OrganizationKind.INSTITUTION,
    "government": OrganizationKind.INSTITUTION,
    "大学": OrganizationKind.INSTITUTION,
    "研究機関": OrganizationKind.INSTITUTION,
    "政府機関": OrganizationKind.INSTITUTION,
    "organizer": OrganizationKind.ORGANIZER,
    "主催者": OrganizationKind.ORGANIZER,
}


def parse_kind(value: Cell) -> OrganizationKind:
    """Kind of organization: 'startup', 'corporation', 'investor', 'institution', 'スタートアップ', '事業会社' ..."""
    kind = _KINDS.get(clean_text(value).casefold())
    if kind is None:
        raise InvalidInput(
            "'{value}' is not a kind of organization (startup, corporation, investor, ...)",
            value=shown(value),
        )
    return kind


def parse_website(value: Cell) -> str:
    """A website as a URL with scheme ('www.foo.io' -> 'https://www.foo.io')."""
    text = clean_text(value)
    if not text:
        raise InvalidInput("empty website")
    if " " in text or "." not in text or "@" in text.split("/")[0]:
        raise InvalidInput("'{value}' is not a website", value=shown(value))
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text
    return text
