"""Mailing the digest to a real SMTP server on loopback: parts, inline map, once per day."""

from __future__ import annotations

import ssl
import threading
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme

from sinks import Store
from sinks.digest_send import deliver_digest, send_message
from sinks.errors import DigestDeliveryError
from sinks.settings import MailSettings
from tests.sinks.factories import activation, enriched, incident
from tests.sinks.smtp_server import free_port, smtp_server
from tests.sinks.test_digest import BOUNDARIES, DAY

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _mail(port: int, **extra: object) -> MailSettings:
    base: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "starttls": False,
        "sender": "CCRP digest <digest@ccrp.example.org>",
        "recipients": "staff-a@ccrp.example.org, staff-b@ccrp.example.org",
        "retry_backoff_s": 0.0,
    }
    return MailSettings.model_validate(base | extra)


def _one_activation(store: Store) -> None:
    shot = enriched("1", url="https://toronto.citynews.ca/2026/07/15/jane-finch-shooting/")
    inc = incident("inc-shot", reports=(shot,))
    store.upsert_incident(inc)
    store.record_activation(activation(inc))


def test_multipart_message_with_inline_png_map(store: Store, tmp_path: Path) -> None:
    _one_activation(store)
    with smtp_server() as (port, inbox):
        delivery = deliver_digest(store, DAY, tmp_path, _mail(port), BOUNDARIES)
    assert delivery.sent and delivery.eml is not None and delivery.eml.exists()
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "digest@ccrp.example.org"
    assert envelope.rcpt_tos == ["staff-a@ccrp.example.org", "staff-b@ccrp.example.org"]
    (message,) = inbox.messages()
    assert message["Subject"].startswith("CCRP daily digest 2026-07-15: 1 activation(s)")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "## CCRP activations" in text.get_content()
    related = [p for p in message.walk() if p.get_content_type() == "multipart/related"]
    assert len(related) == 1
    (image,) = [p for p in message.walk() if p.get_content_type() == "image/png"]
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content() and "<svg" not in html.get_content()
    assert image.get_content()[:8] == PNG_MAGIC
    web = delivery.files.html.read_text(encoding="utf-8")
    assert "<svg" in web and "cid:" not in web
    sent = store.digest_send(DAY)
    assert sent is not None and sent.status == "sent" and sent.counts["activations"] == 1
    assert sent.recipients == envelope.rcpt_tos and sent.archive == str(delivery.eml)


def test_a_rerun_the_same_day_sends_nothing(store: Store, tmp_path: Path) -> None:
    _one_activation(store)
    with smtp_server() as (port, inbox):
        mail = _mail(port)
        assert deliver_digest(store, DAY, tmp_path, mail).sent
        again = deliver_digest(store, DAY, tmp_path, mail)
        assert not again.sent and "already sent" in again.reason
        assert again.files.html.exists()
        assert len(inbox.envelopes) == 1
        assert deliver_digest(store, DAY, tmp_path, mail, force=True).sent
        assert len(inbox.envelopes) == 2


def test_changes_count_from_the_last_digest_sent(store: Store, tmp_path: Path) -> None:
    _one_activation(store)
    with smtp_server() as (port, _):
        deliver_digest(store, DAY, tmp_path, _mail(port))
        later = deliver_digest(store, DAY + timedelta(days=1), tmp_path, _mail(port))
    md = later.files.markdown.read_text(encoding="utf-8")
    assert "Changed since the last digest (Thu 16 Jul 00:00)" in md


def test_starttls_and_login(store: Store, tmp_path: Path) -> None:
    authority = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_tls)
    cafile = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    _one_activation(store)
    with smtp_server(tls=server_tls, credentials=("digest", "s3cret")) as (port, inbox):
        plain = _mail(port, username="digest", password="s3cret")
        with pytest.raises(DigestDeliveryError):
            deliver_digest(store, DAY, tmp_path, plain)  # no STARTTLS: the server refuses
        assert store.digest_send(DAY).status == "failed"  # type: ignore[union-attr]
        secure = _mail(
            port, starttls=True, cafile=str(cafile), username="digest", password="s3cret"
        )
        assert deliver_digest(store, DAY, tmp_path, secure).sent  # a failed day is retried
    assert inbox.logins == ["digest"] and len(inbox.envelopes) == 1


def test_transient_replies_are_retried_and_permanent_ones_are_not(
    store: Store, tmp_path: Path
) -> None:
    _one_activation(store)
    with smtp_server() as (port, inbox):
        inbox.replies = ["451 Try again later"]
        assert deliver_digest(store, DAY, tmp_path, _mail(port)).sent
        assert len(inbox.envelopes) == 1
        inbox.replies = ["554 Rejected"] * 3
        with pytest.raises(DigestDeliveryError, match="554"):
            deliver_digest(store, DAY + timedelta(days=1), tmp_path, _mail(port))
        assert inbox.replies == ["554 Rejected"] * 2  # one attempt only


def test_unreachable_server_is_retried_then_a_delivery_error() -> None:
    mail = _mail(free_port(), attempts=2)
    waits: list[float] = []
    with pytest.raises(DigestDeliveryError):
        send_message(mail, EmailMessage(), waits.append)
    assert waits == [0.0]


def test_one_claim_per_day_among_racing_senders(store: Store) -> None:
    now = datetime.now(UTC)
    lease = timedelta(minutes=15)
    won: list[bool] = []
    barrier = threading.Barrier(4)

    def claim() -> None:
        barrier.wait()
        won.append(store.claim_digest_day(date(2026, 7, 20), now, lease))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]
    # A claim left by a process that died is taken over once its lease is over.
    assert not store.claim_digest_day(date(2026, 7, 20), now + timedelta(minutes=5), lease)
    assert store.claim_digest_day(date(2026, 7, 20), now + timedelta(minutes=16), lease)


def test_a_header_injection_in_the_settings_sends_nothing(store: Store, tmp_path: Path) -> None:
    _one_activation(store)
    with smtp_server() as (port, inbox):
        mail = _mail(port, recipients=["staff@ccrp.example.org\r\nBcc: other@example.org"])
        with pytest.raises(DigestDeliveryError):
            deliver_digest(store, DAY, tmp_path, mail)
    assert inbox.envelopes == []
    assert store.digest_send(DAY).status == "failed"  # type: ignore[union-attr]
