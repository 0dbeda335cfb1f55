"""Words of the classifier's gazetteer that are no shared geography: names that merely
contain a Toronto word, arterial street names, street suffixes and subway stations.

The City's areas, landmarks and services and the outside municipalities and police
services come from ``schemas.geography``.
"""

from __future__ import annotations

# fmt: off
# Names that contain a Toronto word but do not place anything in the City.
NOT_TORONTO: tuple[str, ...] = (
    "Greater Toronto", "Greater Toronto Area", "GTA",
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
