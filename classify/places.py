"""Hand-written gazetteers: Toronto places and services, other municipalities and services."""

from __future__ import annotations

# fmt: off
# Districts, neighbourhoods and landmarks of the City of Toronto.
TORONTO_PLACES: tuple[str, ...] = (
    "Toronto", "downtown Toronto", "North York", "Scarborough", "Etobicoke", "East York",
    "Old Toronto", "the Beaches", "Rexdale", "Malvern", "Jane and Finch", "Jane-Finch",
    "Kensington Market", "Parkdale", "Regent Park", "St. James Town", "Liberty Village",
    "the Annex", "Yorkville", "Leslieville", "Riverdale", "the Danforth", "Greektown",
    "Moss Park", "Cabbagetown", "Church-Wellesley", "the Village", "Little Italy",
    "Little Portugal", "the Junction", "Weston", "Mount Dennis", "Lawrence Heights",
    "Thorncliffe Park", "Flemingdon Park", "Don Mills", "Agincourt", "Port Union", "West Hill",
    "Morningside", "Highland Creek", "Kingston-Galloway", "Dorset Park", "Woburn", "Bendale",
    "L'Amoreaux", "Milliken", "Steeles", "Willowdale", "Bayview Village", "York Mills",
    "Downsview", "Black Creek", "Humber Summit", "Thistletown", "Humbermede", "Mimico",
    "Long Branch", "New Toronto", "Alderwood", "Islington", "the Kingsway", "Bloordale",
    "Dufferin Grove", "Trinity Bellwoods", "Chinatown", "Harbourfront", "Distillery District",
    "St. Lawrence Market", "Corktown", "Queen West", "Polson Pier", "Port Lands",
    "Toronto Island", "Allan Gardens", "Dufferin Mall", "Yorkdale", "Scarborough Town Centre",
    "Union Station", "Nathan Phillips Square", "High Park", "Eaton Centre", "Yonge-Dundas",
    "CN Tower", "Exhibition Place", "Ontario Place", "Scarborough Bluffs", "Birchcliff",
    "Oakwood", "Vaughan Road", "Eglinton West", "Little Jamaica", "Corso Italia",
    "St. Clair West", "Davenport", "Wychwood", "Forest Hill", "Rosedale", "Lawrence Park",
    "Leaside", "Danforth", "Crescent Town", "Taylor-Massey", "Golden Mile", "Clairlea",
    "Eglinton East", "Guildwood", "Rouge", "Malvern Town Centre", "Emery", "Pelmo Park",
    "Weston-Pellam Park", "Rockcliffe", "Smythe Park", "Keelesdale", "Caledonia-Fairbank",
    "Lansing", "Newtonbrook", "Hillcrest", "Bathurst Manor", "Clanton Park",
    "Westminster-Branson", "Yonge-Eglinton", "Midtown Toronto", "Humber Bay",
    "Etobicoke North", "Kipling", "Albion Road", "Humberwood", "Mount Olive", "Jamestown",
    "Sherbourne", "Yonge-Bay", "Bay Street corridor", "Wellesley", "Dundas Square",
    "Trinity-Spadina", "Exhibition",
)
# Municipalities, communities and regions outside the City.
OTHER_MUNICIPALITIES: tuple[str, ...] = (
    "Brampton", "Mississauga", "Caledon", "Vaughan", "Markham", "Richmond Hill", "Newmarket",
    "Aurora", "King City", "Whitchurch-Stouffville", "Stouffville", "East Gwillimbury",
    "Georgina", "Pickering", "Ajax", "Whitby", "Oshawa", "Clarington", "Courtice",
    "Bowmanville", "Uxbridge", "Scugog", "Hamilton", "Stoney Creek", "Ancaster", "Burlington",
    "Oakville", "Milton", "Halton Hills", "Georgetown", "Barrie", "Innisfil", "Bradford",
    "Orillia", "Kitchener", "Waterloo", "Cambridge", "Guelph", "St. Catharines",
    "Niagara Falls", "Welland", "Brantford", "Windsor", "Kingston", "Peterborough", "Ottawa",
    "Sudbury", "Montreal", "Calgary", "Edmonton", "Vancouver", "Winnipeg", "Halifax",
    "New York", "Manhattan", "Port Credit", "Meadowvale", "Malton", "Bolton", "Woodbridge",
    "Thornhill", "Unionville", "Port Perry", "Peel Region", "York Region", "Durham Region",
    "Halton Region", "Niagara Region", "Waterloo Region", "Simcoe County",
)
# Services that act only inside the City.
TORONTO_SERVICES: tuple[str, ...] = (
    "Toronto police", "Toronto Police Service", "TPS", "Toronto Fire", "Toronto Fire Services",
    "Toronto Paramedic Services", "Toronto paramedics", "Toronto Community Housing", "TTC",
)
# Police and public-health services outside the City, with where they serve.
OTHER_SERVICES: dict[str, str] = {
    "Peel Regional Police": "Peel Region", "Peel police": "Peel Region", "PRP": "Peel Region",
    "York Regional Police": "York Region", "York police": "York Region", "YRP": "York Region",
    "Durham Regional Police": "Durham Region", "Durham police": "Durham Region",
    "DRPS": "Durham Region", "Halton Regional Police": "Halton Region",
    "Halton police": "Halton Region", "HRPS": "Halton Region", "Hamilton police": "Hamilton",
    "Niagara Regional Police": "Niagara Region", "Niagara police": "Niagara Region",
    "Waterloo Regional Police": "Waterloo Region", "Barrie police": "Barrie",
    "Ottawa police": "Ottawa", "Calgary Police": "Calgary", "NYPD": "New York",
    "Police in Peel": "Peel Region", "Police in Durham": "Durham Region",
    "Police in York Region": "York Region", "Police in Halton": "Halton Region",
}
# Names that contain a Toronto word but do not place anything in the City.
NOT_TORONTO: tuple[str, ...] = (
    "Greater Toronto", "Greater Toronto Area", "GTA", "Toronto Pearson", "Pearson",
    "Toronto-area", "Toronto area", "York University", "Toronto Star", "Toronto Sun",
    "University of Toronto", "Toronto Stock Exchange",
    # The City's professional teams play and travel everywhere.
    "Toronto Blue Jays", "Toronto Raptors", "Raptors 905", "Toronto Maple Leafs", "Toronto FC",
    "Toronto Argonauts", "Toronto Tempo", "Toronto Rock", "Toronto Marlies", "Toronto Sceptres",
)
# Arterial roads of the City, bare names: weak evidence, since many run on past the City.
TORONTO_STREET_NAMES: tuple[str, ...] = (
    "Yonge", "Bathurst", "Dufferin", "Jane", "Keele", "Weston", "Finch", "Sheppard", "Eglinton",
    "Lawrence", "Bloor", "Queen", "King", "Dundas", "College", "Gerrard", "Danforth",
    "Kingston", "Markham", "Kennedy", "Warden", "Victoria Park", "Pharmacy", "Birchmount",
    "Midland", "Brimley", "McCowan", "Morningside", "Neilson", "Islington", "Kipling",
    "Martin Grove", "Albion", "Rexdale", "Wilson", "Spadina", "Bayview", "Leslie", "Don Mills",
    "Parliament", "Jarvis", "Sherbourne", "Church", "Bay", "University", "Ossington",
    "Lansdowne", "St. Clair", "Davenport", "Lake Shore", "Ellesmere", "Steeles", "Dixon",
    "Scarlett", "Black Creek", "Royal York", "Roncesvalles", "Broadview", "Pape", "Coxwell",
    "Woodbine", "O'Connor", "Rogers", "Caledonia", "Front", "Carlaw", "Cummer", "McNicoll",
    "Evans", "Milner",
)
STREET_SUFFIXES: tuple[str, ...] = (
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr",
    "street west", "street east", "avenue west", "avenue east", "road east", "road west",
)
TORONTO_LANDMARKS: tuple[str, ...] = (
    "Don River", "Humber River", "Don Valley", "Don Valley Parkway", "DVP",
    "Gardiner Expressway", "Allen Road", "Toronto Islands", "Woodbine Beach", "Cherry Beach",
    "Sunnyside Beach", "Bluffers Park", "Kennedy station", "Finch station", "Union station",
    "Bloor-Yonge station", "St. George station", "Dundas station", "Spadina station",
    "Kipling station", "Islington station", "Warden station", "Victoria Park station",
    "Main Street station", "Broadview station", "Jane station", "Keele station",
    "Dufferin station", "Lansdowne station", "Ossington station", "Downsview Park station",
    "Sheppard-Yonge station", "Don Mills station", "Scarborough Centre station",
    "Yorkdale station", "Wilson station", "York Mills station", "Eglinton station",
    "College station", "Queen station", "King station", "Osgoode station",
)
# Subway stations inside the City (Pioneer Village, Highway 407 and Vaughan Metropolitan Centre
# are in Vaughan); "<name> station" places a report in the City.
SUBWAY_STATIONS: tuple[str, ...] = (
    "Finch", "North York Centre", "Sheppard-Yonge", "York Mills", "Lawrence", "Eglinton",
    "Davisville", "St. Clair", "Summerhill", "Rosedale", "Bloor-Yonge", "Wellesley", "College",
    "Dundas", "Queen", "King", "Union", "St. Andrew", "Osgoode", "St. Patrick", "Queen's Park",
    "Museum", "St. George", "Spadina", "Dupont", "St. Clair West", "Cedarvale",
    "Eglinton West", "Glencairn", "Lawrence West", "Yorkdale", "Wilson", "Sheppard West",
    "Downsview Park", "Finch West", "York University", "Kipling", "Islington", "Royal York",
    "Old Mill",
    "Jane", "Runnymede", "High Park", "Keele", "Dundas West", "Lansdowne", "Dufferin",
    "Ossington", "Christie", "Bathurst", "Bay", "Sherbourne", "Castle Frank", "Broadview",
    "Chester", "Pape", "Donlands", "Greenwood", "Coxwell", "Woodbine", "Main Street",
    "Victoria Park", "Warden", "Kennedy", "Bayview", "Bessarion", "Leslie", "Don Mills",
    "Scarborough Centre", "Lawrence East", "Ellesmere", "Midland", "McCowan",
)
# fmt: on
