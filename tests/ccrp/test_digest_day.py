"""The digest of a real dev day, end to end: the stage functions over the shared news,
TPS calls and TFS rows of 2026-07-09..11 fill a store; the digest is mailed to a real
SMTP server on loopback, parsed back, and its web version is loaded in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from ccrp.runtime import build_stages
from enrich.geo.boundaries import read_geojson
from sinks import Store
from sinks.digest import DigestFiles, render_digest
from sinks.digest_send import deliver_digest
from sinks.settings import MailSettings
from tests.ccrp.dev_day import VICTIMS, dev_rows, fill_store
from tests.ccrp.support import make_settings
from tests.chromium import chromium_page
from tests.conftest import SHARED_DATA, shared_path
from tests.sinks.smtp_server import smtp_server

pytestmark = pytest.mark.shared_data
DAY = date(2026, 7, 11)
BIDI = ("\u202e", "\u202c", "\u200b", "\u2066")


@dataclass
class DevDay:
    store: Store
    boundaries: dict[str, Any]
    folder: Path


@pytest.fixture(scope="module")
def dev_day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevDay]:
    boundaries = read_geojson(shared_path("toronto/neighbourhoods-158.geojson"))
    shared_path("feeds/tps-calls-for-service-2026-07-10_17.jsonl")
    folder = tmp_path_factory.mktemp("dev-day")
    stages = build_stages(make_settings(folder))
    store = Store.open(f"sqlite:///{folder / 'ccrp.db'}")
    stored = fill_store(stages, store, dev_rows(SHARED_DATA, date(2026, 7, 9), DAY))
    assert stored > 400
    yield DevDay(store, boundaries, folder)
    store.close()


def _part(message: EmailMessage, kind: str) -> str:
    body = message.get_body((kind,))
    assert body is not None, f"no text/{kind} part"
    return str(body.get_content())


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_dev_day_mailed_once_and_parsed_back(dev_day: DevDay) -> None:
    out = dev_day.folder / "mailed"
    with smtp_server() as (port, inbox):
        mail = MailSettings(
            host="127.0.0.1",
            port=port,
            starttls=False,
            sender="CCRP digest <digest@ccrp.example.org>",
            recipients=["staff@ccrp.example.org"],
        )
        delivery = deliver_digest(dev_day.store, DAY, out, mail, dev_day.boundaries)
        assert delivery.sent
        rerun = deliver_digest(dev_day.store, DAY, out, mail, dev_day.boundaries)
        assert not rerun.sent and len(inbox.envelopes) == 1  # a rerun the same day: nothing
    (message,) = inbox.messages()
    sent = dev_day.store.digest_send(DAY)
    assert sent is not None and sent.status == "sent"
    counts = sent.counts
    others = counts["in_city"] + counts["out_of_area"] + counts["follow_ups"]
    assert message["Subject"] == (
        f"CCRP daily digest 2026-07-11: {counts['activations']} activation(s), "
        f"{counts['closing_24h']} closing within 24 h, {counts['changes']} change(s), "
        f"{others} other incident(s)"
    )
    assert counts["activations"] >= 3 and others > 300

    text, html = _part(message, "plain"), _part(message, "html")
    assert "## CCRP activations, most urgent first" in text and 'id="activations"' in html
    (image,) = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html and "<svg" not in html
    width, height = _png_size(image.get_content())
    assert width == 1920 and height > 1000

    # Real source links survive, in both parts.
    links = re.findall(r'href="(https://[^"]+)"', html)
    assert any(
        link.startswith(("https://toronto.citynews.ca/", "https://www.cbc.ca/")) for link in links
    )
    assert any(link in text for link in links)

    eml = message_from_bytes(Path(str(delivery.eml)).read_bytes(), policy=policy.default)
    everything = [text, html, str(message["Subject"]), _part(eml, "html")]
    for part in everything:
        for char in BIDI:
            assert char not in part
        assert "javascript:" not in part
        assert not re.search(r"(?<!\\)<(script|img src=x)", part)
        for name in VICTIMS:
            assert name not in part and name.split()[-1] not in part
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html
    # The hostile link is shown percent-encoded, or not at all when its incident is withheld
    # (the story joins an assault call at the same corner).
    assert 'stabbing"><script>' not in html
    assert "https://news.example.org/stabbing%22%3E%3Cscript%3E" in html or re.search(
        r'class="redacted">\d+ report\(s\): [^<]*cbc', html
    )
    # The intimate-partner assault (typed as such or as a plain assault): its generated
    # summary, never the story.
    assert re.search(
        r"(Assault|Intimate partner violence) in Golfdale-Cedarbrae-Woburn \(141\)"
        r" - Sat 11 Jul, around 17:00 \(details withheld",
        text,
    )


def _web_version(dev_day: DevDay) -> DigestFiles:
    return render_digest(dev_day.store, DAY, dev_day.folder / "web", dev_day.boundaries)


def test_dev_day_web_version_in_a_real_browser(dev_day: DevDay) -> None:
    files = _web_version(dev_day)
    with chromium_page() as page:
        page.load(files.html.resolve().as_uri())
        facts = page.evaluate(
            """(() => {
              const map = document.querySelector('svg.digest-map');
              const box = map.getBoundingClientRect();
              const order = ['closing', 'changes', 'activations', 'repeat']
                .map(id => document.getElementById(id).getBoundingClientRect().top);
              return {
                areas: map.querySelectorAll('.neighbourhoods path').length,
                markers: map.querySelectorAll('circle').length,
                mapWidth: box.width, mapHeight: box.height,
                mapBottom: box.bottom + window.scrollY,
                scripts: document.scripts.length,
                handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
                images: document.images.length,
                links: [...document.links].map(a => a.href),
                text: document.body.innerText,
                order: order,
                title: document.title,
              };
            })()"""
        )
        # The urgent sections and the map: what a reader sees first.
        below_map = facts["mapBottom"] + 80  # with its legend
        shot = page.screenshot(dev_day.folder / "digest-screenshot.png", max_height=below_map)
        assert page.dialogs == []  # no injected alert() ran
    assert facts["areas"] == 158 and facts["markers"] > 300
    assert facts["mapWidth"] > 900 and facts["mapHeight"] > 600
    assert facts["scripts"] == 0 and facts["handlers"] == 0 and facts["images"] == 0
    assert facts["links"] and all(
        link.startswith(("https://", "http://")) for link in facts["links"]
    )
    assert facts["order"] == sorted(facts["order"])
    assert facts["title"] == "CCRP daily incident digest 2026-07-11"
    assert not any(char in facts["text"] for char in BIDI)
    assert "<script>alert('t')</script>" in facts["text"]  # shown as text, never run
    assert not any(name in facts["text"] for name in VICTIMS)
    assert shot.stat().st_size > 50_000
    target = os.environ.get("CCRP_TEST_SCREENSHOT")
    if target:  # a copy for a person to look at
        shutil.copyfile(shot, target)
