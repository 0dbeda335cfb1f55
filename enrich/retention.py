"""Which incidents behind the resolver's horizon memory keeps a while anyway.

Memory forgets an incident once its latest report lies a follow-up window behind the newest
report seen. Two kinds of reports live behind that horizon, and both need some of those
incidents kept for a few batches:

- The stream stores a batch while it computes the next one. An old incident the batch
  changed is not in the store yet when the next batch may reach back to it, so it must
  stay in memory through that batch at least.
- A backfill (a year of portal rows, a replay of past weeks) is behind the horizon from
  its first report to its last. Its incidents are read back from the store, and a backfill
  report's neighbours need the same ones again, batch after batch. Forgotten at once, each
  would be read back and rebuilt for every batch of its span: a backfill then ran at about
  a seventh of its speed.

So an incident changed or read back by a batch is kept for the next ``batches`` batches,
whatever its age; the bound on memory's size still holds (only the current batch's
incidents are exempt from it).
"""

from __future__ import annotations

from collections import defaultdict

Entry = tuple[float, str]  # (latest event time, incident id), as memory's heap holds them


class Retention:
    """The batch each incident was last changed or read back in, and the incidents behind
    the horizon that memory keeps until their ``batches`` batches are over."""

    def __init__(self, batches: int) -> None:
        if batches < 1:
            raise ValueError("an incident must be kept through one batch at least")
        self.batches = batches
        self.batch = 0
        self._touched: dict[str, int] = {}
        self._deferred: defaultdict[int, list[Entry]] = defaultdict(list)

    def touch(self, incident_id: str) -> None:
        """The current batch changed or read back the incident."""
        self._touched[incident_id] = self.batch

    def drop(self, incident_id: str) -> None:
        """The incident left memory."""
        self._touched.pop(incident_id, None)

    def in_this_batch(self, incident_id: str) -> bool:
        return self._touched.get(incident_id) == self.batch

    def keeps(self, entry: Entry) -> bool:
        """True when a recent batch touched the entry's incident; the entry then comes
        back (``due``) when its keeping is over."""
        touched = self._touched.get(entry[1])
        if touched is None or self.batch - touched >= self.batches:
            return False
        self._deferred[touched + self.batches].append(entry)
        return True

    def due(self) -> list[Entry]:
        """The entries whose keeping ends with the current batch, to be looked at again."""
        return self._deferred.pop(self.batch, [])

    def next_batch(self) -> None:
        self.batch += 1
