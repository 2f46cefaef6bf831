"""Outgoing e-mail through the configured SMTP server (alerts); no server configured means no e-mail."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage

from kakehashi.settings import Settings

Mailer = Callable[[str, str, str], None]


def smtp_mailer(settings: Settings, *, timeout: float = 10.0) -> Mailer | None:
    """A function sending (to, subject, body) as UTF-8 plain text, or None when smtp_host is unset."""
    if not settings.smtp_host:
        return None

    def send(to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = settings.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body, charset="utf-8")
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as server:
            server.send_message(message)

    return send
