"""What a fault-injection run left behind, compared with an uninterrupted run, in figures.

A snapshot holds the store (reports, dead letters, report-to-incident links, incidents)
and the activation topic (event ids, subjects, types, and how many messages carried
them). :func:`report_figures` prints one line per run, so ``pytest -s`` shows what each
fault test measured: reports sent, stored, dead letters, missing, activation events and
second ``created`` events, and the run's duration.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from sinks.incident_store import REPORTS
from sinks.store import Store
from tests.ccrp.faults.harness import Cluster


@dataclass(frozen=True)
class Snapshot:
    """What a run leaves behind, in a form two runs can be compared by."""

    reports: frozenset[str]
    dead_letters: frozenset[str]
    links: dict[str, str]
    incidents: dict[str, tuple[int, tuple[str, ...], tuple[str, ...], bool]]
    events: dict[str, tuple[str, str]]
    event_messages: int = 0

    def created_per_incident(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for subject, kind in self.events.values():
            if kind.endswith(".created"):
                counts[subject] += 1
        return dict(counts)

    def second_created(self) -> int:
        """``created`` events beyond the first of their incident (each a distinct event id)."""
        return sum(n - 1 for n in self.created_per_incident().values())


def stored_reports(store: Store, ids: set[str]) -> set[str]:
    """Those of ``ids`` stored as reports (whether or not also dead letters)."""
    found: set[str] = set()
    ordered = sorted(ids)
    with store.engine.connect() as conn:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            query = select(REPORTS.c.report_id).where(REPORTS.c.report_id.in_(chunk))
            found.update(conn.execute(query).scalars())
    return found


def stored_events(store: Store) -> dict[str, tuple[str, str]]:
    """The activation events the store recorded: id -> (incident, type)."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT event_id, incident_id, type FROM activations")
        return {event_id: (incident_id, kind) for event_id, incident_id, kind in rows}


def snapshot(made: Cluster, ids: set[str], events_from_store: bool = False) -> Snapshot:
    """The run's outcome; its activation events read from the topic, or from the store
    (after a restart of the embedded broker, which keeps its topics in memory only)."""
    with made.store() as store:
        found = stored_reports(store, ids)
        dead = store.dead_letter_keys(ids)
        links = store.report_incidents(ids)
        incidents = {}
        for incident, _ in store.incidents_with_reports(set(links.values())):
            incidents[incident.incident_id] = (
                incident.version,
                tuple(sorted(r.report_id for r in incident.reports)),
                tuple(incident.types),
                incident.ccrp_eligible,
            )
        recorded = stored_events(store) if events_from_store else None
    if recorded is not None:
        return Snapshot(
            frozenset(found), frozenset(dead), links, incidents, recorded, len(recorded)
        )
    messages = made.activations()
    events = {e["id"]: (e["subject"], e["type"]) for e in messages}
    return Snapshot(frozenset(found), frozenset(dead), links, incidents, events, len(messages))


def report_figures(
    name: str, ids: set[str], after: Snapshot, seconds: float, **more: object
) -> str:
    """One printed line of figures for a run; returned as well, for the test's own use."""
    missing = len(ids - after.reports - after.dead_letters)
    twice = len(after.reports & after.dead_letters)
    created = after.created_per_incident()
    parts = [
        f"sent {len(ids)}",
        f"stored {len(after.reports)}",
        f"dead letters {len(after.dead_letters)}",
        f"missing {missing}",
        f"both stored and dead {twice}",
        f"incidents {len(after.incidents)}",
        f"activation events {len(after.events)}",
        f"created {sum(created.values())}",
        f"second created {after.second_created()}",
        f"redelivered copies {after.event_messages - len(after.events)}",
        *(f"{key.replace('_', ' ')} {value}" for key, value in more.items()),
        f"{seconds:.1f} s",
    ]
    line = f"[fault figures] {name}: " + ", ".join(parts)
    print(line, flush=True)
    return line
