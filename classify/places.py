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
    # Roads with five or more of the City's signalised intersections (its open data), but
    # no place's name and no main road of the municipalities around.
    "The Queensway", "Adelaide", "Mount Pleasant", "Dupont", "Progress",
    "Harbord", "Dovercourt", "Eastern", "Bellamy", "Shuter", "Trethewey", "Huntingwood",
    "Tapscott", "Shaw", "Mortimer", "Annette", "Cherry", "Renforth", "Beecroft",
    "McLevin", "Millwood", "Parkside", "Greenwood", "Cosburn", "The Westway", "The Donway",
    "Doris", "Carlton", "Old Weston", "Overlea", "Brimorton", "Wynford", "Alness",
    "Middlefield", "Passmore", "Chaplin", "Castlefield", "Marlee", "Strachan", "Park Lawn",
    "Logan", "Donlands", "Dawes", "Sentinel", "Sumach", "Shoreham", "Bremner", "Laird",
    "Oriole", "Empress", "Runnymede", "Windermere", "Bermondsey", "Carlingview", "Belfield",
    "Horner", "Portland", "Sewells", "Murray Ross", "Christie", "Jones", "Glengrove",
    "Roselawn", "Fleet", "Lower Jarvis", "Lower Simcoe",
)
# Neighbourhoods of the City's 158 (2022) that the shared area names lack, by their
# distinctive parts: no part that is also a street, a surname or a place elsewhere.
CITY_NEIGHBOURHOODS: tuple[str, ...] = (
    "Agincourt North", "Agincourt South", "Amesbury", "Bayview Woods", "Beaumond Heights",
    "Bedford Park", "Beechborough", "Birchcliffe", "Bloor West Village", "Bridle Path",
    "Briar Hill", "Broadview North", "Brookhaven", "Casa Loma", "Cedarbrae", "Cliffcrest",
    "Danforth East York", "Don Valley Village", "Dovercourt Village", "Downtown Yonge East",
    "East Bayfront", "East Willowdale", "Edenbridge", "Englemount", "Eringate",
    "Etobicoke City Centre", "Etobicoke West Mall", "Forest Hill North", "Forest Hill South",
    "Fort York", "Glen Andrew", "Henry Farm", "Hillcrest Village", "Humber Bay Shores",
    "Humber Heights", "Humber Valley", "Humberlea", "Humewood", "Ionview", "Kennedy Park",
    "Kingsview Village", "Kingsway South", "Lambton Baby Point", "Lawrence Park North",
    "Lawrence Park South", "Malvern East", "Malvern West", "Maryvale", "Moore Park",
    "Morningside Heights", "Newtonbrook East", "Newtonbrook West", "North Riverdale",
    "North Toronto", "Nortown", "Oakridge", "Oakwood Village", "Old East York", "Old Rexdale",
    "Playter Estates", "Richview", "Rosethorn", "South Parkdale", "South Riverdale",
    "Tam O'Shanter", "Wallace Emerson", "Wellington Place", "West Humber",
    "West Queen West", "West Rouge", "Willowdale West", "Willowridge", "Woburn North",
    "Woodbine Corridor", "York University Heights",
)
# Places outside the City that the shared geography does not list (Ontario beyond the GTA,
# the other provinces): a mention places a story outside.
OUTSIDE_ELSEWHERE: tuple[str, ...] = (
    "London", "Orangeville", "Collingwood", "Wasaga Beach", "Kawartha Lakes",
    "Cobourg", "Port Hope", "Belleville", "Quinte West", "Stratford", "Woodstock", "Sarnia",
    "Owen Sound", "Thunder Bay", "Sault Ste. Marie", "North Bay", "Timmins", "Cornwall",
    "Brockville", "Huntsville", "Bracebridge", "Gravenhurst", "Muskoka", "Grimsby",
    "Fort Erie", "Niagara-on-the-Lake", "Port Colborne", "New Tecumseth", "Alliston",
    "Shelburne", "Six Nations", "Prince Edward County", "Haldimand", "Norfolk County",
    "Quebec", "Manitoba", "Saskatchewan", "Alberta", "British Columbia", "B.C.",
    "Nova Scotia", "New Brunswick", "Newfoundland",
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
