"""The example day on a machine without a network: no geo settings, the City's CKAN
unreachable, and still every placeable in-City incident lands in a neighbourhood and the
digest map draws the 158 areas (the copies packaged with the project)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ccrp.example import serve_example
from ccrp.runjob import run_once
from ccrp.settings import GeoSettings, KafkaSettings, Settings
from schemas import Precision
from sinks import Store
from tests.conftest import closed_port_url

pytestmark = pytest.mark.broker


def test_example_day_offline_places_incidents_and_draws_the_158_areas(
    kafka: KafkaSettings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        data_dir=tmp_path / "var",
        kafka=kafka,
        geo=GeoSettings(boundaries_url=closed_port_url()),
    )
    caplog.set_level(logging.INFO, "enrich.geo.boundaries")
    with serve_example(tmp_path / "example") as sources:
        summary = run_once(settings, sources, timeout_s=120)
    assert summary.processed == summary.produced >= 10
    assert "the copy packaged with the project" in caplog.text

    with Store.open(settings.database_url) as store:
        incidents = store.recent_incidents(datetime(2000, 1, 1, tzinfo=UTC))
        # Every event of the pass, news-triggered ones (timed at publication) included.
        assert summary.activations == store.activation_count() >= 4
    in_city = [i for i in incidents if i.in_area]
    assert len(in_city) >= 8
    # Every in-City incident of the day has a neighbourhood. The one follow-up (an arrest
    # for a shooting in March) names only a district ("in Scarborough"): it keeps that
    # district, claims no more, and the digest lists it among the follow-ups.
    for incident in in_city:
        location = incident.location
        if incident.is_follow_up and location.precision is Precision.DISTRICT:
            assert location.district and location.neighbourhood is None
        else:
            assert location.neighbourhood is not None, incident.location
    placed = {i.location.neighbourhood.name for i in in_city if i.location.neighbourhood}
    assert "Moss Park" in placed
    # The Jane and Finch shooting: the call's own point lies in Black Creek, the corner the
    # stories name is geocoded into Glenfield-Jane Heights (the two meet there). Sources are
    # collected side by side, so either report may open the incident and give its place.
    [jane_finch] = [i for i in in_city if any("JANE ST" in r.title for r in i.reports)]
    hood = jane_finch.location.neighbourhood
    assert hood is not None and hood.name in {"Glenfield-Jane Heights", "Black Creek"}
    assert all(
        i.municipality != "Toronto" or i.location.neighbourhood for i in in_city if i.ccrp_eligible
    )

    html = next(p for p in summary.digest if p.suffix == ".html").read_text(encoding="utf-8")
    areas = html.split('<g class="neighbourhoods"', 1)[1].split("</g>", 1)[0]
    assert areas.count("<path") == 158
    assert "boundaries were unavailable" not in html
    assert f"{hood.name} ({hood.code})" in html and 'class="activation"' in html
    markdown = next(p for p in summary.digest if p.suffix == ".md").read_text(encoding="utf-8")
    assert "? ->" not in markdown  # each change is judged against the version before it
