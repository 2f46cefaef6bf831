"""Why-not reasons and findings in the CLI's language (`--lang`, KAKEHASHI_LANG or the locale).

English is printed as the service wrote it (scripts match on it); another language goes through the
catalogs, rule names and the other words inside a reason as well.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from kakehashi.domain.errors import params_from_json
from kakehashi.entrypoints import messages
from kakehashi.entrypoints.cli.common import cli_language


def said(english: str, msgid: str, params: Any) -> str:
    """A why-not reason or a finding in the CLI's language: English as the service wrote it (scripts match
    on it), another language through the catalogs (rule names and other words inside it as well)."""
    language = cli_language()
    if language == "en" or not msgid:
        return english
    return messages.message_text(msgid, dict(params), language)


def reason(u: Any) -> str:
    return said(u.reason, u.msgid, u.params)


def page_words(lang: str = "ja") -> Any:
    """What the printable pages (in `lang`, Japanese by default) translate the why-not reasons with."""
    return partial(messages.translate, locale=lang)


def workbook_words() -> Any:
    """The workbook's reasons in the CLI's language (English as the service wrote it)."""
    language = cli_language()
    return None if language == "en" else partial(messages.translate, locale=language)


def row_reason(row: Any) -> str:
    """A team summary row's reason in the CLI's language."""
    params = row.get("reason_params")
    return said(
        str(row["reason"]),
        str(row.get("reason_msgid") or ""),
        params_from_json(params) if isinstance(params, dict) else {},
    )
