"""Location styles found in real feeds and news copy."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from enrich.geo import MentionKind, extract_mentions, neighbourhood_aliases, parse_location_field
from enrich.geo.streets import base_name, normalise_street
from tests.ingest.strategies import PROPERTY


def _first(text: str):
    return parse_location_field(text)[0]


def test_street_name_normalisation() -> None:
    assert normalise_street("Sheppard Avenue West") == "SHEPPARD AVE W"
    assert normalise_street("Kennedy Rd.") == "KENNEDY RD"
    assert normalise_street("St. Clair Avenue East") == "ST CLAIR AVE E"
    assert normalise_street("Avenue Road") == "AVENUE RD"
    assert normalise_street("Cedar Brae Boulevard") == "CEDAR BRAE BLVD"
    assert normalise_street("Vanley Crescent") == "VANLEY CRES"
    assert base_name("DUNDAS ST E") == "DUNDAS"


def test_tps_intersection() -> None:
    m = _first("SHERBOURNE ST - DUNDAS ST E")
    assert m.kind is MentionKind.INTERSECTION
    assert m.streets == ("SHERBOURNE ST", "DUNDAS ST E")


def test_tfs_with_district_prefix() -> None:
    mentions = parse_location_field("Toronto - PAPE AVE & LIPTON AVE")
    assert mentions[0].streets == ("PAPE AVE", "LIPTON AVE")
    near = parse_location_field("North York - RIDLEY BLVD (near ESGORE DR)")
    assert near[0].kind is MentionKind.INTERSECTION
    assert near[0].streets == ("RIDLEY BLVD", "ESGORE DR")
    assert near[0].district == "North York"
    assert near[-1].kind is MentionKind.DISTRICT


def test_livecad_prime_and_cross_streets() -> None:
    mentions = parse_location_field("CHESSWOOD DR, NY (STEEPROCK DR / VANLEY CRES)")
    pairs = [m.streets for m in mentions if m.kind is MentionKind.INTERSECTION]
    assert ("CHESSWOOD DR", "STEEPROCK DR") in pairs
    assert ("CHESSWOOD DR", "VANLEY CRES") in pairs
    assert mentions[0].district == "North York"


def test_lane_is_near_its_two_streets() -> None:
    m = _first("LN N DUNDAS W SHERBOURNE")
    assert m.kind is MentionKind.LANE
    assert m.streets == ("DUNDAS", "SHERBOURNE")


def test_addresses_and_empty_fields() -> None:
    m = _first("Scarborough - CHESTER LE BLVD & 260 CHESTER LE BLVD")
    assert (m.kind, m.number, m.streets) == (MentionKind.ADDRESS, "260", ("CHESTER LE BLVD",))
    assert parse_location_field(" - ") == []
    assert parse_location_field(None) == []
    assert _first("ALEXANDRA PARK TRL - ").kind is MentionKind.STREET
    assert _first("M3J").kind is MentionKind.POSTAL_AREA


def test_free_text_intersections_and_addresses() -> None:
    text = "A man was shot near Jane Street and Sheppard Avenue West in North York."
    mentions = extract_mentions(text)
    assert mentions[0].streets == ("JANE ST", "SHEPPARD AVE W")
    assert any(m.kind is MentionKind.DISTRICT and m.name == "North York" for m in mentions)
    amp = extract_mentions("Police were called to Kennedy Rd & Passmore Ave at 11 p.m.")
    assert amp[0].streets == ("KENNEDY RD", "PASSMORE AVE")
    addr = extract_mentions("A fire broke out at 52 Arborwood Drive on Sunday.")[0]
    assert (addr.kind, addr.number, addr.streets) == (MentionKind.ADDRESS, "52", ("ARBORWOOD DR",))
    plural = extract_mentions("Stabbing near Church and Wellesley streets downtown")[0]
    assert plural.streets == ("CHURCH ST", "WELLESLEY ST")


def test_not_an_intersection() -> None:
    kinds = [m.kind for m in extract_mentions("Stabbing at Queen Street in Brampton")]
    assert MentionKind.INTERSECTION not in kinds
    assert MentionKind.OUTSIDE in kinds


def test_places_districts_neighbourhoods_and_other_towns() -> None:
    aliases = neighbourhood_aliases(["Regent Park", "Malvern East", "Church-Wellesley"])
    found = {
        (m.kind, m.name)
        for m in extract_mentions(
            "Shots fired in Regent Park; later a stabbing in Rexdale and one in Scarborough, "
            "near Union Station, and a crash in Mississauga and on Markham Road.",
            aliases,
        )
    }
    assert (MentionKind.NEIGHBOURHOOD, "Regent Park") in found
    assert (MentionKind.DISTRICT, "Rexdale") in found
    assert (MentionKind.DISTRICT, "Scarborough") in found
    assert (MentionKind.LANDMARK, "Union Station") in found
    assert (MentionKind.OUTSIDE, "Mississauga") in found
    assert (MentionKind.OUTSIDE, "Markham") not in found
    york = {m.name for m in extract_mentions("York Regional Police said, in East York", aliases)}
    assert "York Region" in york and "East York" in york and "York" not in york


def test_highways_are_not_house_numbers_and_apostrophes() -> None:
    kinds = [m.kind for m in parse_location_field("LESLIE ST - 401 HWY E")]
    assert MentionKind.ADDRESS not in kinds
    assert MentionKind.ADDRESS not in [
        m.kind for m in parse_location_field("401 C W WILSON AV RAMP")
    ]
    assert normalise_street("O'Connor Drive") == "O CONNOR DR"
    assert normalise_street("St. John's Road") == "ST JOHNS RD"


STREET_WORDS = st.sampled_from(["QUEEN", "KING", "JANE", "FINCH", "DUNDAS", "BLOOR", "PAPE"])
STREET_TYPES = st.sampled_from(["ST", "AVE", "RD", "BLVD", "DR"])
streets = st.builds(lambda word, kind: f"{word} {kind}", STREET_WORDS, STREET_TYPES)


@PROPERTY
@given(text=st.none() | st.text(max_size=500))
def test_any_field_gives_mentions_and_never_raises(text: str | None) -> None:
    mentions = parse_location_field(text)
    assert isinstance(mentions, list) and all(m.kind in MentionKind for m in mentions)
    assert parse_location_field(text) == mentions  # the same answer every time


@PROPERTY
@given(first=streets, second=streets, joiner=st.sampled_from([" - ", " & ", " / "]))
def test_an_intersection_field_reads_back_its_two_streets(
    first: str, second: str, joiner: str
) -> None:
    assume(first.split()[0] != second.split()[0])
    mentions = parse_location_field(f"{first}{joiner}{second}")
    pairs = {m.streets for m in mentions if m.kind is MentionKind.INTERSECTION}
    assert (normalise_street(first), normalise_street(second)) in pairs
