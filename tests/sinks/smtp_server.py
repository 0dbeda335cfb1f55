"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    """What the server received; ``replies`` are answered to DATA before accepting."""

    envelopes: list[Any] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.original_content, policy=policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]


@contextmanager
def smtp_server(
    tls: ssl.SSLContext | None = None, credentials: tuple[str, str] | None = None
) -> Iterator[tuple[int, Inbox]]:
    """Serve on a loopback port; with ``tls`` STARTTLS is required, with ``credentials``
    AUTH is too. Yields the port and the inbox."""
    inbox = Inbox()

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and credentials is not None
        ok = ok and (data.login.decode(), data.password.decode()) == credentials
        if ok:
            inbox.logins.append(data.login.decode())
        return AuthResult(success=ok)

    options: dict[str, Any] = {}
    if tls is not None:
        options |= {"tls_context": tls, "require_starttls": True}
    if credentials is not None:
        options |= {"authenticator": authenticate, "auth_required": True}
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()
