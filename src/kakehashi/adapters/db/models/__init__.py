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
from kakehashi.adapters.db.models.planning import (
    MeetingRequest,
    Mission,
    MissionDay,
    MissionParticipant,
    MissionSlot,
    MissionTravel,
    MissionVenue,
    ScheduledMeeting,
    ScheduleVersion,
)

__all__ = [
    "ScheduleVersion",
    "ScheduledMeeting",
    "MissionVenue",
    "MissionTravel",
    "MissionSlot",
    "MissionParticipant",
    "MissionDay",
    "Mission",
    "MeetingRequest",
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
