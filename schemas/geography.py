"""The City of Toronto's geography as every stage reads it: one source for all of them.

- the City's bounding box (the extent of its official boundary);
- the former municipalities (Toronto, East York, York, North York, Etobicoke, Scarborough)
  and the everyday area names and landmarks of news copy, with the part each lies in;
- the municipalities around the City, with their regional municipality and police service,
  and the communities inside them ("Woodbridge" is in Vaughan);
- the dispatch codes of the former municipalities ("CHESSWOOD DR, NY").
"""

from __future__ import annotations

from typing import NamedTuple

from schemas.reports import Classification, Location

CITY = "Toronto"


class Bounds(NamedTuple):
    """A latitude/longitude box."""

    south: float
    north: float
    west: float
    east: float

    def contains(self, lat: float, lon: float, margin_deg: float = 0.0) -> bool:
        """True inside the box grown by ``margin_deg`` on every side."""
        return (
            self.south - margin_deg <= lat <= self.north + margin_deg
            and self.west - margin_deg <= lon <= self.east + margin_deg
        )

    def padded(self, margin_deg: float) -> Bounds:
        """The box grown by ``margin_deg`` on every side."""
        m = margin_deg
        return Bounds(self.south - m, self.north + m, self.west - m, self.east + m)


# The extent of the City's boundary: the lake shore at Long Branch to Steeles, Etobicoke
# Creek to the Rouge.
CITY_BOUNDS = Bounds(south=43.5810, north=43.8555, west=-79.6393, east=-79.1152)


def point_in_city_bounds(lat: float | None, lon: float | None) -> bool | None:
    """True inside the City's box (with about 100 m to spare), False outside, None without
    coordinates (or the 0,0 of a missing fix)."""
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None
    return CITY_BOUNDS.contains(lat, lon, margin_deg=0.001)


FORMER_MUNICIPALITIES = ("Toronto", "East York", "York", "North York", "Etobicoke", "Scarborough")

# fmt: off
# Everyday area names (neighbourhoods, districts and their nicknames), by former municipality.
_AREAS: dict[str, tuple[str, ...]] = {
    "Toronto": (
        "Old Toronto", "downtown Toronto", "Downtown", "Midtown", "Midtown Toronto",
        "the Beaches", "Kensington Market", "Parkdale", "Regent Park", "St. James Town",
        "Liberty Village", "the Annex", "Yorkville", "Leslieville", "Riverdale", "the Danforth",
        "Danforth", "Greektown", "Moss Park", "Cabbagetown", "Church-Wellesley", "the Village",
        "Little Italy", "Little Portugal", "the Junction", "Bloordale", "Dufferin Grove",
        "Trinity Bellwoods", "Chinatown", "Harbourfront", "Distillery District", "Corktown",
        "Queen West", "Port Lands", "Toronto Island", "Toronto Islands", "Birchcliff",
        "Davenport", "Wychwood", "Forest Hill", "Rosedale", "Lawrence Park", "Yonge-Eglinton",
        "Sherbourne", "Yonge-Bay", "Bay Street corridor", "Wellesley", "Trinity-Spadina",
        "Exhibition", "Roncesvalles", "High Park", "Seaton Village", "Summerhill",
        "Deer Park", "Davisville", "the Entertainment District", "CityPlace", "South Core",
    ),
    "East York": (
        "East York", "Thorncliffe Park", "Flemingdon Park", "Leaside", "Crescent Town",
        "Taylor-Massey", "O'Connor-Parkview",
    ),
    "York": (
        "York", "Weston", "Mount Dennis", "Oakwood", "Little Jamaica", "Eglinton West",
        "Corso Italia", "St. Clair West", "Pelmo Park", "Weston-Pellam Park", "Rockcliffe",
        "Smythe Park", "Keelesdale", "Caledonia-Fairbank", "Silverthorn", "Fairbank",
    ),
    "North York": (
        "North York", "Jane and Finch", "Jane-Finch", "Lawrence Heights", "Don Mills",
        "Willowdale", "Bayview Village", "York Mills", "Downsview", "Black Creek",
        "Humber Summit", "Humbermede", "Lansing", "Newtonbrook", "Hillcrest",
        "Bathurst Manor", "Clanton Park", "Westminster-Branson", "Glenfield-Jane Heights",
        "Emery", "Victoria Village", "Parkwoods", "Flemingdon",
    ),
    "Etobicoke": (
        "Etobicoke", "Rexdale", "Thistletown", "Mimico", "Long Branch", "New Toronto",
        "Alderwood", "Islington", "the Kingsway", "Humber Bay", "Etobicoke North", "Kipling",
        "Albion Road", "Humberwood", "Mount Olive", "Jamestown", "Markland Wood",
    ),
    "Scarborough": (
        "Scarborough", "Malvern", "Agincourt", "Port Union", "West Hill", "Morningside",
        "Highland Creek", "Kingston-Galloway", "Dorset Park", "Woburn", "Bendale",
        "L'Amoreaux", "Milliken", "Golden Mile", "Clairlea", "Eglinton East", "Guildwood",
        "Rouge", "Malvern Town Centre", "Scarborough Village", "Cliffside", "Wexford",
        "Scarborough Town Centre", "Scarborough Bluffs", "Birch Cliff",
    ),
}
# Landmarks of news copy (stations aside), by former municipality.
_LANDMARKS: dict[str, tuple[str, ...]] = {
    "Toronto": (
        "Union Station", "Nathan Phillips Square", "Eaton Centre", "Yonge-Dundas Square",
        "Sankofa Square", "Dundas Square", "CN Tower", "Rogers Centre", "Scotiabank Arena",
        "Exhibition Place", "Ontario Place", "Queen's Park", "Harbourfront Centre",
        "St. Lawrence Market", "Allan Gardens", "Trinity Bellwoods Park", "Christie Pits",
        "Dufferin Mall", "St. Michael's Hospital", "Toronto Western Hospital", "Woodbine Beach",
        "Cherry Beach", "Sunnyside Beach", "Polson Pier", "BMO Field", "Riverdale Park",
    ),
    # Rivers and highways that cross several parts of the City.
    "": (
        "Don River", "Humber River", "Don Valley", "Don Valley Parkway", "DVP",
        "Gardiner Expressway", "Allen Road",
    ),
    "North York": (
        "Yorkdale", "Fairview Mall", "Sunnybrook Hospital", "Humber River Hospital",
        "York University", "Downsview Park", "Earl Bales Park",
    ),
    "Scarborough": (
        "Toronto Zoo", "Bluffers Park", "Rouge National Urban Park", "Scarborough General",
    ),
    "Etobicoke": ("Sherway Gardens", "Centennial Park", "Woodbine Centre"),
    "York": ("Black Creek Drive",),
    "East York": ("Taylor Creek Park", "East York Town Centre"),
}
# fmt: on
AREA_PART: dict[str, str | None] = {
    name: part or None
    for source in (_AREAS, _LANDMARKS)
    for part, names in source.items()
    for name in names
}
CITY_AREA_NAMES: tuple[str, ...] = tuple(n for names in _AREAS.values() for n in names)
CITY_LANDMARKS: tuple[str, ...] = tuple(n for names in _LANDMARKS.values() for n in names)


def part_of_city(name: str | None) -> str | None:
    """The former municipality an area name or landmark lies in ("Rexdale" -> Etobicoke)."""
    if not name:
        return None
    return _PART_BY_KEY.get(" ".join(name.casefold().split()))


_PART_BY_KEY = {" ".join(n.casefold().split()): p for n, p in AREA_PART.items() if p}
_PART_BY_KEY.update({p.casefold(): p for p in FORMER_MUNICIPALITIES})


class Municipality(NamedTuple):
    """A municipality outside the City: its regional municipality and its police service."""

    name: str
    region: str | None
    police: str | None
    communities: tuple[str, ...] = ()


class PoliceService(NamedTuple):
    """A police service outside the City: its short name ("Peel") and where it serves."""

    name: str
    short: str
    serves: str


# fmt: off
_PEEL, _YORK, _DURHAM, _HALTON = "Peel Region", "York Region", "Durham Region", "Halton Region"
_NIAGARA, _WATERLOO, _SIMCOE = "Niagara Region", "Waterloo Region", "Simcoe County"
OUTSIDE_MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("Mississauga", _PEEL, "Peel Regional Police",
                 ("Port Credit", "Meadowvale", "Malton", "Streetsville", "Cooksville")),
    Municipality("Brampton", _PEEL, "Peel Regional Police", ("Bramalea",)),
    # Caledon is in Peel Region but policed by the OPP.
    Municipality("Caledon", _PEEL, "Ontario Provincial Police", ("Bolton",)),
    Municipality("Vaughan", _YORK, "York Regional Police",
                 ("Woodbridge", "Thornhill", "Kleinburg")),
    Municipality("Markham", _YORK, "York Regional Police", ("Unionville",)),
    Municipality("Richmond Hill", _YORK, "York Regional Police", ("Oak Ridges",)),
    Municipality("Newmarket", _YORK, "York Regional Police"),
    Municipality("Aurora", _YORK, "York Regional Police"),
    Municipality("King", _YORK, "York Regional Police", ("King City", "Nobleton")),
    Municipality("Whitchurch-Stouffville", _YORK, "York Regional Police", ("Stouffville",)),
    Municipality("East Gwillimbury", _YORK, "York Regional Police"),
    Municipality("Georgina", _YORK, "York Regional Police", ("Keswick",)),
    Municipality("Pickering", _DURHAM, "Durham Regional Police"),
    Municipality("Ajax", _DURHAM, "Durham Regional Police"),
    Municipality("Whitby", _DURHAM, "Durham Regional Police", ("Brooklin",)),
    Municipality("Oshawa", _DURHAM, "Durham Regional Police"),
    Municipality("Clarington", _DURHAM, "Durham Regional Police", ("Courtice", "Bowmanville")),
    Municipality("Uxbridge", _DURHAM, "Durham Regional Police"),
    Municipality("Scugog", _DURHAM, "Durham Regional Police", ("Port Perry",)),
    Municipality("Brock", _DURHAM, "Durham Regional Police"),
    Municipality("Oakville", _HALTON, "Halton Regional Police"),
    Municipality("Burlington", _HALTON, "Halton Regional Police"),
    Municipality("Milton", _HALTON, "Halton Regional Police"),
    Municipality("Halton Hills", _HALTON, "Halton Regional Police", ("Georgetown",)),
    Municipality("Hamilton", None, "Hamilton Police Service", ("Stoney Creek", "Ancaster")),
    Municipality("St. Catharines", _NIAGARA, "Niagara Regional Police"),
    Municipality("Niagara Falls", _NIAGARA, "Niagara Regional Police"),
    Municipality("Welland", _NIAGARA, "Niagara Regional Police"),
    Municipality("Kitchener", _WATERLOO, "Waterloo Regional Police"),
    Municipality("Waterloo", _WATERLOO, "Waterloo Regional Police"),
    Municipality("Cambridge", _WATERLOO, "Waterloo Regional Police"),
    Municipality("Barrie", _SIMCOE, "Barrie Police Service"),
    Municipality("Innisfil", _SIMCOE, "South Simcoe Police Service"),
    Municipality("Bradford West Gwillimbury", _SIMCOE, "South Simcoe Police Service",
                 ("Bradford",)),
    Municipality("Orillia", _SIMCOE, "Ontario Provincial Police"),
    *(Municipality(name, None, f"{name} Police Service") for name in (
        "Guelph", "Brantford", "Windsor", "Kingston", "Peterborough", "Ottawa", "Sudbury",
        "Calgary", "Edmonton", "Vancouver", "Winnipeg", "Halifax")),
    Municipality("Montreal", None, "Montreal police"),
    Municipality("New York", None, "NYPD", ("Manhattan",)),
)
REGIONS: tuple[str, ...] = (_PEEL, _YORK, _DURHAM, _HALTON, _NIAGARA, _WATERLOO, _SIMCOE)
# Landmarks outside the City that news copy often pairs with Toronto.
OUTSIDE_LANDMARKS: dict[str, str] = {
    "Toronto Pearson": "Mississauga", "Pearson airport": "Mississauga",
    "Pearson International Airport": "Mississauga", "Square One": "Mississauga",
    "Vaughan Mills": "Vaughan", "Canada's Wonderland": "Vaughan", "Markville": "Markham",
}
# Dispatch suffixes of the former municipalities ("CHESSWOOD DR, NY").
DISTRICT_CODES: dict[str, str] = {
    "NY": "North York", "SC": "Scarborough", "ET": "Etobicoke", "EY": "East York",
    "YK": "York", "TO": "Toronto", "TT": "Toronto", "TOR": "Toronto",
}
# Services that act only inside the City.
CITY_SERVICES: tuple[str, ...] = (
    "Toronto police", "Toronto Police Service", "TPS", "Toronto Fire", "Toronto Fire Services",
    "Toronto Paramedic Services", "Toronto paramedics", "Toronto Community Housing", "TTC",
)
# fmt: on

_REGIONAL_SERVICES = {
    "Peel Regional Police": ("Peel", _PEEL, "PRP"),
    "York Regional Police": ("York", _YORK, "YRP"),
    "Durham Regional Police": ("Durham", _DURHAM, "DRPS"),
    "Halton Regional Police": ("Halton", _HALTON, "HRPS"),
    "Niagara Regional Police": ("Niagara", _NIAGARA, "NRPS"),
    "Waterloo Regional Police": ("Waterloo", _WATERLOO, "WRPS"),
}


def _police_services() -> tuple[PoliceService, ...]:
    services = {}
    for name, (short, region, initials) in _REGIONAL_SERVICES.items():
        services[name] = PoliceService(name, short, region)
        services[initials] = PoliceService(initials, short, region)
    for m in OUTSIDE_MUNICIPALITIES:
        if m.police and m.police not in _REGIONAL_SERVICES and "Provincial" not in m.police:
            own = m.police.startswith(m.name)
            short = m.name if own else m.police.removesuffix(" Police Service")
            serves = m.name if own else m.region or m.name
            services[m.police] = PoliceService(m.police, short, serves)
    services["NYPD"] = PoliceService("NYPD", "New York", "New York")
    return tuple(services.values())


OUTSIDE_POLICE: tuple[PoliceService, ...] = _police_services()


def police_service_names() -> dict[str, str]:
    """Every way news copy names an outside police service, with where it serves:
    "Peel Regional Police", "Peel police", "police in Peel", "Peel Region police", "PRP"."""
    names: dict[str, str] = {}
    for service in OUTSIDE_POLICE:
        names[service.name] = service.serves
        short = service.short
        if short != service.name and len(short) > 3:
            names[f"{short} police"] = service.serves
            names[f"police in {short}"] = service.serves
        if service.serves in REGIONS:
            names[f"{service.serves} police"] = service.serves
            names[f"police in {service.serves}"] = service.serves
    return names


# Municipality names that are also Toronto arterials ("King and Bathurst", "Kingston and
# Galloway"): only the township form, or the police service, names the municipality.
_STREET_HOMONYMS = {"King": "King Township", "Brock": "Brock Township", "Kingston": None}


def outside_places() -> dict[str, str]:
    """Every outside municipality, community and region by name, with the municipality (or
    region) it places an incident in: "Woodbridge" -> "Vaughan"."""
    places: dict[str, str] = {region: region for region in REGIONS}
    for m in OUTSIDE_MUNICIPALITIES:
        written = _STREET_HOMONYMS.get(m.name, m.name)
        if written:
            places[written] = m.name
        for community in m.communities:
            places[community] = m.name
    return places


def region_of(municipality: str) -> str | None:
    """The regional municipality an outside municipality or community lies in."""
    name = outside_places().get(municipality, municipality)
    return next((m.region for m in OUTSIDE_MUNICIPALITIES if m.name == name), None)


def report_in_city(classification: Classification, location: Location) -> bool | None:
    """Is what a report tells of inside the City? The one rule every stage applies.

    An explicit reading outside the City wins -- the classifier placing it in another
    municipality, or a point outside the City's neighbourhoods -- since a Toronto word in a
    story ("a Toronto man") or a feed that serves the City says less than an outside place;
    then either saying inside; else unknown.
    """
    if classification.in_area is False or location.in_city is False:
        return False
    if classification.in_area or location.in_city:
        return True
    return None
