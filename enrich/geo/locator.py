"""Place a report: its own coordinates, else its location field, else its title and body."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from pathlib import Path

from enrich.geo.boundaries import load_boundaries_geojson, load_intersections_geojson
from enrich.geo.cache import BestEffortCache, GeocodeCache, WriteBehindCache
from enrich.geo.divisions import report_division
from enrich.geo.errors import GeocoderUnavailable
from enrich.geo.extract import extract_mentions, neighbourhood_aliases, parse_location_field
from enrich.geo.gazetteer import Gazetteer
from enrich.geo.geocoders import RemoteGeocoder, build_remote, parse_chain
from enrich.geo.hood_cache import NeighbourhoodCache
from enrich.geo.mentions import BEST_PRECISION, Mention, MentionKind
from enrich.geo.neighbourhoods import NeighbourhoodIndex
from enrich.geo.settings import GeoSettings
from enrich.geo.street_level import best_street_hit, settle_street
from schemas import Classification, Location, Precision, RawReport

log = logging.getLogger(__name__)
_STREET_LEVEL = {
    MentionKind.ADDRESS,
    MentionKind.INTERSECTION,
    MentionKind.LANE,
    MentionKind.STREET,
}
_ORDER = list(Precision)


def _weaker(a: Precision, b: Precision) -> Precision:
    return max(a, b, key=_ORDER.index)


def valid_point(lat: float | None, lon: float | None) -> bool:
    """Usable coordinates: finite, in range, and not the 0,0 'not specified' marker."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return not (lat == 0 and lon == 0) and -90 <= lat <= 90 and -180 <= lon <= 180


class Locator:
    """Turns a RawReport into a Location; safe to call from worker threads."""

    def __init__(
        self,
        index: NeighbourhoodIndex | None,
        gazetteer: Gazetteer,
        remotes: list[RemoteGeocoder] | None = None,
        learn: bool = True,
    ) -> None:
        self.index = index
        self.hoods = NeighbourhoodCache(index) if index is not None else None
        self.gazetteer = gazetteer
        self.remotes = remotes or []
        self.learn = learn
        names = [n.name for n in index.neighbourhoods] if index else []
        self.aliases = neighbourhood_aliases(names)

    @classmethod
    def from_settings(
        cls, geo: GeoSettings, cache: GeocodeCache | None = None, data_dir: Path | None = None
    ) -> Locator:
        """Boundaries and gazetteer from settings (file, cached copy, or CKAN); chain checked."""
        chain = parse_chain(geo.geocoder)
        cache = WriteBehindCache(BestEffortCache(cache)) if cache is not None else None
        boundaries = load_boundaries_geojson(geo, data_dir)
        index = NeighbourhoodIndex.from_geojson(boundaries) if boundaries else None
        gazetteer = Gazetteer.from_intersections(load_intersections_geojson(geo, data_dir), cache)
        remotes = [build_remote(n, geo, cache) for n in chain if n != "gazetteer"]
        return cls(index, gazetteer, remotes)

    def locate(self, report: RawReport, classification: Classification | None = None) -> Location:
        """The best Location the report supports; never raises for a geocoder outage."""
        fielded = parse_location_field(report.location_text)
        district = next((m.district for m in fielded if m.district), None)
        patrol = report_division(report)
        if valid_point(report.lat, report.lon):
            assert report.lat is not None and report.lon is not None
            if self.learn:
                self.remember(report, patrol, fielded)
            precision = BEST_PRECISION[fielded[0].kind] if fielded else Precision.INTERSECTION
            return self._at(
                report.lat, report.lon, precision, report.location_text, "source", district
            )
        if report.location_text:
            learned = self.gazetteer.lookup_text(report.location_text, patrol)
            if learned is not None:
                precision = BEST_PRECISION[fielded[0].kind] if fielded else learned.precision
                return self._at(
                    learned.lat, learned.lon, precision, report.location_text, "gazetteer", district
                )
            found = self._first(fielded, district, patrol)
            if found is not None:
                return found
        return self._from_text(report.text, classification)

    def prime(self, reports: Iterable[RawReport]) -> None:
        """Look up the neighbourhoods of a batch's own points together (see hood_cache)."""
        if self.hoods is not None:
            self.hoods.prime(
                (r.lat, r.lon)
                for r in reports
                if r.lat is not None and r.lon is not None and valid_point(r.lat, r.lon)
            )

    def flush(self) -> None:
        """Write what was learned and answered since the last flush to the geocode cache."""
        flush = getattr(self.gazetteer.cache, "flush", None)
        if flush is not None:
            flush()

    def remember(
        self, report: RawReport, patrol: str | None = None, fielded: list[Mention] | None = None
    ) -> bool:
        """Learn where a report's location text lies from its own coordinates (police and
        fire feeds carry both): the gazetteer grows with every call. ``fielded``: the
        location text's parse, when the caller has it."""
        if not report.location_text or not valid_point(report.lat, report.lon):
            return False
        assert report.lat is not None and report.lon is not None
        division = patrol if patrol is not None else report_division(report)
        return self.gazetteer.learn(report.location_text, report.lat, report.lon, division, fielded)

    def _from_text(self, text: str, classification: Classification | None) -> Location:
        mentions = extract_mentions(text, self.aliases)
        outside = next((m for m in mentions if m.kind is MentionKind.OUTSIDE), None)
        anchored = any(
            m.kind in (MentionKind.NEIGHBOURHOOD, MentionKind.LANDMARK, MentionKind.DISTRICT)
            for m in mentions
        )
        usable = [m for m in mentions if not (outside and not anchored and m.kind in _STREET_LEVEL)]
        district = next((m.name for m in mentions if m.kind is MentionKind.DISTRICT), None)
        found = self._first([m for m in usable if m.kind is not MentionKind.OUTSIDE], district)
        if found is not None and found.precision is not Precision.CITY:
            return found
        if outside is not None:
            return Location(precision=Precision.CITY, text=outside.name, in_city=False)
        # Streets named but not placeable here: keep their words as the location text (the
        # resolver matches on them) while the precision stays what was actually reached.
        unplaced = next((m.text for m in usable if m.kind in _STREET_LEVEL), None)
        if found is not None:
            return found.model_copy(update={"text": unplaced}) if unplaced else found
        if classification is not None and classification.in_area is False:
            town = classification.municipality
            return Location(precision=Precision.CITY, text=town, in_city=False)
        if classification is not None and classification.in_area:
            return Location(precision=Precision.CITY, text=unplaced or "Toronto", in_city=True)
        return Location(text=unplaced)

    def _first(
        self, mentions: list[Mention], district: str | None, patrol: str | None = None
    ) -> Location | None:
        streets_tried = False
        for mention in mentions:
            if mention.kind is MentionKind.STREET and not self.remotes:
                if streets_tried:
                    continue
                streets_tried = True
                found = self._street(mentions, district or mention.district, patrol)
            else:
                found = self._resolve(mention, district or mention.district, patrol)
            if found is not None:
                return found
        return None

    def _street(
        self, mentions: list[Mention], district: str | None, patrol: str | None
    ) -> Location | None:
        best = best_street_hit(self.gazetteer, mentions, patrol)
        if best is None:
            return None
        mention, hit = best
        hit = settle_street(hit, self.index)
        precision = _weaker(hit.precision, BEST_PRECISION[mention.kind])
        return self._at(hit.lat, hit.lon, precision, mention.text, "gazetteer", district)

    def _resolve(
        self, mention: Mention, district: str | None, patrol: str | None = None
    ) -> Location | None:
        kind = mention.kind
        if kind is MentionKind.NEIGHBOURHOOD and self.index is not None:
            point = self.index.representative_point(mention.name or "")
            hood = self.index.by_official_name(mention.name or "")
            if point and hood:
                return Location(
                    lat=point[0],
                    lon=point[1],
                    precision=Precision.NEIGHBOURHOOD,
                    text=mention.text,
                    neighbourhood=hood,
                    district=district,
                    in_city=True,
                    geocoder="gazetteer",
                )
        if kind in (MentionKind.CITY, MentionKind.POSTAL_AREA):
            return Location(
                precision=Precision.CITY,
                text=mention.text,
                district=district,
                in_city=True,
                geocoder="gazetteer",
            )
        if kind in _STREET_LEVEL or kind is MentionKind.LANDMARK:
            for remote in self.remotes:
                found = self._remote(remote, mention, district)
                if found is not None:
                    return found
        hit = self.gazetteer.geocode(mention, patrol)
        if hit is None:
            return None
        if kind is MentionKind.DISTRICT:
            return Location(
                lat=hit.lat,
                lon=hit.lon,
                precision=hit.precision,
                text=mention.text,
                district=district or mention.name,
                in_city=True,
                geocoder="gazetteer",
            )
        precision = _weaker(hit.precision, BEST_PRECISION[kind])
        return self._at(hit.lat, hit.lon, precision, mention.text, "gazetteer", district)

    def _remote(
        self, remote: RemoteGeocoder, mention: Mention, district: str | None
    ) -> Location | None:
        try:
            answer = remote.geocode(mention.query)
        except GeocoderUnavailable as exc:
            log.warning("geocoder degraded: %s", exc)
            return None
        if answer.lat is None or answer.lon is None:
            return None
        if self.index is not None and self.index.lookup(answer.lat, answer.lon) is None:
            return None  # a namesake street in another town
        precision = BEST_PRECISION[mention.kind]
        if precision is Precision.ADDRESS and not answer.house_level:
            precision = Precision.NEIGHBOURHOOD
        return self._at(answer.lat, answer.lon, precision, mention.text, remote.name, district)

    def _at(
        self,
        lat: float,
        lon: float,
        precision: Precision,
        text: str | None,
        geocoder: str,
        district: str | None,
    ) -> Location:
        if self.index is None:
            # Without boundaries the point stays, but nothing finer than it can be claimed.
            return Location(
                lat=lat,
                lon=lon,
                precision=precision,
                text=text,
                district=district,
                in_city=None,
                geocoder=geocoder,
            )
        assert self.hoods is not None
        hood = self.hoods.lookup(lat, lon)
        in_city = hood is not None
        keep_hood = in_city and _ORDER.index(precision) <= _ORDER.index(Precision.NEIGHBOURHOOD)
        return Location(
            lat=lat,
            lon=lon,
            precision=precision,
            text=text,
            neighbourhood=hood if keep_hood else None,
            district=district,
            in_city=in_city,
            geocoder=geocoder,
        )
