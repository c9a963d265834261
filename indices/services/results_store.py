"""The stored results computed from the scores: node points and percentages,
assessment totals, and the group's ranks, bands, average and count.

Every service that changes an input calls the `store_*` building blocks here
(they check no policy: their callers have checked theirs), so the stored
results are always current and rankings are read with one query. The public
`*_recompute` services redo the computation on request (the admin's repair
actions), for users the policy allows.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField
from django.utils.translation import gettext as _

from core.policies import require

from .. import arithmetic, policies
from ..models import (
    Assessment,
    AssessmentSource,
    Framework,
    FrameworkNode,
    NodeScore,
)

RESULT_FIELDS = ["points", "applicable_max", "percent", "is_low"]


def framework_tree(nodes: Sequence[FrameworkNode]) -> list[arithmetic.TreeNode]:
    return [
        arithmetic.TreeNode(
            id=node.pk,
            parent_id=node.parent_id,
            max_points=node.max_points,
            method=node.method,
            is_leaf=node.is_leaf,
        )
        for node in nodes
    ]


def leaf_scores(node_score: NodeScore) -> arithmetic.LeafScores:
    return arithmetic.LeafScores(
        self_score=node_score.self_score,
        appraised_score=node_score.appraised_score,
        survey_score=node_score.survey_score,
        not_applicable=node_score.not_applicable,
    )


def framework_nodes(framework: Framework) -> list[FrameworkNode]:
    """The framework's nodes in tree order."""
    return list(framework.nodes.order_by("order"))


def framework_lock(framework_id: int) -> Framework:
    """Lock the framework's row until the transaction ends.

    Every write that recomputes a group's results takes this lock first, so
    two saves in one group run one after the other: ranks and the average are
    computed from committed figures, and the saves never deadlock on each
    other's assessment rows.
    """
    return Framework.objects.select_for_update().get(pk=framework_id)


def framework_lock_for_scoring(framework_id: int) -> Framework:
    """Lock the framework (see `framework_lock`) and refuse changes to
    published results, which must be withdrawn first."""
    framework = framework_lock(framework_id)
    if framework.is_published:
        raise ValidationError(
            _(
                "The %(year)s results of “%(group)s” are published: withdraw the "
                "publication before changing scores."
            )
            % {"year": framework.year, "group": framework.get_group_display()},
            code="published",
        )
    return framework


# --- Building blocks (no policy check) -------------------------------------------------


def store_assessment_results(
    assessments: Sequence[Assessment],
    nodes: Sequence[FrameworkNode] | None = None,
) -> None:
    """Recompute and store the node results and totals of assessments of one
    framework (not the group's ranks; see store_group_results).

    Queries do not grow with the number of assessments: node scores are read
    in one query and written with bulk updates.
    """
    if not assessments:
        return
    framework = assessments[0].framework
    if any(a.framework_id != framework.pk for a in assessments):
        raise ValueError("assessments of one framework at a time")
    with transaction.atomic():
        by_source = {AssessmentSource.NODE_SCORES: [], AssessmentSource.TOTALS: []}
        for assessment in assessments:
            by_source[assessment.source].append(assessment)
        for assessment in by_source[AssessmentSource.TOTALS]:
            assessment.percent = arithmetic.percent_of(
                assessment.total_points, assessment.applicable_max
            )
            assessment.self_percent = None
            assessment.is_provisional = False
        scored = by_source[AssessmentSource.NODE_SCORES]
        if scored:
            nodes = framework_nodes(framework) if nodes is None else nodes
            _recompute_node_scores(framework, scored, nodes)
        Assessment.objects.bulk_update(
            assessments,
            [
                "total_points",
                "applicable_max",
                "percent",
                "self_total",
                "self_percent",
                "is_provisional",
            ],
        )


def _recompute_node_scores(
    framework: Framework,
    assessments: Sequence[Assessment],
    nodes: Sequence[FrameworkNode],
) -> None:
    tree = framework_tree(nodes)
    rows_by_assessment: dict[int, dict[int, NodeScore]] = {
        a.pk: {} for a in assessments
    }
    for row in NodeScore.objects.filter(assessment__in=assessments):
        rows_by_assessment[row.assessment_id][row.node_id] = row
    missing = [
        NodeScore(assessment_id=assessment_id, node=node)
        for assessment_id, rows in rows_by_assessment.items()
        for node in nodes
        if node.pk not in rows
    ]
    for row in NodeScore.objects.bulk_create(missing):
        rows_by_assessment[row.assessment_id][row.node_id] = row
    changed = []
    for assessment in assessments:
        rows = rows_by_assessment[assessment.pk]
        result = arithmetic.compute_tree(
            tree,
            {node_id: leaf_scores(row) for node_id, row in rows.items()},
            low_threshold=framework.low_score_threshold,
        )
        for node in nodes:
            row, computed = rows[node.pk], result.nodes[node.pk]
            new = (
                computed.points,
                computed.applicable_max,
                computed.percent,
                computed.is_low,
            )
            if (row.points, row.applicable_max, row.percent, row.is_low) != new:
                row.points, row.applicable_max, row.percent, row.is_low = new
                changed.append(row)
        assessment.total_points = result.total_points
        assessment.applicable_max = result.applicable_max
        assessment.percent = result.percent
        assessment.self_total = result.self_total
        assessment.self_percent = result.self_percent
        assessment.is_provisional = result.is_provisional
    _store_node_results(changed)


def _store_node_results(rows: Sequence[NodeScore]) -> None:
    """Write the computed columns of many node scores.

    Django's bulk_update builds a CASE expression per row and field in Python
    (about half a millisecond a row: 20 s for a group of 300 agencies on a
    136-node framework); on PostgreSQL one UPDATE … FROM (VALUES …) per batch
    writes the same values in a small fraction of that (bench/pages.py).
    """
    if connection.vendor != "postgresql":
        NodeScore.objects.bulk_update(rows, RESULT_FIELDS, batch_size=1000)
        return
    meta = NodeScore._meta
    fields = [meta.get_field(name) for name in RESULT_FIELDS]
    columns = [f'"{field.column}"' for field in fields]
    casts = [
        "boolean" if isinstance(field, BooleanField) else "numeric" for field in fields
    ]
    assignments = ", ".join(f"{c} = v.{c}" for c in columns)
    row_sql = "(%s::bigint, " + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            params = []
            for row in batch:
                params.append(row.pk)
                params.extend(getattr(row, name) for name in RESULT_FIELDS)
            cursor.execute(
                f'UPDATE "{meta.db_table}" AS t SET {assignments} '
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) "
                f"AS v(id, {', '.join(columns)}) "
                f'WHERE t."{meta.pk.column}" = v.id',
                params,
            )


def store_group_results(framework: Framework) -> Framework:
    """Store the group's ranks, bands, average and count for the framework's year."""
    with transaction.atomic():
        framework_lock(framework.pk)
        assessments = list(
            framework.assessments.only("pk", "percent", "rank", "band_label")
        )
        bands = list(framework.bands.values_list("label", "min_percent"))
        ranks = arithmetic.competition_ranks({a.pk: a.percent for a in assessments})
        for assessment in assessments:
            assessment.rank = ranks[assessment.pk]
            assessment.band_label = arithmetic.band_for(assessment.percent, bands)
        Assessment.objects.bulk_update(assessments, ["rank", "band_label"])
        framework.average_percent = arithmetic.group_average(
            a.percent for a in assessments
        )
        framework.assessed_count = sum(a.percent is not None for a in assessments)
        framework.save(
            update_fields=["average_percent", "assessed_count", "updated_at"]
        )
    return framework


def store_framework_results(framework: Framework) -> Framework:
    """Recompute every assessment of the framework, then the group's results."""
    with transaction.atomic():
        framework_lock(framework.pk)
        store_assessment_results(
            list(framework.assessments.select_related("framework"))
        )
        return store_group_results(framework)


# --- Services ------------------------------------------------------------------------


def assessments_recompute(
    *,
    assessments: Sequence[Assessment],
    actor,
    nodes: Sequence[FrameworkNode] | None = None,
) -> None:
    """Recompute and store the results of assessments of one framework (not
    the group's ranks; see framework_results_recompute)."""
    require(policies.may_recompute_results(actor))
    store_assessment_results(assessments, nodes)


def framework_results_recompute(*, framework: Framework, actor) -> Framework:
    """Store the group's ranks, bands, average and count for the framework's year."""
    require(policies.may_recompute_results(actor, framework))
    return store_group_results(framework)


def framework_scores_recompute(*, framework: Framework, actor) -> Framework:
    """Recompute every assessment of the framework, then the group's results."""
    require(policies.may_recompute_results(actor, framework))
    return store_framework_results(framework)


def assessment_recompute(*, assessment: Assessment, actor) -> Assessment:
    """Recompute one assessment and its group's ranks."""
    require(policies.may_recompute_results(actor, assessment))
    with transaction.atomic():
        framework_lock(assessment.framework_id)
        store_assessment_results([assessment])
        store_group_results(assessment.framework)
    return assessment
