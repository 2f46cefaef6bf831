"""ORM models, one module per bounded area. Importing this package registers every table on Base.metadata."""

from kakehashi.adapters.db.base import Base
from kakehashi.adapters.db.models.catalog import (
    Deal,
    DealParty,
    FundingRound,
    ImportBatch,
    Organization,
    OrganizationTerm,
    Person,
    Provenance,
    RoundInvestor,
    TaxonomyTerm,
)
from kakehashi.adapters.db.models.needs import Need, NeedFeedback

__all__ = [
    "Base",
    "Deal",
    "DealParty",
    "FundingRound",
    "ImportBatch",
    "Need",
    "NeedFeedback",
    "Organization",
    "OrganizationTerm",
    "Person",
    "Provenance",
    "RoundInvestor",
    "TaxonomyTerm",
]
