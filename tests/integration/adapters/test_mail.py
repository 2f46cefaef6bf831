"""Alert e-mail goes out through a real SMTP conversation (a minimal local server records it)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest

from kakehashi.adapters.mail import smtp_mailer
from kakehashi.settings import Settings

pytestmark = pytest.mark.integration


class _SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ready\r\n")
        while line := self.rfile.readline():
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                lines = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(chunk)
                self.server.messages.append(b"".join(lines))  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.TCPServer]:
    server = socketserver.TCPServer(("127.0.0.1", 0), _SmtpSink)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_no_smtp_host_means_no_mailer() -> None:
    assert smtp_mailer(Settings(environment="test", smtp_host="")) is None


def test_alert_mail_is_utf8_with_japanese_subject(smtp_server: socketserver.TCPServer) -> None:
    host, port = smtp_server.server_address[:2]
    mailer = smtp_mailer(
        Settings(environment="test", smtp_host=str(host), smtp_port=int(port), smtp_from="k@x.jp")
    )
    assert mailer is not None

    mailer("scout@toyota.jp", "新着 2 件 / 2 new matches", "保存した検索\nOTGuard")

    message = message_from_bytes(smtp_server.messages[0])  # type: ignore[attr-defined]
    body = message.get_payload(decode=True)
    assert message["To"] == "scout@toyota.jp"
    assert str(make_header(decode_header(message["Subject"]))) == "新着 2 件 / 2 new matches"
    assert isinstance(body, bytes)
    assert "OTGuard" in body.decode("utf-8")
