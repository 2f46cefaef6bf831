"""A corporation's private workspace: shortlists, notes, the engagement pipeline with its history,
saved searches with alerts, and meeting requests between organizations that expire when unanswered.

Every function takes the unit of work (and the signed-in `viewer`), opens it, applies domain.access
(what the viewer may not see is NotFound, so existence never leaks; what they may see but not change is
PermissionDenied), works through `uow.workspace` and commits. Callers use `workspace.<function>`.
"""

from kakehashi.domain.workspace import (
    AlertView,
    ContactRequestView,
    EngagementEventView,
    EngagementView,
    NoteView,
    OrgRef,
    SavedSearchView,
    ShortlistItemView,
    ShortlistView,
)
from kakehashi.services.workspace.contact_requests import (
    expire_stale_requests,
    get_contact_request,
    list_contact_requests,
    respond_contact_request,
    send_contact_request,
    withdraw_contact_request,
)
from kakehashi.services.workspace.inputs import MESSAGE_MAX, NAME_MAX, NOTE_MAX, QUERY_MAX
from kakehashi.services.workspace.notes import add_note, delete_note, get_note, list_notes, update_note
from kakehashi.services.workspace.pipeline import (
    delete_engagement,
    get_engagement,
    list_engagements,
    move_engagement,
    start_engagement,
)
from kakehashi.services.workspace.saved_searches import (
    ALERT_DEPTH,
    SEEN_MAX,
    AlertRun,
    Mailer,
    SearchFn,
    check_alerts,
    count_unread_alerts,
    delete_saved_search,
    get_saved_search,
    list_alerts,
    list_saved_searches,
    mark_alert_read,
    save_search,
    update_saved_search,
)
from kakehashi.services.workspace.shortlists import (
    add_to_shortlist,
    create_shortlist,
    delete_shortlist,
    get_shortlist,
    list_shortlists,
    remove_from_shortlist,
    rename_shortlist,
)

__all__ = [
    "ALERT_DEPTH",
    "MESSAGE_MAX",
    "NAME_MAX",
    "NOTE_MAX",
    "QUERY_MAX",
    "SEEN_MAX",
    "AlertRun",
    "AlertView",
    "ContactRequestView",
    "EngagementEventView",
    "EngagementView",
    "Mailer",
    "NoteView",
    "OrgRef",
    "SavedSearchView",
    "SearchFn",
    "ShortlistItemView",
    "ShortlistView",
    "add_note",
    "add_to_shortlist",
    "check_alerts",
    "count_unread_alerts",
    "create_shortlist",
    "delete_engagement",
    "delete_note",
    "delete_saved_search",
    "delete_shortlist",
    "expire_stale_requests",
    "get_contact_request",
    "get_engagement",
    "get_note",
    "get_saved_search",
    "get_shortlist",
    "list_alerts",
    "list_contact_requests",
    "list_engagements",
    "list_notes",
    "list_saved_searches",
    "list_shortlists",
    "mark_alert_read",
    "move_engagement",
    "remove_from_shortlist",
    "rename_shortlist",
    "respond_contact_request",
    "save_search",
    "send_contact_request",
    "start_engagement",
    "update_note",
    "update_saved_search",
    "withdraw_contact_request",
]
