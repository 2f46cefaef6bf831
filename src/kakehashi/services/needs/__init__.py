"""Technology needs of corporations: written, listed, read, changed, deleted, matched to startups (and
startups to open calls) and judged. One service for the API, the pages and the command line: every view and
change of a need goes through here and is written to the audit log in the same transaction.

Entry points reach it as `from kakehashi.services import needs`; the modules say what they hold:
`access` (who may do what, the system actor, the audit entry), `records` (create, list, read, update,
delete), `matching` (matches, feedback, needs for a startup), `trail` (the audit trail of a need).
"""

from kakehashi.domain.access import SYSTEM, SystemActor
from kakehashi.services.needs.access import Actor
from kakehashi.services.needs.matching import (
    NeedPage,
    judge_match,
    match_need,
    need_filters,
    need_text,
    needs_for_startup,
    open_need,
)
from kakehashi.services.needs.records import (
    TITLE_MAX,
    create_need,
    delete_need,
    list_needs,
    read_need,
    update_need,
)
from kakehashi.services.needs.trail import need_trail

__all__ = [
    "SYSTEM",
    "TITLE_MAX",
    "Actor",
    "NeedPage",
    "SystemActor",
    "create_need",
    "delete_need",
    "judge_match",
    "list_needs",
    "match_need",
    "need_filters",
    "need_text",
    "need_trail",
    "needs_for_startup",
    "open_need",
    "read_need",
    "update_need",
]
