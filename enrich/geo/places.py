"""Named places the gazetteer knows without any data file: districts, landmarks, other towns.

Coordinates are representative points (a civic centre, a station entrance), good to a few
hundred metres; the precision each one supports is stated with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Precision
from schemas.geography import DISTRICT_CODES as DISTRICT_CODES
from schemas.geography import OUTSIDE_LANDMARKS as GEO_OUTSIDE_LANDMARKS
from schemas.geography import outside_places, part_of_city, police_service_names


@dataclass(frozen=True)
class Place:
    """A named place with a representative point and the precision that point supports."""

    name: str
    lat: float
    lon: float
    precision: Precision
    district: str | None = None


def _district(name: str, lat: float, lon: float, precision: Precision) -> Place:
    """A district with the part of the City it lies in, as the digest and matching name it
    (the old City as "Toronto and East York")."""
    part = part_of_city(name)
    if part is None:
        raise ValueError(f"{name} is not a known area of the City")
    return Place(name, lat, lon, precision, "Toronto and East York" if part == "Toronto" else part)


# The former municipalities and the everyday area names used for them in news copy.
DISTRICTS: dict[str, Place] = {
    p.name.lower(): p
    for p in (
        _district("North York", 43.7676, -79.4128, Precision.DISTRICT),
        _district("Scarborough", 43.7731, -79.2578, Precision.DISTRICT),
        _district("Etobicoke", 43.6435, -79.5650, Precision.DISTRICT),
        _district("East York", 43.6911, -79.3276, Precision.DISTRICT),
        _district("York", 43.6897, -79.4787, Precision.DISTRICT),
        _district("Downtown", 43.6510, -79.3810, Precision.DISTRICT),
        _district("Midtown", 43.7064, -79.3985, Precision.DISTRICT),
        _district("Rexdale", 43.7216, -79.5761, Precision.DISTRICT),
        _district("Don Mills", 43.7360, -79.3430, Precision.DISTRICT),
        _district("Willowdale", 43.7700, -79.4100, Precision.DISTRICT),
        _district("Parkdale", 43.6402, -79.4367, Precision.DISTRICT),
        _district("Leslieville", 43.6625, -79.3330, Precision.DISTRICT),
        _district("Liberty Village", 43.6376, -79.4208, Precision.DISTRICT),
        _district("Chinatown", 43.6530, -79.3980, Precision.DISTRICT),
        _district("Jane and Finch", 43.7569, -79.5173, Precision.INTERSECTION),
    )
}

# A short list of well-known places whose names appear in incident reports.
LANDMARKS: dict[str, Place] = {
    p.name.lower(): p
    for p in (
        Place("Union Station", 43.6453, -79.3806, Precision.ADDRESS),
        Place("Yonge-Dundas Square", 43.6561, -79.3802, Precision.ADDRESS),
        Place("Sankofa Square", 43.6561, -79.3802, Precision.ADDRESS),
        Place("Nathan Phillips Square", 43.6525, -79.3835, Precision.ADDRESS),
        Place("Eaton Centre", 43.6544, -79.3807, Precision.ADDRESS),
        Place("CN Tower", 43.6426, -79.3871, Precision.ADDRESS),
        Place("Rogers Centre", 43.6414, -79.3894, Precision.ADDRESS),
        Place("Scotiabank Arena", 43.6435, -79.3791, Precision.ADDRESS),
        Place("Exhibition Place", 43.6330, -79.4180, Precision.ADDRESS),
        Place("Queen's Park", 43.6629, -79.3920, Precision.ADDRESS),
        Place("Kensington Market", 43.6548, -79.4006, Precision.ADDRESS),
        Place("Harbourfront Centre", 43.6387, -79.3817, Precision.ADDRESS),
        Place("Yorkdale", 43.7254, -79.4522, Precision.ADDRESS),
        Place("Scarborough Town Centre", 43.7757, -79.2578, Precision.ADDRESS),
        Place("Fairview Mall", 43.7778, -79.3447, Precision.ADDRESS),
        Place("Dufferin Mall", 43.6563, -79.4355, Precision.ADDRESS),
        Place("Sherway Gardens", 43.6117, -79.5574, Precision.ADDRESS),
        Place("Trinity Bellwoods Park", 43.6473, -79.4137, Precision.ADDRESS),
        Place("Christie Pits", 43.6645, -79.4205, Precision.ADDRESS),
        Place("Allan Gardens", 43.6619, -79.3747, Precision.ADDRESS),
        Place("Sunnybrook Hospital", 43.7225, -79.3760, Precision.ADDRESS),
        Place("St. Michael's Hospital", 43.6533, -79.3776, Precision.ADDRESS),
        Place("Toronto Western Hospital", 43.6536, -79.4056, Precision.ADDRESS),
        Place("Humber River Hospital", 43.7245, -79.4887, Precision.ADDRESS),
        Place("York University", 43.7735, -79.5019, Precision.ADDRESS),
        Place("Toronto Zoo", 43.8177, -79.1859, Precision.ADDRESS),
        Place("Ontario Place", 43.6285, -79.4155, Precision.ADDRESS),
    )
}

# Municipalities, communities and regions around the City: a report placed there is out of
# area. Landmarks outside the City that are often mistaken for Toronto ones, and the outside
# police services, by the place they serve.
OTHER_MUNICIPALITIES: tuple[str, ...] = tuple(outside_places())
OUTSIDE_LANDMARKS: dict[str, str] = {k.lower(): v for k, v in GEO_OUTSIDE_LANDMARKS.items()}
OTHER_POLICE_SERVICES: dict[str, str] = {
    k.lower(): v for k, v in police_service_names().items() if len(k) > 4
}
