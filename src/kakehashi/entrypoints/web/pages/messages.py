"""Error messages raised by the services, in words the catalogs can translate.

The services speak English (the CLI and the API show their text as it is). On a page, a known message is
looked up in the catalog; a message with a value in it (an id, a name) is matched by pattern to a translated
sentence; anything else is shown as it came, which is still one clear sentence.
"""

from __future__ import annotations

import re

from kakehashi.entrypoints.web import i18n
from kakehashi.entrypoints.web.i18n import N_

# Messages the services raise word for word (kept here so extraction puts them in the catalogs).
KNOWN = (
    N_("a host needs a venue"),
    N_("a meeting request must expire after 1 to 365 days"),
    N_("a meeting request to this organization is already waiting for an answer"),
    N_("a need needs a title"),
    N_("a participant needs an id and a name"),
    N_("a saved search needs a query or at least one filter"),
    N_("an organization cannot be in its own pipeline"),
    N_("an organization cannot send a meeting request to itself"),
    N_("meeting requests go to startups and corporations"),
    N_("the title is longer than 300 characters; put the details in the description"),
    N_("this meeting request has expired; ask the sender to send a new one"),
    N_("visibility must be 'private' or 'open'"),
    N_("language must be 'ja' or 'en'"),
    N_("only organizers may create and plan missions"),
    N_("only the organization that owns this may change it"),
    N_("only the organization that received the request can answer it"),
    N_("only the sender can withdraw a meeting request"),
    N_("sign in with an account that may write to create a need"),
    N_("your role (viewer) may look but not change anything"),
    N_("only members of the organization that owns this need may judge its matches"),
    N_("your session has ended; please sign in again"),
    N_("the form has expired or did not come from this site; reload and retry"),
    N_("the request is too large"),
    N_("there is no such page or object"),
    N_("something went wrong on our side; the error has been logged"),
    N_("the request is not valid UTF-8"),
    N_("the request body could not be read (it must be valid UTF-8 JSON or form data)"),
)

# Messages with a value inside: the pattern picks the translated sentence (the value is not needed).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^no (mission|need|shortlist|note|engagement|alert|saved search|meeting request|organization)"
            r"( with id)? \S+$|^(need|organization|company) \S+ (not found|is not on this shortlist)$"
        ),
        N_("It does not exist, or it is not visible to your organization."),
    ),
    (re.compile(r"^mission \d+ has no schedule version \d+$"), N_("No such schedule version.")),
    (
        re.compile(r"^this meeting request was already answered"),
        N_("This meeting request was already answered."),
    ),
    (re.compile(r"^the .+ is empty$"), N_("Please fill in every required field.")),
    (re.compile(r"^the .+ must have at most [\d,]+ characters$"), N_("A field is too long.")),
    (
        re.compile(r"^the .+ contains a NUL character$"),
        N_("A field contains a character that cannot be stored."),
    ),
    (re.compile(r"^the weight must be positive"), N_("The weight must be a positive number.")),
    (re.compile(r"^too many failed sign-ins"), N_("Too many failed sign-ins. Try again later.")),
    (re.compile(r"^(stage|origin|role) must be one of "), N_("Choose one of the values offered.")),
    (
        re.compile(r"^(unknown (venue|slot|participant)|participant id .* is already used)"),
        N_("The mission refers to a participant, venue or slot it does not define."),
    ),
)


def translate_error(message: str, locale: str) -> str:
    """The message in the page's language when we know it; else as the service wrote it."""
    translated = i18n.translate(message, locale)
    if locale == "en":
        # The services write sentence fragments ("a need needs a title"); a page shows a sentence.
        text = message[:1].upper() + message[1:]
        return text if text[-1:] in ".!?)" else text + "."
    if translated != message:
        return translated
    for pattern, text in PATTERNS:
        if pattern.search(message):
            return i18n.translate(text, locale)
    return message
