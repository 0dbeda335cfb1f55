"""An operator's corrections applied to the resolver: split a wrong merge, merge by hand.

Both rebuild what they touch from the incidents' own reports, keep every id stable (the
split-off incident's id is derived from the original and the reports moved), and leave
the activation decisions to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from enrich.corrections import combine, merged_away, rebuilt, split_incident_id, survivor_first
from enrich.errors import ResolveError
from enrich.resolve import IncidentResolver, MergeRecord
from enrich.resolver_memory import Tracked
from schemas import EnrichedReport, Incident


def split(
    resolver: IncidentResolver,
    incident: Incident,
    members: Sequence[EnrichedReport],
    report_ids: Iterable[str],
    as_of: datetime,
) -> tuple[Incident, Incident]:
    """(the incident without the named reports, the incident they are): both rebuilt."""
    chosen = set(report_ids)
    listed = {r.report_id for r in incident.reports}
    if not chosen <= listed:
        missing = ", ".join(sorted(chosen - listed))
        raise ResolveError(f"{incident.incident_id} has no report {missing}")
    if chosen == listed:
        raise ResolveError("a split leaves at least one report in the incident")
    known = {er.report_id: er for er in members}
    if not listed <= set(known):
        raise ResolveError(f"the reports of {incident.incident_id} are not all stored")
    stay = [known[r] for r in sorted(listed - chosen)]
    go = [known[r] for r in sorted(chosen)]
    kept, kept_rank = rebuilt(incident.incident_id, stay, incident.version + 1)
    new_id = split_incident_id(incident.incident_id, sorted(chosen))
    new, new_rank = rebuilt(new_id, go, 1)
    kept = resolver.route(kept, incident, as_of)
    new = resolver.route(new, None, as_of)
    resolver.track(Tracked(kept, kept_rank, {er.report_id: resolver.signature(er) for er in stay}))
    resolver.track(Tracked(new, new_rank, {er.report_id: resolver.signature(er) for er in go}))
    resolver.separate(incident.incident_id, new_id)
    return kept, new


def merge_by_hand(
    resolver: IncidentResolver, a: Incident, b: Incident, as_of: datetime
) -> tuple[Incident, MergeRecord]:
    """(the survivor, the merge): an operator says ``a`` and ``b`` are one incident."""
    left, right = resolver.tracked(a.incident_id), resolver.tracked(b.incident_id)
    if left is None or right is None:
        raise ResolveError("both incidents must be known to merge them")
    first, second = survivor_first(a, b, resolver.activated)
    ranks = {a.incident_id: left.occurred_rank, b.incident_id: right.occurred_rank}
    combined, rank = combine(first, second, ranks[first.incident_id], ranks[second.incident_id])
    combined = combined.model_copy(update={"version": first.version + 1})
    survivor = resolver.route(combined, first, as_of)
    absorbed = merged_away(second, first.incident_id)
    resolver.alias(second.incident_id, first.incident_id)
    resolver.track(Tracked(survivor, rank, {**left.members, **right.members}))
    return survivor, MergeRecord(absorbed, first.incident_id, "", 1.0)
