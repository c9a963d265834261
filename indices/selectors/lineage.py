"""Following agencies through reorganisations (mergers, splits, renames)."""

from __future__ import annotations

from ..models import Reorganisation


def agency_predecessor_map() -> dict[int, set[int]]:
    """Direct predecessors of every agency that has some: {successor: {predecessor}}.

    Two queries over the (small) reorganisation tables; walk it with
    `agency_lineage_ids`.
    """
    through_pred = Reorganisation.predecessors.through
    through_succ = Reorganisation.successors.through
    predecessors_of_event: dict[int, set[int]] = {}
    for event_id, agency_id in through_pred.objects.values_list(
        "reorganisation_id", "agency_id"
    ):
        predecessors_of_event.setdefault(event_id, set()).add(agency_id)
    result: dict[int, set[int]] = {}
    for event_id, agency_id in through_succ.objects.values_list(
        "reorganisation_id", "agency_id"
    ):
        result.setdefault(agency_id, set()).update(
            predecessors_of_event.get(event_id, set()) - {agency_id}
        )
    return result


def agency_lineage_ids(
    agency_id: int, predecessor_map: dict[int, set[int]] | None = None
) -> set[int]:
    """The agency and every agency it succeeded, transitively."""
    if predecessor_map is None:
        predecessor_map = agency_predecessor_map()
    seen = {agency_id}
    frontier = [agency_id]
    while frontier:
        for predecessor in predecessor_map.get(frontier.pop(), ()):
            if predecessor not in seen:
                seen.add(predecessor)
                frontier.append(predecessor)
    return seen
