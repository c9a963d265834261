"""Low-scoring fields, criteria and sub-criteria (the framework's low-score
rule), marked recurring when the same code was low the year before for the
same agency or one of its predecessors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..access import scope_to_user, sees_all_agencies
from ..models import Agency, Assessment, FrameworkNode, NodeScore, ResultsState
from .lineage import agency_lineage_ids, agency_predecessor_map


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
    year: int,
    *,
    user=None,
    agency_ids: Iterable[int] | None = None,
    final_only: bool = False,
) -> list[LowScore]:
    """Low-scoring nodes of the year's assessments, in agency then tree order.

    Narrowed to what `user` may see when given: agency users see their own
    agency's flags once the results are published (flags come from appraised
    scores). Preloads node, assessment, agency and framework. Four queries
    whatever the number of agencies.

    `final_only` keeps only published results that are not provisional: what
    may be acted upon (remediation tasks name the agency's scores).
    """
    rows = NodeScore.objects.filter(assessment__year=year, is_low=True).select_related(
        "node", "assessment__agency", "assessment__framework"
    )
    if final_only:
        rows = rows.filter(
            assessment__framework__results_state=ResultsState.PUBLISHED,
            assessment__is_provisional=False,
        )
    if user is not None:
        rows = scope_to_user(rows, user, agency_field="assessment__agency")
        if not sees_all_agencies(user):
            rows = rows.filter(
                assessment__framework__results_state=ResultsState.PUBLISHED
            )
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


def low_scores_for_assessment(assessment: Assessment, *, user=None) -> list[LowScore]:
    """Low-scoring nodes of one assessment, in tree order (four queries)."""
    return low_scores_for_year(
        assessment.year, user=user, agency_ids=[assessment.agency_id]
    )


def recurring_low_node_codes(assessment: Assessment, predecessor_map=None) -> set[str]:
    """Codes that were low the previous year for the agency or a predecessor."""
    lineage = agency_lineage_ids(assessment.agency_id, predecessor_map)
    return set(
        NodeScore.objects.filter(
            assessment__year=assessment.year - 1,
            assessment__agency_id__in=lineage,
            is_low=True,
        ).values_list("node__code", flat=True)
    )
