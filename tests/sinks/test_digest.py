"""The daily digest: sections, map, redaction of sensitive incidents, local-day window."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from schemas import IncidentStatus, Location, Neighbourhood, Precision
from sinks import Store
from sinks.digest import render_digest
from sinks.digest_build import build_digest
from sinks.digest_content import day_window
from sinks.errors import DigestError
from sinks.svgmap import areas_from_boundaries
from tests.conftest import shared_path
from tests.sinks.factories import T0, activation, enriched, incident, location

DAY = date(2026, 7, 15)
REGENT = Neighbourhood(code="072", name="Regent Park", classification="NIA")


def _square(code: str, name: str, lon: float, lat: float, cls: str) -> dict[str, object]:
    ring = [[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]
    return {
        "type": "Feature",
        "properties": {"AREA_SHORT_CODE": code, "AREA_NAME": name, "CLASSIFICATION_CODE": cls},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
    }


BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        _square("024", "Black Creek", -79.55, 43.74, "NIA"),
        _square("072", "Regent Park", -79.38, 43.64, "NIA"),
    ],
}


def _fill_day(store: Store) -> None:
    shot = enriched("1", url="https://toronto.citynews.ca/2026/07/15/jane-finch-shooting/")
    activated = incident("inc-shot", reports=(shot,))
    store.upsert_incident(activated)
    store.record_activation(activation(activated))
    ipv_report = enriched(
        "2",
        source="news",
        types=("intimate_partner_violence",),
        title="Jane Q Victim, 34, attacked by partner at 123 Sample Crescent",
        url="https://example.org/ipv-story",
    )
    ipv_loc = location(
        lat=43.66, lon=-79.36, text="123 Sample Crescent", hood=REGENT, precision=Precision.ADDRESS
    )
    store.upsert_incident(
        incident(
            "inc-ipv", types=("intimate_partner_violence",), reports=(ipv_report,), loc=ipv_loc
        )
    )
    fire = enriched("3", source="tfs", types=("fire",), title="Fire <script>alert(1)</script>")
    retracted = incident("inc-fire", types=("fire",), reports=(fire,))
    store.upsert_incident(retracted.model_copy(update={"status": IncidentStatus.RETRACTED}))
    away = Location(lat=43.73, lon=-79.76, text="Queen St E, Brampton", precision=Precision.ADDRESS)
    brampton = enriched("4", source="news", title="Brampton stabbing", url="javascript:alert(1)")
    store.upsert_incident(
        incident(
            "inc-away",
            types=("stabbing",),
            reports=(brampton,),
            in_area=False,
            municipality="Brampton",
            loc=away,
        )
    )
    charged = enriched("5", source="news", title="Man charged in May shooting", follow_up=True)
    store.upsert_incident(incident("inc-follow", reports=(charged,), follow_up=True))
    store.upsert_incident(incident("inc-noise", types=("not_incident",)))
    store.upsert_incident(incident("inc-yesterday", first_seen=T0 - timedelta(days=1)))


def test_sections_sort_incidents(store: Store) -> None:
    _fill_day(store)
    content = build_digest(store, DAY)
    assert [e.incident_id for e in content.activations] == ["inc-shot"]
    assert {t: [e.incident_id for e in v] for t, v in content.in_city.items()} == {
        "fire": ["inc-fire"],
        "intimate_partner_violence": ["inc-ipv"],
    }
    assert [e.incident_id for e in content.out_of_area] == ["inc-away"]
    assert [e.incident_id for e in content.follow_ups] == ["inc-follow"]
    shot = content.activations[0]
    assert shot.window_opens == shot.occurred_at + timedelta(hours=12)  # type: ignore[operator]
    assert shot.occurred_at.utcoffset() == timedelta(hours=-4)  # type: ignore[union-attr]


def test_html_and_markdown_content(store: Store, tmp_path: Path) -> None:
    _fill_day(store)
    files = render_digest(store, DAY, tmp_path / "out", boundaries=BOUNDARIES)
    html = files.html.read_text(encoding="utf-8")
    md = files.markdown.read_text(encoding="utf-8")
    assert files.html.name == "ccrp-digest-2026-07-15.html"
    assert "<svg" in html and html.count("<path") == 2
    assert 'class="activation"' in html and "boundaries were unavailable" not in html
    assert "Black Creek (024)" in html and "Neighbourhood Improvement Area" in html
    assert 'href="https://toronto.citynews.ca/2026/07/15/jane-finch-shooting/"' in html
    assert "JANE ST - FINCH AVE W" in html and "(intersection)" in html
    assert "Wed 15 Jul 23:30" in html  # window opens 12 h after 11:30 local
    assert "Out of area" in html and "Brampton" in html and "javascript:" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Man charged in May shooting" in html
    assert "inc-yesterday" not in html and "Sat 18 Jul" in md  # window closes after 72 h
    for text in (html, md):
        assert "Intimate partner violence" in text and "Regent Park (072)" in text
        assert "Jane Q Victim" not in text and "Sample Crescent" not in text
        assert "ipv-story" not in text
    assert "## CCRP activations" in md and "<https://toronto.citynews.ca" in md
    assert "**Fire (retracted)**" in md and ">retracted</span>" in html


def test_map_without_boundaries_says_so(store: Store, tmp_path: Path) -> None:
    _fill_day(store)
    html = render_digest(store, DAY, tmp_path).html.read_text(encoding="utf-8")
    assert "<svg" in html and "<path" not in html
    assert "boundaries were unavailable" in html
    assert html.count('class="incident"') + html.count('class="activation"') >= 3


def test_empty_day_still_renders(store: Store, tmp_path: Path) -> None:
    files = render_digest(store, date(2026, 1, 1), tmp_path)
    assert "None." in files.markdown.read_text(encoding="utf-8")
    assert "<svg" in files.html.read_text(encoding="utf-8")


def test_real_neighbourhood_boundaries(store: Store, tmp_path: Path) -> None:
    path = shared_path("toronto/neighbourhoods-158.geojson")
    boundaries = json.loads(path.read_text(encoding="utf-8"))
    _fill_day(store)
    html = render_digest(store, DAY, tmp_path, boundaries=boundaries).html.read_text()
    assert html.count("<path") == 158
    assert len(html) < 1_500_000


def test_day_window_follows_daylight_saving() -> None:
    start, end = day_window(date(2026, 3, 8), "America/Toronto")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)
    start, end = day_window(DAY, "America/Toronto")
    assert start.utcoffset() == timedelta(hours=-4) and end - start == timedelta(hours=24)
    with pytest.raises(DigestError):
        day_window(DAY, "Mars/Olympus")


def test_bad_boundaries_are_a_digest_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(DigestError):
        render_digest(store, DAY, tmp_path, boundaries={"024": {"type": "Nonsense"}})


NEITHER = "Not an NIA or Emerging Neighbourhood"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"CLASSIFICATION_CODE": "NA", "CLASSIFICATION": NEITHER}, None),
        ({"CLASSIFICATION": NEITHER}, None),
        ({"CLASSIFICATION": "Neighbourhood Improvement Area"}, "NIA"),
        ({"CLASSIFICATION_CODE": "EN"}, "Emerging"),
        ({"classification": "NIA"}, "NIA"),
    ],
)
def test_neighbourhood_classification_from_properties(
    props: dict[str, str], expected: str | None
) -> None:
    feature = _square("001", "Somewhere", -79.4, 43.7, "NA")
    feature["properties"] = {"AREA_SHORT_CODE": "001", **props}
    (area,) = areas_from_boundaries({"type": "FeatureCollection", "features": [feature]})
    assert area.classification == expected


def test_activation_without_stored_incident_uses_event_data(store: Store, tmp_path: Path) -> None:
    inc = incident("inc-only-event", reports=(enriched("9", url="https://example.org/a"),))
    store.record_activation(activation(inc))
    content = build_digest(store, DAY)
    (entry,) = content.activations
    assert entry.area == "Black Creek (024)"
    assert [s.url for s in entry.sources] == ["https://example.org/a"]


def test_until_covers_the_24_hours_before_it(store: Store) -> None:
    _fill_day(store)
    # Just after midnight: yesterday's incidents are still in the scheduled digest.
    until = T0 + timedelta(hours=13)  # 01:00 the next local day
    content = build_digest(store, until.date(), until=until)
    assert content.end.utcoffset() == timedelta(hours=-4)
    assert content.end - content.start == timedelta(hours=24)
    assert [e.incident_id for e in content.activations] == ["inc-shot"]
    assert [e.incident_id for e in content.out_of_area] == ["inc-away"]
    assert "inc-yesterday" not in {e.incident_id for v in content.in_city.values() for e in v}
