"""The digest as an e-mail: multipart text and HTML, the map as an inline PNG.

Gmail and Outlook do not render inline SVG, so the HTML part shows the map as an
``<img src="cid:...">`` of a PNG attached in a ``multipart/related`` part; the archived web
version keeps the SVG. The PNG is rendered by resvg (a wheel with no system libraries).
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import resvg_py

from sinks.digest import RenderedDigest
from sinks.digest_html import render_html
from sinks.errors import DigestError
from sinks.settings import MailSettings

MAP_CID_DOMAIN = "ccrp-digest"
# Drawn at twice the page width, shown at the page width: sharp on high-density screens.
MAP_WIDTH = 960
MAP_ZOOM = 2.0


def map_png(svg: str) -> bytes:
    """The SVG map rendered to PNG bytes on a white background."""
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=MAP_ZOOM))
    except (ValueError, RuntimeError) as exc:
        raise DigestError(f"cannot render the map to PNG: {exc}") from exc


def subject_for(rendered: RenderedDigest) -> str:
    """``CCRP daily digest 2026-07-11: 3 activations, 1 closing within 24 h, ...``."""
    counts = rendered.content.counts()
    others = counts["in_city"] + counts["out_of_area"] + counts["follow_ups"]
    return (
        f"CCRP daily digest {rendered.content.day.isoformat()}: "
        f"{counts['activations']} activation(s), {counts['closing_24h']} closing within 24 h, "
        f"{counts['changes']} change(s), {others} other incident(s)"
    )


def _domain(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    domain = address.rsplit("@", 1)[-1] if "@" in address else ""
    return domain or "localhost"


def _addresses(values: list[str]) -> str:
    # "Name <user@example.org>" and bare addresses alike; the header parser checks them.
    return ", ".join(v.strip() for v in values if v.strip())


def build_message(rendered: RenderedDigest, mail: MailSettings, now: datetime) -> EmailMessage:
    """The message for ``mail.recipients``: text/plain, then text/html with the map inline."""
    if not mail.recipients:
        raise DigestError("the digest has no recipients (set CCRP_MAIL__RECIPIENTS)")
    domain = _domain(mail.sender)
    cid = make_msgid(idstring="map", domain=MAP_CID_DOMAIN)
    image = (
        f'<img src="cid:{cid[1:-1]}" width="{MAP_WIDTH}" class="digest-map" '
        'style="max-width:100%;height:auto" alt="Map of the incidents in the City of Toronto">'
    )
    html = render_html(rendered.content, image, rendered.notes)
    message = EmailMessage()
    message["Subject"] = subject_for(rendered)
    message["From"] = _addresses([mail.sender])
    message["To"] = _addresses(mail.recipients)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=f"digest-{rendered.content.day}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-CCRP-Digest-Day"] = rendered.content.day.isoformat()
    message.set_content(rendered.markdown, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    html_part = message.get_payload()[1]  # type: ignore[index]
    if not isinstance(html_part, EmailMessage):  # add_alternative always makes one
        raise DigestError("the HTML part of the digest message is missing")
    html_part.add_related(
        map_png(rendered.svg),
        maintype="image",
        subtype="png",
        cid=cid,
        filename=f"ccrp-digest-map-{rendered.content.day}.png",
        disposition="inline",
    )
    return message
