"""What a piece of text says about place: the mention kinds the extractor produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from schemas import Precision


class MentionKind(StrEnum):
    """Kinds of place mention, from most to least specific."""

    ADDRESS = "address"
    INTERSECTION = "intersection"
    LANE = "lane"
    LANDMARK = "landmark"
    STREET = "street"
    NEIGHBOURHOOD = "neighbourhood"
    DISTRICT = "district"
    POSTAL_AREA = "postal_area"
    CITY = "city"
    OUTSIDE = "outside"


# The precision a mention can support at best, when it is found.
BEST_PRECISION: dict[MentionKind, Precision] = {
    MentionKind.ADDRESS: Precision.ADDRESS,
    MentionKind.INTERSECTION: Precision.INTERSECTION,
    MentionKind.LANE: Precision.INTERSECTION,
    MentionKind.LANDMARK: Precision.ADDRESS,
    MentionKind.STREET: Precision.NEIGHBOURHOOD,
    MentionKind.NEIGHBOURHOOD: Precision.NEIGHBOURHOOD,
    MentionKind.DISTRICT: Precision.DISTRICT,
    MentionKind.POSTAL_AREA: Precision.CITY,
    MentionKind.CITY: Precision.CITY,
    MentionKind.OUTSIDE: Precision.CITY,
}
RANK: dict[MentionKind, int] = {kind: i for i, kind in enumerate(MentionKind)}


@dataclass(frozen=True)
class Mention:
    """One place mention: canonical street names, a house number, or a place name."""

    kind: MentionKind
    text: str
    streets: tuple[str, ...] = ()
    number: str | None = None
    name: str | None = None
    district: str | None = None
    start: int = 0
    derived: bool = False  # names read into the text (a ramp's streets), not written in it

    @property
    def query(self) -> str:
        """A geocoder query for this mention, Toronto appended for the remote services."""
        if self.kind is MentionKind.ADDRESS:
            return f"{self.number} {self.streets[0]}"
        if self.kind in (MentionKind.INTERSECTION, MentionKind.LANE):
            return " & ".join(self.streets)
        if self.streets:
            return self.streets[0]
        return self.name or self.text
