"""Writes of scores and the stored results computed from them.

Every function here that changes an input recomputes what depends on it, so
the stored totals, percentages, sub-indices, low flags, ranks, bands and group
averages are always current and rankings are read with one query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.formatting import shown

from .. import arithmetic
from ..models import (
    Agency,
    Assessment,
    AssessmentSource,
    Framework,
    FrameworkNode,
    NodeScore,
    ScoringMethod,
)

RESULT_FIELDS = ["points", "applicable_max", "percent", "is_low"]
INPUT_FIELDS = [
    "self_score",
    "appraised_score",
    "survey_score",
    "not_applicable",
    "explanation",
    "appraiser_note",
]
SCORE_FIELDS = ("self_score", "appraised_score", "survey_score")


@dataclass(frozen=True)
class ScoreEntry:
    """The inputs of one scored (leaf) node, as typed or imported."""

    self_score: Decimal | None = None
    appraised_score: Decimal | None = None
    survey_score: Decimal | None = None
    not_applicable: bool = False
    explanation: str = ""
    appraiser_note: str = ""

    @classmethod
    def of(cls, node_score: NodeScore) -> ScoreEntry:
        return cls(**{f.name: getattr(node_score, f.name) for f in fields(cls)})

    def changed_fields(self, other: ScoreEntry) -> list[str]:
        return [
            f.name
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]

    def fingerprint(self) -> str:
        """A short digest of the inputs, equal for equal values (14.5 == 14.50).

        Score forms carry the fingerprint of each row as the user saw it, so a
        save can tell the user's own edits from a colleague's meanwhile.
        """
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = value.quantize(Decimal("0.01"))
            elif isinstance(value, str):
                value = value.strip()
            parts.append(f"{f.name}={value}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def entry_problems(node: FrameworkNode, entry: ScoreEntry) -> list[tuple[str, str]]:
    """Why `entry` is not acceptable for `node`: (input field, message) pairs."""
    problems = []
    labels = {
        "self_score": _("self score"),
        "appraised_score": _("appraised score"),
        "survey_score": _("survey score"),
    }
    for name in SCORE_FIELDS:
        value = getattr(entry, name)
        if value is None:
            continue
        if value < 0 or value > node.max_points:
            problems.append(
                (
                    name,
                    _("%(code)s – %(field)s: %(value)s is outside 0 – %(max)s.")
                    % {
                        "code": node.code,
                        "field": labels[name],
                        "value": shown(value),
                        "max": shown(node.max_points),
                    },
                )
            )
        elif value != value.quantize(arithmetic.CENT):
            problems.append(
                (
                    name,
                    _("%(code)s – %(field)s: at most two decimals.")
                    % {"code": node.code, "field": labels[name]},
                )
            )
    if node.method == ScoringMethod.SURVEY and entry.appraised_score is not None:
        problems.append(
            (
                "appraised_score",
                _(
                    "%(code)s is scored by the sociological survey: enter a survey "
                    "score, not an appraised score."
                )
                % {"code": node.code},
            )
        )
    if node.method == ScoringMethod.APPRAISAL and entry.survey_score is not None:
        problems.append(
            (
                "survey_score",
                _("%(code)s is scored by appraisal: a survey score is not accepted.")
                % {"code": node.code},
            )
        )
    return problems


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


def _framework_nodes(framework: Framework) -> list[FrameworkNode]:
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


def _check_assessment(framework: Framework, agency: Agency) -> None:
    if agency.group != framework.group:
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s is in the group “%(agency_group)s”; the framework is for “%(group)s”."
                )
                % {
                    "agency": agency,
                    "agency_group": agency.get_group_display(),
                    "group": framework.get_group_display(),
                }
            }
        )
    if not Agency.objects.filter(pk=agency.pk).active_in_year(framework.year).exists():
        raise ValidationError(
            {
                "agency": _("%(agency)s did not exist in %(year)s.")
                % {"agency": agency, "year": framework.year}
            }
        )


@transaction.atomic
def assessment_open(
    *,
    framework: Framework,
    agency: Agency,
    is_illustrative: bool = False,
    note: str = "",
    nodes: Sequence[FrameworkNode] | None = None,
) -> Assessment:
    """Create the agency's assessment for the framework's year, with an empty
    score row for every node.

    Raises ValidationError when the agency is of another group, did not exist
    that year or already has an assessment.
    """
    framework_lock_for_scoring(framework.pk)
    _check_assessment(framework, agency)
    assessment = Assessment(
        framework=framework,
        agency=agency,
        year=framework.year,
        source=AssessmentSource.NODE_SCORES,
        is_illustrative=is_illustrative,
        note=note,
    )
    assessment.full_clean()
    assessment.save()
    nodes = _framework_nodes(framework) if nodes is None else nodes
    NodeScore.objects.bulk_create(
        NodeScore(assessment=assessment, node=node) for node in nodes
    )
    return assessment


@transaction.atomic
def assessment_update(
    *, assessment: Assessment, note: str, is_illustrative: bool, actor=None
) -> Assessment:
    """Change the assessment's note and whether its figures are illustrative
    (the scores themselves change through assessment_scores_update)."""
    assessment.note = note.strip()
    assessment.is_illustrative = is_illustrative
    assessment.full_clean()
    if actor is not None:
        assessment._history_user = actor
    assessment.save(update_fields=["note", "is_illustrative", "updated_at"])
    return assessment


@transaction.atomic
def framework_assessments_open(*, framework: Framework) -> list[Assessment]:
    """Open an assessment for every agency of the group active in the year that
    has none yet; returns the new ones."""
    existing = set(
        Assessment.objects.filter(year=framework.year).values_list(
            "agency_id", flat=True
        )
    )
    agencies = (
        Agency.objects.active_in_year(framework.year)
        .filter(group=framework.group)
        .exclude(pk__in=existing)
        .order_by("name")
    )
    nodes = _framework_nodes(framework)
    opened = [
        assessment_open(framework=framework, agency=agency, nodes=nodes)
        for agency in agencies
    ]
    if opened:
        assessments_recompute(assessments=opened, nodes=nodes)
        framework_results_recompute(framework=framework)
    return opened


def assessments_recompute(
    *,
    assessments: Sequence[Assessment],
    nodes: Sequence[FrameworkNode] | None = None,
) -> None:
    """Recompute and store the node results and totals of assessments of one
    framework (not the group's ranks; see framework_results_recompute).

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
            nodes = _framework_nodes(framework) if nodes is None else nodes
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


def framework_results_recompute(*, framework: Framework) -> Framework:
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


@transaction.atomic
def framework_scores_recompute(*, framework: Framework) -> Framework:
    """Recompute every assessment of the framework, then the group's results."""
    framework_lock(framework.pk)
    assessments = list(framework.assessments.select_related("framework"))
    assessments_recompute(assessments=assessments)
    return framework_results_recompute(framework=framework)


def apply_entries(
    *,
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    nodes_by_id: Mapping[int, FrameworkNode],
    actor=None,
    reason: str = "",
) -> list[NodeScore]:
    """Write the changed inputs of `entries` ({node id: entry}) with history.

    Validates every entry first (leaf of the framework, 0 ≤ score ≤ maximum)
    and raises one ValidationError listing every problem. Does not recompute.
    """
    problems = []
    for node_id, entry in entries.items():
        node = nodes_by_id.get(node_id)
        if node is None or node.framework_id != assessment.framework_id:
            problems.append(_("A node is not part of the assessment's framework."))
        elif not node.is_leaf:
            problems.append(
                _("%(code)s has sub-criteria: scores are entered on its sub-criteria.")
                % {"code": node.code}
            )
        else:
            problems.extend(message for _field, message in entry_problems(node, entry))
    if problems:
        raise ValidationError(problems)
    rows = {
        row.node_id: row
        for row in NodeScore.objects.filter(assessment=assessment, node_id__in=entries)
    }
    changed = []
    for node_id, entry in entries.items():
        row = rows.get(node_id) or NodeScore(assessment=assessment, node_id=node_id)
        if row.pk and not entry.changed_fields(ScoreEntry.of(row)):
            continue
        for name in INPUT_FIELDS:
            setattr(row, name, getattr(entry, name))
        if row.pk is None:
            row.save()
        changed.append(row)
    if changed:
        bulk_update_with_history(
            changed,
            NodeScore,
            INPUT_FIELDS,
            default_user=actor,
            default_change_reason=reason or None,
        )
    return changed


@transaction.atomic
def assessment_scores_update(
    *,
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    actor=None,
    reason: str = "",
    seen: Mapping[int, str] | None = None,
) -> list[NodeScore]:
    """Save typed scores of an assessment and bring every result up to date.

    `entries` maps node ids (leaves of the assessment's framework) to their new
    inputs. Raises ValidationError naming each node code whose score is out of
    0 – maximum, and refuses changes to published results. Returns the rows
    whose inputs changed; history is kept.

    `seen` (node id → `ScoreEntry.fingerprint()` of the row as the form showed
    it) makes the save safe against a colleague's edit in between: a row the
    user left as seen is not written (their edit stays), a row only the user
    changed is written, and a row both changed refuses the whole save with
    code "stale", naming the nodes, so nothing is silently overwritten.
    """
    if assessment.source != AssessmentSource.NODE_SCORES:
        raise ValidationError(
            _("This assessment holds published totals only; it has no per-node scores.")
        )
    framework_lock_for_scoring(assessment.framework_id)
    nodes = _framework_nodes(assessment.framework)
    if seen is not None:
        entries = _entries_changed_since_seen(assessment, entries, seen, nodes)
    changed = apply_entries(
        assessment=assessment,
        entries=entries,
        nodes_by_id={node.pk: node for node in nodes},
        actor=actor,
        reason=reason,
    )
    assessments_recompute(assessments=[assessment], nodes=nodes)
    framework_results_recompute(framework=assessment.framework)
    return changed


def _entries_changed_since_seen(
    assessment: Assessment,
    entries: Mapping[int, ScoreEntry],
    seen: Mapping[int, str],
    nodes: Sequence[FrameworkNode],
) -> dict[int, ScoreEntry]:
    """The entries the user changed, refusing rows a colleague changed too."""
    stored = {
        row.node_id: ScoreEntry.of(row)
        for row in NodeScore.objects.filter(assessment=assessment, node_id__in=entries)
    }
    codes = {node.pk: node.code for node in nodes}
    wanted, conflicts = {}, []
    for node_id, entry in entries.items():
        before = seen.get(node_id)
        if before is not None and entry.fingerprint() == before:
            continue  # untouched by this user
        current = stored.get(node_id, ScoreEntry())
        if before is None or current.fingerprint() == before:
            wanted[node_id] = entry
        elif current != entry:
            conflicts.append(codes.get(node_id, "?"))
    if conflicts:
        raise ValidationError(
            _(
                "Someone else changed %(codes)s after you opened this page. The "
                "form now shows their values beside yours: check them and save again."
            )
            % {"codes": ", ".join(sorted(conflicts))},
            code="stale",
            params={"codes": conflicts},
        )
    return wanted


@transaction.atomic
def assessment_totals_set(
    *,
    framework: Framework,
    agency: Agency,
    total_points: Decimal,
    applicable_max: Decimal,
    is_illustrative: bool = False,
    recompute_group: bool = True,
) -> tuple[Assessment, bool]:
    """Record a published total for a year known only by totals; returns
    (assessment, created). Refuses to overwrite per-node scores."""
    framework_lock_for_scoring(framework.pk)
    if not (0 <= total_points <= applicable_max) or applicable_max <= 0:
        raise ValidationError(
            {"total_points": _("The score must be between 0 and the maximum score.")}
        )
    if applicable_max > framework.total_points:
        raise ValidationError(
            {
                "applicable_max": _(
                    "The maximum score is above the framework total %(total)s."
                )
                % {"total": shown(framework.total_points)}
            }
        )
    assessment = Assessment.objects.filter(agency=agency, year=framework.year).first()
    created = assessment is None
    if created:
        _check_assessment(framework, agency)
        assessment = Assessment(
            framework=framework,
            agency=agency,
            year=framework.year,
            source=AssessmentSource.TOTALS,
        )
    elif assessment.source != AssessmentSource.TOTALS:
        raise ValidationError(
            _(
                "%(agency)s already has per-node scores for %(year)s; totals would overwrite them."
            )
            % {"agency": agency, "year": framework.year}
        )
    assessment.total_points = total_points
    assessment.applicable_max = applicable_max
    assessment.is_illustrative = is_illustrative
    assessment.percent = arithmetic.percent_of(total_points, applicable_max)
    assessment.full_clean()
    assessment.save()
    if recompute_group:
        framework_results_recompute(framework=framework)
    return assessment, created


def frameworks_results_recompute(frameworks: Iterable[Framework]) -> None:
    for framework in {f.pk: f for f in frameworks}.values():
        framework_results_recompute(framework=framework)


def assessment_recompute(*, assessment: Assessment) -> Assessment:
    """Recompute one assessment and its group's ranks (see assessments_recompute)."""
    with transaction.atomic():
        framework_lock(assessment.framework_id)
        assessments_recompute(assessments=[assessment])
        framework_results_recompute(framework=assessment.framework)
    return assessment
