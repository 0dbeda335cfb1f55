"""Mailing the daily digest over SMTP, once per local day, with the sent message archived.

The day is claimed in the store's send log before anything is sent, so a rerun of the
daily job, a restart, or a second scheduler sends nothing more that day. A send that
fails marks the day failed, and the next try claims it again. Transient SMTP trouble
(4xx replies, dropped or refused connections) is retried with backoff; a permanent
refusal (5xx, no STARTTLS where it is required) is not.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from sinks.digest import DigestFiles, digest_path, render, write_files
from sinks.digest_content import day_window
from sinks.digest_mail import build_message, subject_for
from sinks.errors import DigestDeliveryError
from sinks.settings import MailSettings
from sinks.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What became of one day's digest: the files, and whether it was mailed now."""

    files: DigestFiles
    sent: bool
    reason: str
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    eml: Path | None = None


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError)


def _envelope(values: list[str]) -> list[str]:
    return [address for _, address in getaddresses(values) if address]


def _send_once(mail: MailSettings, message: EmailMessage) -> dict[str, Any]:
    context = ssl.create_default_context(cafile=mail.cafile)
    host = mail.host or "localhost"
    smtp = (
        smtplib.SMTP_SSL(host, mail.port, timeout=mail.timeout_s, context=context)
        if mail.ssl
        else smtplib.SMTP(host, mail.port, timeout=mail.timeout_s)
    )
    with smtp:
        smtp.ehlo()
        if mail.starttls and not mail.ssl:
            smtp.starttls(context=context)  # refuses rather than sending credentials in clear
            smtp.ehlo()
        if mail.username:
            secret = mail.password.get_secret_value() if mail.password else ""
            smtp.login(mail.username, secret)
        (sender,) = _envelope([mail.sender]) or ["ccrp-digest@localhost"]
        return dict(smtp.send_message(message, sender, _envelope(mail.recipients)))


def send_message(
    mail: MailSettings, message: EmailMessage, sleep: Callable[[float], None] = time.sleep
) -> list[str]:
    """Send over SMTP with retries; the recipients the server accepted."""
    for attempt in range(1, mail.attempts + 1):
        try:
            refused = _send_once(mail, message)
        except (smtplib.SMTPException, OSError) as exc:
            if attempt == mail.attempts or not _transient(exc):
                raise DigestDeliveryError(f"SMTP {mail.host}:{mail.port}: {exc}") from exc
            log.warning("digest send attempt %d failed (%s); retrying", attempt, exc)
            sleep(mail.retry_backoff_s * 2 ** (attempt - 1))
            continue
        if refused:
            log.warning("the SMTP server refused some recipients: %s", sorted(refused))
        return [r for r in _envelope(mail.recipients) if r not in refused]
    raise DigestDeliveryError("no send attempt was made")  # attempts >= 1: never reached


def deliver_digest(
    store: Store,
    day: date,
    out_dir: Path,
    mail: MailSettings,
    boundaries: Mapping[str, Any] | None = None,
    tz: str = "America/Toronto",
    until: datetime | None = None,
    force: bool = False,
) -> Delivery:
    """Write the day's digest files and, when mail is configured, mail it once for the day.

    ``force`` sends again a day that was already sent.
    """
    end = until or day_window(day, tz)[1]
    last = store.last_digest_sent(before=end, other_than=day)
    rendered = render(store, day, boundaries, tz, until, last.covered_until if last else None)
    files = write_files(rendered, out_dir)
    if not mail.enabled:
        return Delivery(files, False, "mail is not configured")
    now = datetime.now(UTC)
    if not store.claim_digest_day(day, now, timedelta(seconds=mail.claim_lease_s), force):
        return Delivery(files, False, f"the digest of {day} was already sent")
    try:
        message = build_message(rendered, mail, now)
        accepted = send_message(mail, message)
    except Exception as exc:  # the day is free again for the next try
        store.finish_digest_day(day, status="failed", error=str(exc)[:2000])
        if isinstance(exc, DigestDeliveryError):
            raise
        raise DigestDeliveryError(f"cannot build or send the digest: {exc}") from exc
    eml: Path | None = digest_path(out_dir, day, "eml")
    try:
        eml.write_bytes(message.as_bytes(policy=policy.SMTP))  # type: ignore[union-attr]
    except OSError as exc:  # sent is sent: the log must say so even without the archive
        log.warning("sent, but cannot archive the message: %s", exc)
        eml = None
    content = rendered.content
    store.finish_digest_day(
        day,
        sent_at=datetime.now(UTC),
        covered_from=content.start,
        covered_until=content.end,
        subject=subject_for(rendered),
        message_id=str(message["Message-ID"]),
        recipients=accepted,
        counts=content.counts(),
        archive=str(eml) if eml else None,
    )
    return Delivery(files, True, "sent", subject_for(rendered), accepted, eml)
