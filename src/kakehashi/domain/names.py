"""Names as one line of text: what a person typed, ready for a calendar title, a sheet cell or a page heading.

A name is shown on one line everywhere (an agenda's title, a meeting's summary, a grid cell), so a line break or
another control character in it is never meant: pasted from a document, or sent on purpose to break a file
format. Names are cleaned when they come in; the exports still escape on the way out.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (CR, LF, tab, NUL, ...) and the Unicode line and paragraph separators.
_NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with each run of control characters and line separators as one space, outer spaces trimmed."""
    return _NOT_ON_ONE_LINE.sub(" ", text).strip()


def optional_line(text: str | None) -> str | None:
    """`one_line` for an optional name: absent, blank or only control characters become None."""
    return (one_line(text) or None) if text is not None else None
