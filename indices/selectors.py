"""Reads of agencies, frameworks and scores, narrowed to what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .access import agencies_visible_to, scope_to_user
from .models import Agency, FrameworkNode, NodeScore, Reorganisation


def agency_list_for_user(
    user, *, search: str = "", group: str = "", active_on: datetime.date | None = None
) -> QuerySet[Agency]:
    """Agencies the user may see, optionally filtered by name/code, group and date."""
    agencies = agencies_visible_to(user)
    if search:
        agencies = agencies.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(code__icontains=search)
        )
    if group:
        agencies = agencies.filter(group=group)
    if active_on:
        agencies = agencies.active_on(active_on)
    return agencies.order_by("group", "name")


def agency_get_for_user(user, agency_id: int) -> Agency:
    """The agency, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(
        agencies_visible_to(user).select_related("snv_liaison"), pk=agency_id
    )


def agencies_active_in_year(year: int) -> QuerySet[Agency]:
    return Agency.objects.active_in_year(year)


def agencies_active_on(day: datetime.date) -> QuerySet[Agency]:
    return Agency.objects.active_on(day)


# --- Reorganisation lineage -------------------------------------------------------


def agency_predecessor_map() -> dict[int, set[int]]:
    """Direct predecessors of every agency that has some: {successor: {predecessor}}.

    One query over the (small) reorganisation table; walk it with
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


# --- Low scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class LowScore:
    """A field, criterion or sub-criterion below its framework's low-score rule."""

    node_score: NodeScore
    recurring: bool  # the same code was low the year before (agency or predecessor)

    @property
    def agency(self) -> Agency:
        return self.node_score.assessment.agency

    @property
    def node(self) -> FrameworkNode:
        return self.node_score.node


def low_scores_for_year(
    year: int, *, user=None, agency_ids: Iterable[int] | None = None
) -> list[LowScore]:
    """Low-scoring nodes of the year's assessments, in agency then tree order.

    Narrowed to what `user` may see when given. Preloads node, assessment and
    agency. Three queries whatever the number of agencies.
    """
    rows = NodeScore.objects.filter(assessment__year=year, is_low=True).select_related(
        "node", "assessment__agency", "assessment__framework"
    )
    if user is not None:
        rows = scope_to_user(rows, user, agency_field="assessment__agency")
    if agency_ids is not None:
        rows = rows.filter(assessment__agency_id__in=list(agency_ids))
    rows = list(rows.order_by("assessment__agency__name", "node__order"))
    predecessor_map = agency_predecessor_map()
    previous = set(
        NodeScore.objects.filter(assessment__year=year - 1, is_low=True).values_list(
            "assessment__agency_id", "node__code"
        )
    )
    return [
        LowScore(
            node_score=row,
            recurring=any(
                (agency_id, row.node.code) in previous
                for agency_id in agency_lineage_ids(
                    row.assessment.agency_id, predecessor_map
                )
            ),
        )
        for row in rows
    ]
